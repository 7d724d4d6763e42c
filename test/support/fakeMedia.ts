import type { MediaSource, RtpParameters } from '@huddle/shared';
import type { SignalProbe } from '@huddle/testkit';

let nextSsrc = 1000;

/** RTP parameters a router accepts for `source` (opus for audio, VP8 for video); no packets ever flow. */
export function fakeRtpParameters(source: MediaSource): RtpParameters {
  const audio = source === 'mic' || source === 'screen-audio';
  const codec = audio
    ? { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }
    : { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [] };
  return {
    codecs: [codec],
    headerExtensions: [],
    encodings: [{ ssrc: nextSsrc++ }],
    rtcp: { cname: 'fake', reducedSize: true },
  };
}

/** Opens a send transport if `transportId` is not given and produces `source` on it. */
export async function produceFake(
  client: SignalProbe,
  source: MediaSource,
  transportId?: string,
): Promise<{ transportId: string; producerId: string }> {
  const transport = transportId ?? (await client.request('createTransport', { direction: 'send' })).transportId;
  const kind = source === 'mic' || source === 'screen-audio' ? 'audio' : 'video';
  const { producerId } = await client.request('produce', {
    transportId: transport,
    kind,
    source,
    rtpParameters: fakeRtpParameters(source),
  });
  return { transportId: transport, producerId };
}
