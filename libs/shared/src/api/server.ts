import { z } from 'zod';
import { idSchema, lobbyEntrySchema, roomIdSchema } from '../protocol/entities.js';

export const workerStatsSchema = z.object({
  index: z.number().int(),
  pid: z.number().int(),
  routers: z.number().int(),
  consumers: z.number().int(),
  /** User + system CPU time of the worker process since it started. */
  cpuSeconds: z.number(),
});

/** `GET /api/v1/server`, and the `stats` event of `GET /api/v1/events`: the server's load right now. */
export const serverStatsSchema = z.object({
  at: z.number().int(),
  uptimeSeconds: z.number(),
  rooms: z.number().int(),
  peers: z.number().int(),
  producers: z.number().int(),
  consumers: z.number().int(),
  /** Bytes received from / sent to participants over their current transports. */
  bytes: z.object({ in: z.number(), out: z.number() }),
  workers: z.object({ configured: z.number().int(), alive: z.array(workerStatsSchema) }),
});
export type ServerStats = z.infer<typeof serverStatsSchema>;

const participantRef = z.object({ peerId: idSchema, displayName: z.string(), identity: z.string().nullable() });

/**
 * The events of `GET /api/v1/events` (Server-Sent Events; the SSE `event:` field is `type`, `data:` is the whole
 * object as JSON). `stats` comes every few seconds, the rest as it happens.
 */
export const serverEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stats'), stats: serverStatsSchema }),
  z.object({ type: z.literal('roomStarted'), room: roomIdSchema }),
  z.object({ type: z.literal('roomEnded'), room: roomIdSchema }),
  z.object({ type: z.literal('participantJoined'), room: roomIdSchema, participant: participantRef }),
  z.object({ type: z.literal('participantLeft'), room: roomIdSchema, participant: participantRef }),
  z.object({ type: z.literal('lobbyChanged'), room: roomIdSchema, waiting: z.array(lobbyEntrySchema) }),
]);
export type ServerEvent = z.infer<typeof serverEventSchema>;
