import { z } from 'zod';
import {
  chatMessageSchema,
  idSchema,
  lobbyEntrySchema,
  mediaSourceSchema,
  peerRoleSchema,
  roomIdSchema,
} from '../protocol/entities.js';
import { mediaKindSchema } from '../protocol/mediasoup.js';

export const participantProducerSchema = z.object({
  producerId: idSchema,
  kind: mediaKindSchema,
  source: mediaSourceSchema,
  paused: z.boolean(),
  /** Bits per second received from the participant, from the producer's RTP stats (summed over layers). */
  bitrate: z.number(),
  /** mediasoup's 0–10 quality score per encoding. */
  scores: z.array(z.number()),
});

export const participantSchema = z.object({
  peerId: idSchema,
  displayName: z.string(),
  identity: z.string().nullable(),
  role: peerRoleSchema,
  state: z.enum(['connected', 'reconnecting']),
  joinedAt: z.number().int(),
  producers: z.array(participantProducerSchema),
});
export type Participant = z.infer<typeof participantSchema>;

export const participantListResponseSchema = z.object({ participants: z.array(participantSchema) });
export type ParticipantListResponse = z.infer<typeof participantListResponseSchema>;

export const participantParamsSchema = z.object({ slug: roomIdSchema, peerId: idSchema });

export const kickRequestSchema = z.strictObject({
  reason: z.string().trim().min(1).max(200).default('removed by the host'),
});

export const muteRequestSchema = z.strictObject({ source: mediaSourceSchema });

export const lobbyResponseSchema = z.object({ waiting: z.array(lobbyEntrySchema) });
export const lobbyParamsSchema = z.object({ slug: roomIdSchema, lobbyId: idSchema });

export const chatHistoryQuerySchema = z.object({
  beforeSeq: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const chatHistoryResponseSchema = z.object({ messages: z.array(chatMessageSchema), hasMore: z.boolean() });

/** `GET /rooms/{slug}/bans`: token identities removed from the room, each banned until its invitation expires. */
export const banListResponseSchema = z.object({
  bans: z.array(z.object({ identity: z.string(), expiresAt: z.number().int() })),
});
export type BanListResponse = z.infer<typeof banListResponseSchema>;
export const banParamsSchema = z.object({ slug: roomIdSchema, identity: z.string().min(1).max(128) });

/** `PATCH /rooms/{slug}/participants/{peerId}/permissions`: grant or revoke, at once (omitted: unchanged). */
export const permissionsRequestSchema = z
  .strictObject({ publish: z.boolean().optional(), screen: z.boolean().optional(), chat: z.boolean().optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of publish, screen, chat');
export type PermissionsRequest = z.infer<typeof permissionsRequestSchema>;
