import { z } from 'zod';
import type { Participant } from './browser.js';

// What the page's test hook `publicationStats(source)` returns (the SDK's PublicationStats), parsed.

const nullableNumber = z.number().nullable();
const layerSchema = z.object({
  rid: z.string().nullable(),
  ssrc: z.number(),
  active: z.boolean().nullable(),
  bytesSent: z.number(),
  packetsSent: z.number(),
  framesEncoded: nullableNumber,
  frameWidth: nullableNumber,
  frameHeight: nullableNumber,
  framesPerSecond: nullableNumber,
  scalabilityMode: z.string().nullable(),
  qualityLimitationReason: z.string().nullable(),
  mimeType: z.string().nullable(),
  sdpFmtpLine: z.string().nullable(),
  channels: nullableNumber,
});
const encodingSchema = z.object({
  rid: z.string().nullable(),
  active: z.boolean(),
  maxBitrate: nullableNumber,
  maxFramerate: nullableNumber,
  scaleResolutionDownBy: nullableNumber,
  scalabilityMode: z.string().nullable(),
});
const codecSchema = z.object({
  mimeType: z.string(),
  parameters: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export const publicationSchema = z.object({
  source: z.string(),
  producerId: z.string(),
  rtpParameters: z.object({
    codecs: z.array(codecSchema),
    encodings: z.array(z.object({ scalabilityMode: z.string().optional(), rid: z.string().optional() })).optional(),
  }),
  contentHint: z.string(),
  capture: z.object({
    width: nullableNumber,
    height: nullableNumber,
    frameRate: nullableNumber,
    channelCount: nullableNumber,
    echoCancellation: z.boolean().nullable(),
    noiseSuppression: z.boolean().nullable(),
    autoGainControl: z.boolean().nullable(),
  }),
  degradationPreference: z.string().nullable(),
  encodings: z.array(encodingSchema),
  layers: z.array(layerSchema),
});
export type Publication = z.infer<typeof publicationSchema>;
export type OutboundLayer = z.infer<typeof layerSchema>;

/** What `person` sends as `source` now (throws while it does not publish it). */
export async function publication(person: Participant, source: string): Promise<Publication> {
  const raw = await person.hook(`publicationStats(${JSON.stringify(source)})`);
  if (raw === undefined) throw new Error(`${person.name} does not publish ${source}`);
  return publicationSchema.parse(raw);
}

/** The outbound stream of simulcast layer `rid` (throws if there is none). */
export function layer(stats: Publication, rid: string): OutboundLayer {
  const found = stats.layers.find((entry) => entry.rid === rid);
  if (!found) throw new Error(`no outbound stream ${rid} (have ${stats.layers.map((entry) => entry.rid).join(', ')})`);
  return found;
}

/** Whether a sender says it sends less than asked for want of CPU or bandwidth (then it may leave out top layers). */
export function limited(reason: string | null): boolean {
  return reason === 'cpu' || reason === 'bandwidth';
}
