import type { types } from 'mediasoup-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSendSettings, SCREEN_ENCODINGS } from './encodings.js';
import { planSend, type SendingDevice } from './sendPlan.js';

function device(...mimeTypes: string[]): SendingDevice {
  const codecs: types.RtpCodecCapability[] = mimeTypes.map((mimeType) => ({
    kind: mimeType.startsWith('audio') ? 'audio' : 'video',
    mimeType,
    clockRate: mimeType.startsWith('audio') ? 48_000 : 90_000,
  }));
  return { sendRtpCapabilities: { codecs, headerExtensions: [] } };
}

/** A browser whose MediaCapabilities encode exactly `modes` ("video/VP9 L1T3"). */
function browserEncoding(...modes: string[]): void {
  vi.stubGlobal('navigator', {
    mediaCapabilities: {
      encodingInfo: async (config: { video?: { contentType: string; scalabilityMode?: string } }) => ({
        supported: modes.includes(`${config.video?.contentType} ${config.video?.scalabilityMode}`),
      }),
    },
  });
}

describe('planSend', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends a screen as one VP9 L1T3 stream when the router offers VP9 and the browser encodes it', async () => {
    browserEncoding('video/VP9 L1T3');
    const plan = await planSend(device('video/VP8', 'video/VP9'), defaultSendSettings('screen'));
    expect(plan.codec?.mimeType).toBe('video/VP9');
    expect(plan.encodings).toEqual([{ scalabilityMode: 'L1T3', maxBitrate: 2_000_000, maxFramerate: 15 }]);
  });

  it('falls back to two VP8 layers without VP9 in the router, or without the scalability mode in the browser', async () => {
    browserEncoding('video/VP9 L1T3');
    const noVp9 = await planSend(device('video/VP8'), defaultSendSettings('screen'));
    expect(noVp9.codec?.mimeType).toBe('video/VP8');
    expect(noVp9.encodings).toEqual(SCREEN_ENCODINGS);

    browserEncoding('video/VP9 L3T3_KEY');
    const noMode = await planSend(device('video/VP8', 'video/VP9'), defaultSendSettings('screen'));
    expect(noMode.codec?.mimeType).toBe('video/VP8');
    expect(noMode.encodings).toHaveLength(2);
  });

  it('uses no SVC where nothing can tell (Node: no navigator, no RTCRtpSender)', async () => {
    vi.stubGlobal('navigator', undefined);
    const plan = await planSend(device('video/VP8', 'video/VP9'), defaultSendSettings('screen'));
    expect(plan.codec?.mimeType).toBe('video/VP8');
  });

  it('keeps the camera ladder and the preferred codec, and the router’s first codec when that is missing', async () => {
    const camera = await planSend(device('video/VP9', 'video/VP8'), defaultSendSettings('camera', true));
    expect(camera.codec?.mimeType).toBe('video/VP8');
    expect(camera.encodings?.map((encoding) => encoding.maxBitrate)).toEqual([150_000, 450_000, 1_500_000]);
    const withoutVp8 = await planSend(device('video/H264'), defaultSendSettings('camera', true));
    expect(withoutVp8.codec).toBeUndefined();
  });

  it('sends screen sound as stereo Opus without DTX at 128 kbit/s, the mic as voice with DTX', async () => {
    const screenAudio = await planSend(device('audio/opus'), defaultSendSettings('screen-audio'));
    expect(screenAudio.codecOptions).toEqual({
      opusStereo: true,
      opusDtx: false,
      opusFec: true,
      opusMaxAverageBitrate: 128_000,
    });
    const mic = await planSend(device('audio/opus'), defaultSendSettings('mic'));
    expect(mic.codecOptions).toEqual({ opusDtx: true, opusFec: true });
  });
});
