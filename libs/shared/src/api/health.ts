import { z } from 'zod';

/** `GET /healthz`: liveness plus what the media plane runs on. */
export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  mediasoupVersion: z.string(),
  protocolVersion: z.number().int(),
  uptimeSeconds: z.number(),
  workers: z.object({
    count: z.number().int(),
    alive: z.number().int(),
  }),
  rooms: z.number().int(),
  peers: z.number().int(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** `GET /readyz`: 200 with `ready` while every media worker is up, else 503 with `unavailable`. */
export const readyResponseSchema = z.object({
  /** `draining`: shutting down (calls go on, no new ones); `unavailable`: a media worker is down. */
  status: z.enum(['ready', 'draining', 'unavailable']),
  workers: z.object({ count: z.number().int(), alive: z.number().int() }),
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;
