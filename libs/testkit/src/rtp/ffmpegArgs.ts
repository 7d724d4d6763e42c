import { timecodedAudio, timecodedVideo } from './timecode.js';

/** One encoding ffmpeg produces: a simulcast layer, the only video stream, or the audio stream. */
export type VideoLayer = { width: number; height: number; /** bits per second */ bitrate: number };

/** Where one encoding's RTP (and, on the same port, its RTCP Sender Reports) goes. */
export type RtpOutput = { ssrc: number; payloadType: number; port: number };

export type VideoArgs = {
  layers: readonly VideoLayer[];
  frameRate: number;
  /** lavfi test pattern: testsrc2 (moving, colourful) or any other lavfi video source name. */
  pattern: string;
  outputs: readonly RtpOutput[];
};

export type AudioArgs = { bitrate: number; frequency: number; output: RtpOutput };

/** Every packet ffmpeg sends stays below a typical MTU once SRTP (10-byte tag) and UDP/IP headers are added. */
export const RTP_PACKET_SIZE = 1200;
/** Key frame every second: a receiver (a recorder, a simulcast layer switch) waits at most that long for a picture. */
export const KEY_FRAME_INTERVAL_S = 1;

const COMMON = ['-hide_banner', '-loglevel', 'error', '-nostdin'];

/** The destination: RTCP goes to the RTP port too (rtcp-mux), so one socket per encoding gets both. */
function rtpUrl(output: RtpOutput): string {
  return `rtp://127.0.0.1:${output.port}?pkt_size=${RTP_PACKET_SIZE}&rtcpport=${output.port}`;
}

function rtpMuxer(output: RtpOutput, cname: string): string[] {
  // ffmpeg's RTP muxer sends an RTCP Sender Report with its first packet and every 5 s after.
  // prettier-ignore
  return [
    '-f', 'rtp',
    '-payload_type', String(output.payloadType),
    '-ssrc', String(output.ssrc),
    '-cname', cname,
    rtpUrl(output),
  ];
}

/**
 * libvpx VP8 for live RTP, cheap enough to run a few encoders on a shared core:
 * - `-deadline realtime -cpu-used 8`: the fastest realtime preset (quality is irrelevant for a test pattern);
 * - `-g`/`-keyint_min` = 1 s of frames: periodic key frames, since ffmpeg cannot answer PLI/FIR requests;
 * - `-auto-alt-ref 0 -lag-in-frames 0`: no look-ahead, every frame is sent as soon as it is encoded;
 * - `-error-resilient 1`: frames stay decodable after a lost packet;
 * - `-b:v = -minrate = -maxrate`, 1 s buffer: constant bitrate, so measured bitrates tell layers apart;
 * - `-threads 1`: one core per encoder at most, predictable CPU.
 */
function vp8Encoder(layer: VideoLayer, frameRate: number): string[] {
  const gop = String(Math.round(frameRate * KEY_FRAME_INTERVAL_S));
  const rate = String(layer.bitrate);
  // prettier-ignore
  return [
    '-c:v', 'libvpx',
    '-deadline', 'realtime',
    '-cpu-used', '8',
    '-threads', '1',
    '-g', gop,
    '-keyint_min', gop,
    '-auto-alt-ref', '0',
    '-lag-in-frames', '0',
    '-error-resilient', '1',
    '-b:v', rate,
    '-minrate', rate,
    '-maxrate', rate,
    '-bufsize', rate,
    '-pix_fmt', 'yuv420p',
  ];
}

/** `[0:v]split=3[s0][s1][s2];[s0]scale=160:90[v0];…;[s2]null[v2]`: one scaled copy per layer, the top one as is. */
function splitFilter(layers: readonly VideoLayer[], top: VideoLayer): string {
  const copies = layers.map((_, index) => `[s${index}]`).join('');
  const scaled = layers.map((layer, index) =>
    layer === top ? `[s${index}]null[v${index}]` : `[s${index}]scale=${layer.width}:${layer.height}[v${index}]`,
  );
  return `[0:v]split=${layers.length}${copies};${scaled.join(';')}`;
}

/**
 * One ffmpeg process encoding a lavfi test pattern (with the time code, see timecode.ts) once per layer (split + scale), each layer to its own RTP
 * stream. The largest layer must come last: it is encoded at the source size, the others are scaled down.
 */
export function videoArgs(options: VideoArgs, cname: string): string[] {
  const { layers, frameRate, outputs } = options;
  const top = layers.at(-1);
  if (!top || layers.length !== outputs.length) throw new Error('one RTP output per video layer is needed');
  const source = `${options.pattern}=size=${top.width}x${top.height}:rate=${frameRate}`;
  const input = ['-re', '-f', 'lavfi', '-i', timecodedVideo(source, top.width, top.height, frameRate)];
  const filter = layers.length === 1 ? [] : ['-filter_complex', splitFilter(layers, top)];
  const encodings = layers.flatMap((layer, index) => {
    const output = outputs[index];
    if (!output) throw new Error(`no RTP output for layer ${index}`);
    const map = layers.length === 1 ? '0:v' : `[v${index}]`;
    return ['-map', map, ...vp8Encoder(layer, frameRate), ...rtpMuxer(output, cname)];
  });
  return [...COMMON, ...input, ...filter, ...encodings];
}

/** Opus from a sine tone (beeping on the time code, see timecode.ts): 20 ms frames, mono, low-delay mode (libopus' in-band FEC stays off by default). */
export function audioArgs(options: AudioArgs, cname: string): string[] {
  // prettier-ignore
  return [
    ...COMMON,
    '-re', '-f', 'lavfi', '-i', timecodedAudio(`sine=frequency=${options.frequency}:sample_rate=48000`),
    '-map', '0:a',
    '-c:a', 'libopus',
    '-application', 'lowdelay',
    '-frame_duration', '20',
    '-ac', '1',
    '-b:a', String(options.bitrate),
    ...rtpMuxer(options.output, cname),
  ];
}
