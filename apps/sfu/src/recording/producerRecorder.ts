import { randomUUID } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import type { Peer } from '../rooms/peer.js';
import type { PeerProducer } from '../rooms/types.js';
import { recorderNow } from './captureClock.js';
import { describeExit, type ProcessExit } from './ffmpegProcess.js';
import type { Tools } from './mediaFiles.js';
import { isRtcp, parseRtp, startsKeyFrame } from './rtp.js';
import { codecName } from './sdp.js';
import { SegmentWriter, type SegmentEnd } from './segmentWriter.js';
import { trackFileName } from './storage.js';
import type { FreshPortPairs } from './udpPorts.js';

/** No packet for this long (a stall, a sender gone quiet) ends the current file; the next packet starts another. */
const GAP_MS = 3_000;
/** While waiting for a key frame to start a file, ask for one this often. */
const KEY_FRAME_REQUEST_MS = 1_000;

export type TrackFile = {
  trackId: string;
  /** File name inside the recording's directory. */
  file: string;
  path: string;
  format: 'webm' | 'matroska';
  peer: Peer;
  producer: PeerProducer;
  codec: string;
};

/** What a producer's recorder needs of its recording. */
export interface RecorderHost {
  /** The recording's directory (absolute). */
  readonly dir: string;
  readonly tools: Tools;
  readonly ports: FreshPortPairs;
  readonly log: Logger;
  trackStarted(track: TrackFile): void;
  trackEnded(track: TrackFile, end: SegmentEnd): Promise<void>;
  /** A recorder process died: the recording fails with this reason. */
  crashed(reason: string): void;
}

