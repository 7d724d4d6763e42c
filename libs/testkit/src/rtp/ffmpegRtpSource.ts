import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { audioArgs, videoArgs, type AudioArgs, type RtpOutput, type VideoArgs, type VideoLayer } from './ffmpegArgs.js';
import { isRtcp } from './rtpPacket.js';
import { TiedProcess } from '@huddle/services';

/** A single 360p stream at ~500 kbit/s. */
export const SINGLE_LAYER: readonly VideoLayer[] = [{ width: 640, height: 360, bitrate: 500_000 }];
/** Three simulcast layers, smallest first (the order of simulcast encodings): quarter, half and full size. */
export const SIMULCAST_LAYERS: readonly VideoLayer[] = [
  { width: 160, height: 90, bitrate: 80_000 },
  { width: 320, height: 180, bitrate: 200_000 },
  { width: 640, height: 360, bitrate: 500_000 },
];

export type FfmpegRtpSourceOptions =
  | {
      kind: 'audio';
      /** default 32 kbit/s */ bitrate?: number;
      /** Hz, default 440 */ frequency?: number;
      payloadType?: number;
    }
  | {
      kind: 'video';
      /** default SINGLE_LAYER; several layers = simulcast from one ffmpeg process */
      layers?: readonly VideoLayer[];
      /** default 15 */
      frameRate?: number;
      /** lavfi pattern, default testsrc2 */
      pattern?: string;
      payloadType?: number;
    };

/** One RTP stream the source sends: its SSRC and payload type, and for video the layer it carries. */
export type SourceEncoding = { ssrc: number; payloadType: number; layer?: VideoLayer };

/** A packet from ffmpeg: RTP, or an RTCP Sender Report (compound with SDES) of encoding `encoding`. */
export type SourcePacket = { encoding: number; rtcp: boolean; data: Buffer };

/** Dynamic payload types ffmpeg is told to use (any free dynamic type would do). */
export const VP8_PAYLOAD_TYPE = 96;
export const OPUS_PAYLOAD_TYPE = 111;

const FIRST_PACKET_TIMEOUT_MS = 10_000;

function bindLoopback(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      // A receive error on a loopback socket loses a packet at worst; unhandled, it would end the process.
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

type VideoSourceOptions = Extract<FfmpegRtpSourceOptions, { kind: 'video' }>;
type AudioSourceOptions = Extract<FfmpegRtpSourceOptions, { kind: 'audio' }>;

function videoOptions(options: VideoSourceOptions, outputs: RtpOutput[]): VideoArgs {
  return {
    layers: options.layers ?? SINGLE_LAYER,
    frameRate: options.frameRate ?? 15,
    pattern: options.pattern ?? 'testsrc2',
    outputs,
  };
}

function audioOptions(options: AudioSourceOptions, outputs: RtpOutput[]): AudioArgs {
  const [output] = outputs;
  if (!output) throw new Error('an audio source needs one RTP output');
  return { bitrate: options.bitrate ?? 32_000, frequency: options.frequency ?? 440, output };
}

/** Resolves when `firstPackets` does; rejects when ffmpeg exits first or nothing comes in time. */
function untilFirstPackets(firstPackets: Promise<unknown>, ffmpeg: TiedProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`ffmpeg sent no media within ${FIRST_PACKET_TIMEOUT_MS} ms: ${ffmpeg.output.trim()}`)),
      FIRST_PACKET_TIMEOUT_MS,
    );
    firstPackets.then(() => {
      clearTimeout(timer);
      resolve();
    }, reject);
    void ffmpeg.exited().then((code) => {
      clearTimeout(timer);
      reject(new Error(`ffmpeg exited with code ${code} before sending media: ${ffmpeg.output.trim()}`));
    });
  });
}

/**
 * Synthetic media from one ffmpeg process as plain RTP over loopback UDP: an Opus sine tone or a VP8 test
 * pattern (one layer or simulcast). The source opens one UDP socket per encoding, tells ffmpeg to send RTP
 * and RTCP there, and hands every packet to `onPacket`. Free of any signaling: whoever consumes the packets
 * (a WebRTC track, a PlainTransport) declares the encodings' SSRCs and payload types itself.
 */
export class FfmpegRtpSource {
  readonly kind: 'audio' | 'video';
  readonly encodings: readonly SourceEncoding[];
  readonly cname: string;
  readonly #sockets: Socket[];
  readonly #ffmpeg: TiedProcess;

  private constructor(
    kind: 'audio' | 'video',
    encodings: SourceEncoding[],
    cname: string,
    sockets: Socket[],
    ffmpeg: TiedProcess,
  ) {
    this.kind = kind;
    this.encodings = encodings;
    this.cname = cname;
    this.#sockets = sockets;
    this.#ffmpeg = ffmpeg;
  }

  /** Starts ffmpeg and resolves once every encoding delivered its first packet; on failure nothing is left running. */
  static async start(
    options: FfmpegRtpSourceOptions,
    onPacket: (packet: SourcePacket) => void,
  ): Promise<FfmpegRtpSource> {
    const layers = options.kind === 'video' ? (options.layers ?? SINGLE_LAYER) : [undefined];
    const payloadType = options.payloadType ?? (options.kind === 'video' ? VP8_PAYLOAD_TYPE : OPUS_PAYLOAD_TYPE);
    const cname = `testkit-${randomInt(1, 2 ** 31).toString(36)}`;
    const sockets: Socket[] = [];
    let ffmpeg: TiedProcess | undefined;
    try {
      for (let index = 0; index < layers.length; index++) sockets.push(await bindLoopback());
      // ffmpeg's -ssrc takes a signed 32-bit int: stay in the positive half.
      const encodings = layers.map((layer) => ({
        ssrc: randomInt(1, 2 ** 31),
        payloadType,
        ...(layer ? { layer } : {}),
      }));
      const outputs: RtpOutput[] = encodings.map((encoding, index) => ({
        ssrc: encoding.ssrc,
        payloadType,
        port: sockets[index]?.address().port ?? 0,
      }));
      const firstPackets = sockets.map(
        (socket, encoding) =>
          new Promise<void>((resolve) => {
            socket.on('message', (data) => {
              onPacket({ encoding, rtcp: isRtcp(data), data });
              resolve();
            });
          }),
      );
      const args =
        options.kind === 'video'
          ? videoArgs(videoOptions(options, outputs), cname)
          : audioArgs(audioOptions(options, outputs), cname);
      ffmpeg = new TiedProcess('ffmpeg', args);
      await untilFirstPackets(Promise.all(firstPackets), ffmpeg);
      return new FfmpegRtpSource(options.kind, encodings, cname, sockets, ffmpeg);
    } catch (error) {
      await ffmpeg?.stop();
      for (const socket of sockets) socket.close();
      throw error;
    }
  }

  /** Whether ffmpeg still runs (it stops only when told to, unless it fails). */
  get running(): boolean {
    return this.#ffmpeg.running;
  }

  /** Kills ffmpeg (waiting until it is gone) and closes the sockets; idempotent. */
  async stop(): Promise<void> {
    await this.#ffmpeg.stop();
    for (const socket of this.#sockets.splice(0)) socket.close();
  }
}
