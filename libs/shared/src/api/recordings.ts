import { z } from 'zod';
import { idSchema, mediaSourceSchema, roomIdSchema } from '../protocol/entities.js';
import { mediaKindSchema } from '../protocol/mediasoup.js';

/**
 * `recording`: tracks are being written. `processing`: they are being finalized and composed. Then one of
 * `ready` (stopped on request or when the call ended), `failed` (a recorder process died or the disk filled:
 * `failureReason` says which; what was written stays playable) or `interrupted` (the server stopped while
 * recording; its files were finalized at the next start).
 */
export const RECORDING_STATES = ['recording', 'processing', 'ready', 'failed', 'interrupted'] as const;
export const recordingStateSchema = z.enum(RECORDING_STATES);
export type RecordingState = z.infer<typeof recordingStateSchema>;

/** One file of one producer: a continuous stretch of it (a pause or a stall of its media starts the next file). */
export const recordingTrackSchema = z.object({
  id: idSchema,
  peerId: idSchema,
  displayName: z.string(),
  source: mediaSourceSchema,
  kind: mediaKindSchema,
  /** `VP8`, `VP9`, `H264` or `opus`: copied as received, never re-encoded. */
  codec: z.string(),
  /** When its first sample was captured (ms since the epoch, the recorder's clock). */
  startedAt: z.number().int(),
  /** Where that is in the recording (ms after `startedAt` of the recording). */
  offsetMs: z.number().int(),
  durationMs: z.number().int().nullable(),
  sizeBytes: z.number().int(),
  /** `GET` it (HTTP Range supported): WebM (VP8, VP9, Opus) or Matroska (H.264). */
  url: z.string(),
});
export type RecordingTrack = z.infer<typeof recordingTrackSchema>;

export const recordingSchema = z.object({
  id: idSchema,
  room: roomIdSchema,
  state: recordingStateSchema,
  /** Who started it: `admin:<name>`, `apiKey:<name> (<id>)` or `peer:<identity>`. */
  startedBy: z.string(),
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  failureReason: z.string().nullable(),
  /** Every file of the recording together. */
  sizeBytes: z.number().int(),
  /** The meeting as one MP4 (H.264 + AAC, a grid of the videos with every voice mixed), once composed. */
  composed: z.object({ url: z.string(), sizeBytes: z.number().int(), durationMs: z.number().int() }).nullable(),
  tracks: z.array(recordingTrackSchema),
});
export type Recording = z.infer<typeof recordingSchema>;

export const recordingParamsSchema = z.object({ id: idSchema });
export const recordingTrackParamsSchema = z.object({ id: idSchema, trackId: idSchema });

/** `GET /api/v1/recordings`: newest first; `cursor` is the `nextCursor` of the page before. */
export const recordingListQuerySchema = z.object({
  room: roomIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,16}_[A-Za-z0-9-]{1,64}$/, 'a nextCursor from an earlier page')
    .optional(),
});
export type RecordingListQuery = z.infer<typeof recordingListQuerySchema>;

export const recordingListResponseSchema = z.object({
  recordings: z.array(recordingSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type RecordingListResponse = z.infer<typeof recordingListResponseSchema>;
