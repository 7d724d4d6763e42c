import { z } from 'zod';
import { grantsSchema } from '../api/auth.js';
import {
  chatMessageSchema,
  idSchema,
  layersSchema,
  lobbyEntrySchema,
  mediaSourceSchema,
  peerInfoSchema,
  peerRoleSchema,
  reactionSchema,
} from './entities.js';
import { mediaKindSchema, rtpParametersSchema } from './mediasoup.js';
import { roomRecordingSchema } from './recording.js';

const producerRef = z.object({ peerId: idSchema, producerId: idSchema, source: mediaSourceSchema });

/** Every notification the server pushes: name → data schema. Names are past tense. */
export const notifications = {
  peerJoined: z.object({ peer: peerInfoSchema }),
  peerLeft: z.object({ peerId: idSchema }),
  peerStateChanged: z.object({ peerId: idSchema, state: peerInfoSchema.shape.state }),
  /**
   * Several notifications in one frame, to be delivered one by one in order: roster changes (`peerJoined`,
   * `peerLeft`, `peerStateChanged`, `peerRoleChanged`, `audienceChanged`) gathered for up to 250 ms, so each client
   * gets at most one roster frame per 250 ms however many join at once. A peer that came and went within one batch
   * is left out. Each inner notification is validated by its own schema.
   */
  batch: z.object({
    notifications: z.array(z.object({ notification: z.string(), data: z.unknown() })).max(50_000),
  }),
  /** How many viewers watch a webinar now (in roster batches). */
  audienceChanged: z.object({ viewers: z.number().int().nonnegative() }),
  /** This peer's grants changed (a moderator or an admin): what it may do from now on. */
  permissionsChanged: z.object({ grants: grantsSchema }),
  consumerCreated: z.object({
    consumerId: idSchema,
    producerId: idSchema,
    peerId: idSchema,
    kind: mediaKindSchema,
    source: mediaSourceSchema,
    rtpParameters: rtpParametersSchema,
    type: z.enum(['simple', 'simulcast', 'svc', 'pipe']),
    producerPaused: z.boolean(),
  }),
  consumerClosed: z.object({ consumerId: idSchema }),
  /**
   * A consumer of `producerId` could not be made (after the server's own retries): CANNOT_CONSUME when this
   * client cannot receive the codec, INTERNAL otherwise. Ask again with `consume`.
   */
  consumeFailed: z.object({
    producerId: idSchema,
    peerId: idSchema,
    code: z.enum(['CANNOT_CONSUME', 'INTERNAL']),
    message: z.string(),
  }),
  consumerPaused: z.object({ consumerId: idSchema }),
  consumerResumed: z.object({ consumerId: idSchema }),
  consumerLayersChanged: z.object({ consumerId: idSchema, layers: layersSchema.nullable() }),
  /**
   * The server paused (`suspended: true`) or resumed a video: `bandwidth` — not even its lowest layer fits this
   * client's bandwidth now (shown as "low bandwidth", not as a mute); `lastN` — the client receives the N videos
   * that matter most (on screen, speaking lately) and this is not one of them. Audio is never suspended.
   */
  consumerSuspended: z.object({
    consumerId: idSchema,
    suspended: z.boolean(),
    reason: z.enum(['bandwidth', 'lastN']).optional(),
  }),
  /**
   * To a video's publisher (dynacast): the highest spatial layer any subscriber wants now. The client keeps
   * encoding layers up to it and turns the ones above off (`encodings[i].active`).
   */
  layersWanted: z.object({ producerId: idSchema, spatialLayer: z.number().int().min(0).max(3) }),
  consumerScoreChanged: z.object({
    consumerId: idSchema,
    score: z.number(),
    producerScore: z.number(),
  }),
  producerPaused: producerRef,
  producerResumed: producerRef,
  producerClosed: producerRef,
  producerScoreChanged: z.object({ producerId: idSchema, scores: z.array(z.number()) }),
  activeSpeakerChanged: z.object({ peerId: idSchema }),
  peerRoleChanged: z.object({ peerId: idSchema, role: peerRoleSchema }),
  audioLevelsChanged: z.object({ levels: z.array(z.object({ peerId: idSchema, volume: z.number() })) }),
  chatReceived: z.object({ message: chatMessageSchema }),
  handRaisedChanged: z.object({ peerId: idSchema, raised: z.boolean(), byPeerId: idSchema }),
  reactionSent: z.object({ peerId: idSchema, reaction: reactionSchema }),
  roomClosed: z.object({
    reason: z.enum(['workerDied', 'serverShutdown', 'closedByAdmin']),
    rejoin: z.boolean(),
  }),
  /** A moderator or an admin removed this peer; its session ends right after. */
  kicked: z.object({ reason: z.string() }),
  /** A moderator or an admin paused this peer's producer of `source`; resuming it fails with MUTED_BY_HOST. */
  mutedByHost: z.object({ source: mediaSourceSchema }),
  /** A moderator allowed this peer to unmute `source` again (it stays paused until the peer resumes it). */
  unmuteAllowed: z.object({ source: mediaSourceSchema }),
  /** To moderators: a host-muted participant asks to unmute `source`. */
  unmuteRequested: z.object({ peerId: idSchema, source: mediaSourceSchema }),
  /** This socket no longer drives the session: a `resume` from another socket took it over. Closed right after. */
  sessionReplaced: z.object({}),
  /** The room has a lobby: this join waits until a moderator admits (the join then succeeds) or denies it. */
  lobbyWaiting: z.object({ lobbyId: idSchema }),
  /** To moderators: who waits in the lobby now (sent on every change, and once after a moderator joins). */
  lobbyChanged: z.object({ waiting: z.array(lobbyEntrySchema) }),
  /** To everyone: the room's recording started (`recording` set) or ended (`null`). */
  recordingChanged: z.object({ recording: roomRecordingSchema.nullable() }),
} as const;

export type NotificationName = keyof typeof notifications;
export type NotificationData<N extends NotificationName> = z.infer<(typeof notifications)[N]>;

export function isNotificationName(name: string): name is NotificationName {
  return Object.hasOwn(notifications, name);
}

/** Validates a notification's data against its schema (throws ZodError); the one name→data cast lives here. */
export function parseNotification<N extends NotificationName>(name: N, data: unknown): NotificationData<N> {
  return notifications[name].parse(data) as NotificationData<N>;
}
