import { z } from 'zod';
import { mediaKindSchema } from './mediasoup.js';

export const idSchema = z.string().min(1).max(64);

/** A room id is what people type and share: short, URL-safe. */
export const roomIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, "-" and "_" only, starting with a letter or digit');

/**
 * Characters a name may not hold: controls (C0, C1, DEL), format characters (bidi overrides and isolates,
 * zero-width spaces and joiners, BOM), line/paragraph separators and lone surrogates. They let a name hide,
 * reorder or fake what is shown next to it.
 */
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
/** A zero-width joiner inside an emoji sequence (👩‍💻) is part of the emoji, not a hidden character. */
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?)\u200D(?=\p{Extended_Pictographic})/gu;

/** One schema for every name shown to other people: display names at join and the names in join tokens. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(
    (name) => !HIDDEN_CHARACTERS.test(name.replace(EMOJI_JOINER, '')),
    'no control, bidi or zero-width characters',
  );

export const mediaSourceSchema = z.enum(['mic', 'camera', 'screen', 'screen-audio']);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export const producerInfoSchema = z.object({
  producerId: idSchema,
  kind: mediaKindSchema,
  source: mediaSourceSchema,
  paused: z.boolean(),
});
export type ProducerInfo = z.infer<typeof producerInfoSchema>;

export const peerStateSchema = z.enum(['connected', 'reconnecting']);

export const peerRoleSchema = z.enum(['moderator', 'participant']);
export type PeerRole = z.infer<typeof peerRoleSchema>;

export const peerInfoSchema = z.object({
  peerId: idSchema,
  displayName: displayNameSchema,
  state: peerStateSchema,
  role: peerRoleSchema,
  handRaised: z.boolean(),
  joinedAt: z.number().int(),
  producers: z.array(producerInfoSchema),
});
export type PeerInfo = z.infer<typeof peerInfoSchema>;

/** What the server holds of the peer itself (sent on resume, so the client can re-sync its local state). */
export const selfStateSchema = z.object({
  role: peerRoleSchema,
  handRaised: z.boolean(),
  producers: z.array(producerInfoSchema),
  /** Sources a host muted and has not allowed again: resuming them fails with MUTED_BY_HOST. */
  hostMuted: z.array(mediaSourceSchema),
});
export type SelfState = z.infer<typeof selfStateSchema>;

export const transportDirectionSchema = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof transportDirectionSchema>;

export const layersSchema = z.object({
  spatialLayer: z.number().int().min(0).max(3),
  temporalLayer: z.number().int().min(0).max(3).optional(),
});
export type Layers = z.infer<typeof layersSchema>;

export const CHAT_MAX_LENGTH = 2000;

export const chatTextSchema = z
  .string()
  .trim()
  .min(1, 'a chat message cannot be empty')
  .max(CHAT_MAX_LENGTH, `chat messages are limited to ${CHAT_MAX_LENGTH} characters`);

export const chatMessageSchema = z.object({
  messageId: idSchema,
  /** Increases by one per message in a room; `getChatHistory` pages backwards with it. */
  seq: z.number().int().nonnegative(),
  fromPeerId: idSchema,
  fromName: displayNameSchema,
  /** Set on a private message: the one recipient. */
  to: idSchema.optional(),
  text: z.string(),
  sentAt: z.number().int(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const REACTIONS = ['👍', '👏', '😂', '😮', '❤️', '🎉'] as const;
export const reactionSchema = z.enum(REACTIONS);
export type Reaction = z.infer<typeof reactionSchema>;

/** Someone waiting in a room's lobby for a moderator to admit or deny them. */
export const lobbyEntrySchema = z.object({
  lobbyId: idSchema,
  displayName: displayNameSchema,
  identity: z.string().nullable(),
  requestedAt: z.number().int(),
});
export type LobbyEntry = z.infer<typeof lobbyEntrySchema>;
