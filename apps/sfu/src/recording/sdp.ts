import type { types } from 'mediasoup';

/** `video/VP8` → `VP8`, `audio/opus` → `opus`. */
export function codecName(codec: types.RtpCodecParameters): string {
  return codec.mimeType.split('/')[1] ?? codec.mimeType;
}

/**
 * The session description ffmpeg reads one track from: RTP on `port` of 127.0.0.1 (RTCP on `port + 1`), with the
 * consumer's codec, payload type, clock rate, channels and format parameters.
 */
export function trackSdp(codec: types.RtpCodecParameters, port: number): string {
  const kind = codec.mimeType.startsWith('audio/') ? 'audio' : 'video';
  const name = codecName(codec);
  const channels = kind === 'audio' ? `/${codec.channels ?? 1}` : '';
  const fmtp = Object.entries(codec.parameters ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(';');
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=Huddle recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    ...(fmtp === '' ? [] : [`a=fmtp:${codec.payloadType} ${fmtp}`]),
    'a=recvonly',
    '',
  ].join('\n');
}
