import type { types } from 'mediasoup-client';
import { z } from 'zod';
import type { SendSettings, SvcPreference } from './encodings.js';

/** What `transport.produce()` gets for one source on this device. */
export type SendPlan = {
  codec: types.RtpCodecCapability | undefined;
  encodings: types.RtpEncodingParameters[] | undefined;
  codecOptions: types.ProducerCodecOptions | undefined;
};

/** What planning needs of a loaded mediasoup-client Device: what it can send (router ∩ browser). */
export type SendingDevice = Pick<types.Device, 'sendRtpCapabilities'>;

const supportedSchema = z.object({ supported: z.boolean() });
const codecCapabilitySchema = z.object({ mimeType: z.string(), scalabilityModes: z.array(z.string()).optional() });

function sameMime(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether this browser encodes `svc.codec` in `svc.scalabilityMode` for WebRTC: MediaCapabilities answers it
 * (Chromium lists no scalability modes in RTCRtpSender.getCapabilities); otherwise the capabilities' own list.
 */
export async function browserEncodesSvc(svc: SvcPreference): Promise<boolean> {
  const capabilities = globalThis.navigator?.mediaCapabilities;
  if (typeof capabilities?.encodingInfo === 'function') {
    try {
      const info = await capabilities.encodingInfo({
        type: 'webrtc',
        video: {
          contentType: svc.codec,
          width: svc.width,
          height: svc.height,
          bitrate: svc.maxBitrate,
          framerate: svc.maxFramerate,
          scalabilityMode: svc.scalabilityMode,
        },
      });
      return supportedSchema.safeParse(info).data?.supported ?? false;
    } catch {
      return false;
    }
  }
  const codecs: readonly unknown[] = globalThis.RTCRtpSender?.getCapabilities?.('video')?.codecs ?? [];
  return codecs.some((raw) => {
    const codec = codecCapabilitySchema.safeParse(raw).data;
    return (
      codec !== undefined &&
      sameMime(codec.mimeType, svc.codec) &&
      codec.scalabilityModes?.includes(svc.scalabilityMode)
    );
  });
}

function sendableCodec(device: SendingDevice, mimeType: string): types.RtpCodecCapability | undefined {
  return device.sendRtpCapabilities.codecs?.find((codec) => sameMime(codec.mimeType, mimeType));
}

/**
 * The codec and encodings `settings` come to on this device: the SVC stream when the device can send its codec
 * (the router offers it, the browser has it) and the browser encodes its scalability mode; else the simulcast
 * encodings with the preferred codec, when the device can send that (otherwise the router's first). The settings'
 * content hint goes on `track` when it has none ('' — the caller's own hint wins).
 */
export async function planSend(
  device: SendingDevice,
  settings: SendSettings,
  track?: MediaStreamTrack,
): Promise<SendPlan> {
  const { svc, codecOptions } = settings;
  if (track && settings.contentHint !== undefined && track.contentHint === '') track.contentHint = settings.contentHint;
  const svcCodec = svc && sendableCodec(device, svc.codec);
  if (svc && svcCodec && (await browserEncodesSvc(svc))) {
    const { scalabilityMode, maxBitrate, maxFramerate } = svc;
    return { codec: svcCodec, encodings: [{ scalabilityMode, maxBitrate, maxFramerate }], codecOptions };
  }
  const codec = settings.preferredCodec === undefined ? undefined : sendableCodec(device, settings.preferredCodec);
  return { codec, encodings: settings.encodings, codecOptions };
}
