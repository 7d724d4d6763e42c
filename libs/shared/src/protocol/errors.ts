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
  'CANNOT_CONSUME',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'CONNECTION_CLOSED',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
