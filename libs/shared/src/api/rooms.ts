import { z } from 'zod';
import { roomIdSchema } from '../protocol/entities.js';

const title = z.string().trim().min(1).max(120);
/** `null`: the server's `rooms.maxPeers`. */
const maxParticipants = z.number().int().min(1).max(1000).nullable();
/**
 * `meeting`: everyone may publish and is shown. `webinar`: hosts and panelists (a `publish` or `screen` grant)
 * are on the stage; everyone else joins as a viewer — subscribes only, hidden from the grid, counted.
 */
export const roomModeSchema = z.enum(['meeting', 'webinar']);
export type RoomMode = z.infer<typeof roomModeSchema>;
/** Videos each subscriber receives at most (`null`: the server's `rooms.lastN`). */
const lastN = z.number().int().min(1).max(100).nullable();

/** `POST /api/v1/rooms`. A locked room admits only holders of a join token; `lobby` makes joiners wait. */
export const createRoomRequestSchema = z.strictObject({
  slug: roomIdSchema,
  title: title.optional(),
  maxParticipants: maxParticipants.default(null),
  locked: z.boolean().default(false),
  lobby: z.boolean().default(false),
  chat: z.boolean().default(true),
  recordingReady: z.boolean().default(false),
  mode: roomModeSchema.default('meeting'),
  lastN: lastN.default(null),
});
export type CreateRoomRequest = z.infer<typeof createRoomRequestSchema>;

/** `PATCH /api/v1/rooms/{slug}`: any subset of the settings, at least one. */
export const updateRoomRequestSchema = z
  .strictObject({
    title: title.optional(),
    maxParticipants: maxParticipants.optional(),
    locked: z.boolean().optional(),
    lobby: z.boolean().optional(),
    chat: z.boolean().optional(),
    recordingReady: z.boolean().optional(),
    mode: roomModeSchema.optional(),
    lastN: lastN.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one setting to change');
export type UpdateRoomRequest = z.infer<typeof updateRoomRequestSchema>;

export const roomSettingsSchema = z.object({
  slug: roomIdSchema,
  title,
  maxParticipants,
  locked: z.boolean(),
  lobby: z.boolean(),
  chat: z.boolean(),
  recordingReady: z.boolean(),
  mode: roomModeSchema,
  lastN,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type RoomSettings = z.infer<typeof roomSettingsSchema>;

export const roomResponseSchema = roomSettingsSchema.extend({
  live: z.object({
    /** A call is running (its media router exists). */
    active: z.boolean(),
    participants: z.number().int(),
    waiting: z.number().int(),
  }),
});
export type RoomResponse = z.infer<typeof roomResponseSchema>;

export const roomListResponseSchema = z.object({ rooms: z.array(roomResponseSchema) });
export type RoomListResponse = z.infer<typeof roomListResponseSchema>;

export const roomSlugParamsSchema = z.object({ slug: roomIdSchema });

/**
 * `GET /api/v1/rooms/{slug}/join-info` (public): what a page needs before joining — whether an anonymous joiner is
 * a viewer (`webinar`: it must not open a camera or microphone) and whether the room has chat. A room nobody
 * created answers as an ad hoc room would be joined.
 */
export const roomJoinInfoSchema = z.object({ mode: roomModeSchema, chat: z.boolean() });
export type RoomJoinInfo = z.infer<typeof roomJoinInfoSchema>;

/** `GET /api/v1/calls`: every running call, in stored rooms and in rooms joined ad hoc by id. */
export const callSummarySchema = z.object({
  room: roomIdSchema,
  /** The room has stored settings (`GET /rooms/{slug}`); false for a room joined ad hoc. */
  stored: z.boolean(),
  startedAt: z.number().int(),
  participants: z.number().int(),
  waiting: z.number().int(),
  /** Cluster mode: the nodes the call spans. */
  nodes: z.array(z.string()).optional(),
});
export type CallSummary = z.infer<typeof callSummarySchema>;

export const callListResponseSchema = z.object({ calls: z.array(callSummarySchema) });
export type CallListResponse = z.infer<typeof callListResponseSchema>;