function bindLoopback(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/** What the consumer may receive: exactly the producer's codec as the router offers it, without RTX or feedback. */
function recorderCapabilities(router: types.Router, producer: PeerProducer): types.RtpCapabilities {
  const mimeType = producer.rtpParameters.codecs[0]?.mimeType.toLowerCase();
  const codecs = (router.rtpCapabilities.codecs ?? [])
    .filter((codec) => codec.mimeType.toLowerCase() === mimeType)
    .map((codec) => ({ ...codec, rtcpFeedback: [] }));
  return { codecs, headerExtensions: [] };
}

/**
 * Records one producer: a PlainTransport on the producer's router sends a consumer of it to a UDP socket of ours on
 * 127.0.0.1 (a fresh port each time), and we hand each packet to the current file's ffmpeg. A file starts at a key
 * frame (one is asked for) and ends when the producer pauses, when its media stalls, or at `stop()`; the next
 * packet after that starts the next file. Closing the transport closes the consumer; the router closing (the room
 * ended) closes the transport, which stops the recorder.
 */
export class ProducerRecorder {
  readonly #host: RecorderHost;
  readonly #peer: Peer;
  readonly #producer: PeerProducer;
  readonly #transport: types.PlainTransport;
  readonly #consumer: types.Consumer;
  readonly #socket: Socket;
  readonly #codec: types.RtpCodecParameters;
  readonly #video: boolean;
  readonly #endings = new Set<Promise<void>>();
  #segment: { writer: SegmentWriter; track: TrackFile } | undefined;
  #segments = 0;
  #gapTimer: NodeJS.Timeout | undefined;
  #lastKeyFrameRequest = 0;
  #stopped = false;
  #closing: Promise<void> | undefined;

  private constructor(
    host: RecorderHost,
    owner: { peer: Peer; producer: PeerProducer },
    media: { transport: types.PlainTransport; consumer: types.Consumer; socket: Socket },
  ) {
    this.#host = host;
    this.#peer = owner.peer;
    this.#producer = owner.producer;
    this.#transport = media.transport;
    this.#consumer = media.consumer;
    this.#socket = media.socket;
    const codec = media.consumer.rtpParameters.codecs[0];
    if (!codec) throw new Error('the recording consumer has no codec');
    this.#codec = codec;
    this.#video = media.consumer.kind === 'video';
    this.#socket.on('message', (packet, from) => this.#receive(packet, from));
    this.#producer.observer.on('pause', () => this.#endSegment());
    this.#producer.observer.on('resume', () => this.#requestKeyFrame(true));
    this.#producer.observer.once('close', () => void this.stop());
    this.#transport.observer.once('close', () => void this.stop());
  }

  /**
   * Starts recording `producer`. Undefined when the producer, its peer or its router closed meanwhile (nothing is
   * left behind); every await that makes a mediasoup object is followed by that check.
   */
  static async start(host: RecorderHost, peer: Peer, producer: PeerProducer): Promise<ProducerRecorder | undefined> {
    const router = peer.router.router;
    const gone = (): boolean => producer.closed || router.closed || peer.closed;
    const socket = await bindLoopback();
    let transport: types.PlainTransport | undefined;
    let started = false;
    try {
      if (gone()) return undefined;
      transport = await router.createPlainTransport({
        listenIp: { ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: false,
        appData: { recording: true },
      });
      if (gone()) return undefined;
      await transport.connect({ ip: '127.0.0.1', port: socket.address().port });
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: recorderCapabilities(router, producer),
        paused: true,
      });
      if (gone() || transport.closed) return undefined;
      const recorder = new ProducerRecorder(host, { peer, producer }, { transport, consumer, socket });
      started = true;
      try {
        await consumer.resume();
      } catch (error) {
        await recorder.stop();
        if (gone()) return undefined;
        throw error;
      }
      recorder.#requestKeyFrame(true);
      return recorder;
    } catch (error) {
      if (gone()) return undefined;
      throw error;
    } finally {
      if (!started) {
        transport?.close();
        socket.close();
      }
    }
  }

  get producer(): PeerProducer {
    return this.#producer;
  }

  /** ffmpeg's pid for the file being written now, if any (tests kill it). */
  get ffmpegPid(): number | undefined {
    return this.#segment?.writer.pid;
  }

  /** Ends the current file and releases everything; resolves once every file is finished. Idempotent. */
  async stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#transport.close();
      this.#endSegment();
      this.#closing = (async () => {
        while (this.#endings.size > 0) await Promise.all(this.#endings);
        // The socket sends the BYEs that end the files: it closes last.
        this.#socket.close();
      })();
    }
    await this.#closing;
  }

  #receive(packet: Buffer, from: RemoteInfo): void {
    if (this.#stopped || from.port !== this.#transport.tuple.localPort || isRtcp(packet)) return;
    const rtp = parseRtp(packet);
    if (!rtp) return;
    const arrival = recorderNow();
    if (!this.#segment) {
      if (this.#producer.paused) return;
      if (this.#video && !startsKeyFrame(codecName(this.#codec), rtp.payload)) {
        this.#requestKeyFrame(false);
        return;
      }
      this.#openSegment();
    }
    this.#segment?.writer.write(packet, rtp.timestamp, arrival);
    this.#armGapTimer();
  }

  #openSegment(): void {
    this.#segments += 1;
    const name = codecName(this.#codec);
    const format = name === 'H264' ? 'matroska' : 'webm';
    const file = trackFileName(
      { displayName: this.#peer.displayName, peerId: this.#peer.id },
      this.#producer.appData.source,
      this.#segments,
      format === 'webm' ? 'webm' : 'mkv',
    );
    const track: TrackFile = {
      trackId: randomUUID(),
      file,
      path: join(this.#host.dir, file),
      format,
      peer: this.#peer,
      producer: this.#producer,
      codec: name,
    };
    const writer = new SegmentWriter({
      path: track.path,
      codec: this.#codec,
      ffmpegPath: this.#host.tools.ffmpegPath,
      ports: this.#host.ports,
      send: (packet, port) => this.#socket.send(packet, port, '127.0.0.1'),
      onCrash: (exit, output) => this.#crashed(track, exit, output),
    });
    this.#segment = { writer, track };
    this.#host.trackStarted(track);
  }

  #crashed(track: TrackFile, exit: ProcessExit, output: string): void {
    const last = output.split('\n').at(-1)?.trim();
    const who = `${this.#peer.displayName}'s ${this.#producer.appData.source}`;
    this.#host.crashed(`the recorder of ${who} (ffmpeg) ${describeExit(exit)}${last ? `: ${last}` : ''}`);
    if (this.#segment?.track === track) this.#endSegment();
  }

  #endSegment(): void {
    clearTimeout(this.#gapTimer);
    const segment = this.#segment;
    if (!segment) return;
    this.#segment = undefined;
    const ending = segment.writer
      .end()
      .then((end) => this.#host.trackEnded(segment.track, end))
      .catch((error: unknown) =>
        this.#host.log.error({ err: error, file: segment.track.file }, 'could not finish a recorded track'),
      );
    this.#endings.add(ending);
    void ending.finally(() => this.#endings.delete(ending));
  }

  #armGapTimer(): void {
    clearTimeout(this.#gapTimer);
    this.#gapTimer = setTimeout(() => this.#endSegment(), GAP_MS);
  }

  #requestKeyFrame(now: boolean): void {
    if (!this.#video || this.#consumer.closed) return;
    const at = Date.now();
    if (!now && at - this.#lastKeyFrameRequest < KEY_FRAME_REQUEST_MS) return;
    this.#lastKeyFrameRequest = at;
    this.#consumer.requestKeyFrame().catch(() => undefined);
  }
}
