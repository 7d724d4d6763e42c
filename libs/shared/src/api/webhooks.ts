import { z } from 'zod';
import { idSchema, roomIdSchema } from '../protocol/entities.js';
import { recordingStateSchema } from './recordings.js';

export const WEBHOOK_EVENTS = [
  'room.started',
  'room.ended',
  'participant.joined',
  'participant.left',
  'recording.started',
  'recording.finished',
  'recording.failed',
] as const;

/**
 * The JSON body POSTed to each webhook URL. Headers: `X-Huddle-Event`, `X-Huddle-Delivery` (= `id`, the same on
 * every retry), `X-Huddle-Timestamp` (ms) and `X-Huddle-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
 */
export const webhookPayloadSchema = z.object({
  id: idSchema,
  event: z.enum(WEBHOOK_EVENTS),
  createdAt: z.number().int(),
  room: z.object({ slug: roomIdSchema }),
  participant: z.object({ peerId: idSchema, displayName: z.string(), identity: z.string().nullable() }).optional(),
  /** `recording.*` events: `finished` when it is `ready` or `interrupted`, `failed` with the reason. */
  recording: z
    .object({
      id: idSchema,
      state: recordingStateSchema,
      startedAt: z.number().int(),
      durationMs: z.number().int().nullable(),
      failureReason: z.string().nullable(),
    })
    .optional(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type WebhookEvent = WebhookPayload['event'];
