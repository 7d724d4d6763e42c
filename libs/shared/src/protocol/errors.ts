import { z } from 'zod';

/** The closed set of error codes a signaling reply or an HTTP error body may carry. */
export const ERROR_CODES = [
  'BAD_JSON',
  'INVALID_FRAME',
  'INVALID_PARAMS',
  'UNKNOWN_METHOD',
  'FRAME_TOO_LARGE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'PROTOCOL_VERSION_MISMATCH',
  'NOT_JOINED',
  'ALREADY_JOINED',
  'RESUME_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'ROOM_FULL',
  'ROOM_LOCKED',
  'LOBBY_DENIED',
  'LOBBY_FULL',
  'LOBBY_TIMEOUT',
  'ROOM_NOT_FOUND',
  'BANNED',
  'MUTED_BY_HOST',
  'LIMIT_REACHED',
  'TOO_MANY_CONNECTIONS',
  'SERVER_DRAINING',
  'CANNOT_CONSUME',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'CONNECTION_CLOSED',
  'INTERNAL',
  /** The recordings disk is below its free-space floor (`recordings.minFreeMb`). */
  'STORAGE_FULL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * WebSocket close codes the server uses (4000–4999 is the application range). A client reads them from the
 * close event; a code from this table means the server closed the socket on purpose and says why.
 */
export const CLOSE_CODES = {
  /** The server is going away (drain over or shutdown). */
  serverShutdown: 1001,
  /** Over the connection limits (in total or per address); try again later. */
  tooManyConnections: 1013,
  /** A `resume` from another socket took this session over (`sessionReplaced` was sent first). */
  sessionReplaced: 4001,
  /** The client stopped reading: its outbound buffer passed the limit. */
  slowConsumer: 4002,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
