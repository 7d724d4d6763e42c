import { z } from 'zod';
import { errorBodySchema } from './errors.js';

// Frames on the signaling WebSocket. Requests carry an id; replies echo it; notifications have none.

export const requestIdSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const requestFrameSchema = z.object({
  id: requestIdSchema,
  method: z.string().max(64),
  data: z.unknown().optional(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export const responseFrameSchema = z.discriminatedUnion('ok', [
  z.object({ id: requestIdSchema, ok: z.literal(true), data: z.unknown() }),
  // `id` is null when the frame it answers had no readable id (not JSON, too large, no id field).
  z.object({ id: requestIdSchema.nullable(), ok: z.literal(false), error: errorBodySchema }),
]);
export type ResponseFrame = z.infer<typeof responseFrameSchema>;

export const notificationFrameSchema = z.object({
  notification: z.string(),
  data: z.unknown(),
});
export type NotificationFrame = z.infer<typeof notificationFrameSchema>;

export const serverFrameSchema = z.union([responseFrameSchema, notificationFrameSchema]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
