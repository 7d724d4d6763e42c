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

/** `GET /readyz`: 200 with `ready` while every media worker is up (and, in a cluster, Redis), else 503. */
export const readyResponseSchema = z.object({
  /** `draining`: shutting down (calls go on, no new ones); `unavailable`: a media worker (or Redis) is down. */
  status: z.enum(['ready', 'draining', 'unavailable']),
  workers: z.object({ count: z.number().int(), alive: z.number().int() }),
  /** Cluster mode: whether this node reaches Redis (without it, it takes no new calls). */
  redis: z.enum(['up', 'down']).optional(),
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;
