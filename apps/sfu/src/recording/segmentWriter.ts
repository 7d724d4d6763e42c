import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import { CaptureClock } from './captureClock.js';
import { TiedFfmpeg, type ProcessExit } from './ffmpegProcess.js';
import { rtcpBye } from './rtp.js';
import { trackSdp } from './sdp.js';
import type { FreshPortPairs } from './udpPorts.js';
import { waitUntilBound } from './udpPorts.js';

/** Packets kept while ffmpeg starts (a few seconds of video at most); past it the oldest go. */
const MAX_BUFFERED = 3_000;
/** ffmpeg normally binds its ports within a few hundred ms. */
const LISTEN_TIMEOUT_MS = 10_000;
/** A BYE ends ffmpeg's input; writing the trailer takes a moment. */
const EXIT_TIMEOUT_MS = 10_000;

export type SegmentSpec = {
  /** Absolute path of the file to write. */
  path: string;
  codec: types.RtpCodecParameters;
  ffmpegPath: string;
  ports: FreshPortPairs;
  /** Sends a datagram to ffmpeg on 127.0.0.1 (from the recorder's socket). */
  send(packet: Buffer, port: number): void;
  /** ffmpeg stopped without being asked (crash, kill, full disk): the segment is over. */
  onCrash(exit: ProcessExit, output: string): void;
};

/** How a segment ended: ffmpeg's exit, when its first sample was captured, and how long it is. */
export type SegmentEnd = { exit: ProcessExit; clean: boolean; startedAt: number | undefined; spanMs: number };

function ffmpegArgs(sdpFile: string, path: string, codec: types.RtpCodecParameters): string[] {
  const webm = ['VP8', 'VP9', 'opus'].some((name) => codec.mimeType.toLowerCase().endsWith(`/${name.toLowerCase()}`));
  // prettier-ignore
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-protocol_whitelist', 'file,udp,rtp',
    // Wait for packets for ever (a BYE ends the input). ffmpeg 5.1 listens on every address (its localaddr and
    // filter_src options make it receive nothing); the ports are random and live only as long as the file.
    '-listen_timeout', '-1',
    '-i', sdpFile,
    '-map', '0', '-c', 'copy',
    '-f', webm ? 'webm' : 'matroska',
    // Short clusters, flushed as they close: a crash loses at most the last second.
    '-cluster_time_limit', '1000',
    '-flush_packets', '1',
    '-y', path,
  ];
}

/**
 * One file of one track: an ffmpeg process that reads the consumer's RTP from a fresh UDP port pair (described by
 * an SDP file next to the output) and copies it into WebM, or Matroska for H.264. The first packet it gets starts a
 * key frame (the caller sees to that); packets that come while ffmpeg starts are kept and sent once it listens
 * (also when the segment ends meanwhile). `end()` sends a BYE, so ffmpeg finishes the file itself.
 */
export class SegmentWriter {
  readonly clock: CaptureClock;
  readonly #spec: SegmentSpec;
  readonly #sdpFile: string;
  readonly #ready: Promise<void>;
  #port: number | undefined;
  #ffmpeg: TiedFfmpeg | undefined;
  #buffered: Buffer[] = [];
  #ending = false;
  #crashed = false;
  #ssrc = 0;

  constructor(spec: SegmentSpec) {
    this.#spec = spec;
    this.#sdpFile = `${spec.path}.sdp`;
    this.clock = new CaptureClock(spec.codec.clockRate, spec.codec.mimeType.startsWith('audio/'));
    this.#ready = this.#start();
    this.#ready.catch((error: unknown) => this.#fail({ code: null, signal: null }, String(error)));
  }

  /** Times the packet, then hands it to ffmpeg (or keeps it until ffmpeg listens). */
  write(packet: Buffer, timestamp: number, arrivalMs: number): void {
    if (this.#ending || this.#crashed) return;
    this.clock.observe(timestamp, arrivalMs);
    this.#ssrc = packet.readUInt32BE(8);
    const port = this.#port;
    if (this.#buffered.length === 0 && port !== undefined && this.#ffmpeg?.running) {
      this.#spec.send(packet, port);
      return;
    }
    this.#buffered.push(packet);
    if (this.#buffered.length > MAX_BUFFERED) this.#buffered.shift();
  }

  /** ffmpeg's pid (tests kill it to see a crash handled). */
  get pid(): number | undefined {
    return this.#ffmpeg?.pid;
  }

  /** Ends the file: a BYE makes ffmpeg finish it; a process that does not exit in time is killed. Idempotent. */
  async end(): Promise<SegmentEnd> {
    this.#ending = true;
    await this.#ready.catch(() => undefined);
    const ffmpeg = this.#ffmpeg;
    let exit: ProcessExit = { code: null, signal: null };
    if (ffmpeg) {
      if (ffmpeg.running && this.#port !== undefined) this.#spec.send(rtcpBye(this.#ssrc), this.#port);
      exit = await ffmpeg.exitWithin(EXIT_TIMEOUT_MS);
    }
    await rm(this.#sdpFile, { force: true });
    return {
      exit,
      clean: !this.#crashed && exit.code === 0,
      startedAt: this.clock.startedAt,
      spanMs: this.clock.spanMs,
    };
  }

  async #start(): Promise<void> {
    const port = await this.#spec.ports.next();
    await writeFile(this.#sdpFile, trackSdp(this.#spec.codec, port));
    if (this.#ending && this.#buffered.length === 0) return;
    const ffmpeg = new TiedFfmpeg(this.#spec.ffmpegPath, ffmpegArgs(this.#sdpFile, this.#spec.path, this.#spec.codec), {
      cwd: join(this.#spec.path, '..'),
    });
    this.#ffmpeg = ffmpeg;
    void ffmpeg.exited.then((exit) => {
      if (!this.#ending) this.#fail(exit, ffmpeg.output);
    });
    // Ended meanwhile or not, what was kept goes into the file: `end()` waits for this, then sends the BYE.
    if (!(await waitUntilBound(port, LISTEN_TIMEOUT_MS, () => !ffmpeg.running))) {
      if (ffmpeg.running) {
        ffmpeg.kill();
        throw new Error(`ffmpeg did not listen on port ${port} within ${LISTEN_TIMEOUT_MS} ms`);
      }
      return;
    }
    this.#port = port;
    for (const packet of this.#buffered.splice(0)) this.#spec.send(packet, port);
  }

  #fail(exit: ProcessExit, output: string): void {
    if (this.#crashed || this.#ending) return;
    this.#crashed = true;
    this.#spec.onCrash(exit, output);
  }
}
