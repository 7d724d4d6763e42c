import { z } from 'zod';
import { grantsSchema } from '../api/auth.js';
import { roomModeSchema } from '../api/rooms.js';
import {
  chatMessageSchema,
  chatTextSchema,
  displayNameSchema,
  idSchema,
  layersSchema,
  mediaSourceSchema,
  peerInfoSchema,
  peerRoleSchema,
  reactionSchema,
  roomIdSchema,
  selfStateSchema,
  transportDirectionSchema,
} from './entities.js';
import {
  dtlsParametersSchema,
  iceCandidateSchema,
  iceServerSchema,
  iceParametersSchema,
  mediaKindSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
  sctpParametersSchema,
} from './mediasoup.js';
import { roomRecordingSchema } from './recording.js';

const empty = z.object({});

/** Every request a client may send: method → { request data schema, response data schema }. */
export const methods = {
  join: {
    request: z.object({
      protocolVersion: z.number().int(),
      roomId: roomIdSchema,
      displayName: displayNameSchema,
      token: z.string().max(4096).optional(),
    }),
    response: z.object({
      peerId: idSchema,
      role: peerRoleSchema,
      resumeToken: z.string(),
      routerRtpCapabilities: rtpCapabilitiesSchema,
      peers: z.array(peerInfoSchema),
      /** What this peer may do: from its join token, or the room's defaults for an anonymous join. */
      grants: grantsSchema.optional(),
      /** `webinar`: peers without `publish`/`screen` are viewers (see `listPeers`, `audienceChanged`). */
      mode: roomModeSchema.optional(),
      /** How many peers are on the stage in all; `peers` holds the first page of them (`listPeers` for more). */
      peersTotal: z.number().int().optional(),
      /** How many viewers watch (webinar rooms). */
      viewers: z.number().int().optional(),
      /** TURN/STUN servers for this client's transports, with credentials valid for a while (`turn.ttlSeconds`). */
      iceServers: z.array(iceServerSchema).optional(),
      /** The room's recording, when one runs: show the "Recording" indicator (changes come as `recordingChanged`). */
      recording: roomRecordingSchema.nullable().optional(),
    }),
  },
  /**
   * Takes a session over on a new socket after a drop (within the reconnect grace). A session still driven by
   * another socket is taken from it (that socket gets `sessionReplaced` and is closed). The reply carries a new
   * resume token (the old one is spent) and what the server holds of this peer, so the client can re-sync.
   */
  resume: {
    request: z.object({
      protocolVersion: z.number().int(),
      peerId: idSchema,
      resumeToken: z.string().max(256),
    }),
    response: z.object({
      peers: z.array(peerInfoSchema),
      resumeToken: z.string(),
      self: selfStateSchema,
      /** The room's recording now (it may have started or stopped while the socket was down). */
      recording: roomRecordingSchema.nullable().optional(),
    }),
  },
  /** Liveness: answered at once. A client that gets no reply treats the socket as dead and reconnects. */
  ping: { request: empty, response: empty },
  leave: { request: empty, response: empty },
  setRtpCapabilities: {
    request: z.object({ rtpCapabilities: rtpCapabilitiesSchema }),
    response: empty,
  },
  createTransport: {
    request: z.object({ direction: transportDirectionSchema }),
    response: z.object({
      transportId: idSchema,
      iceParameters: iceParametersSchema,
      iceCandidates: z.array(iceCandidateSchema),
      dtlsParameters: dtlsParametersSchema,
      sctpParameters: sctpParametersSchema.optional(),
    }),
  },
  connectTransport: {
    request: z.object({ transportId: idSchema, dtlsParameters: dtlsParametersSchema }),
    response: empty,
  },
  restartIce: {
    request: z.object({ transportId: idSchema }),
    response: z.object({ iceParameters: iceParametersSchema }),
  },
  produce: {
    request: z.object({
      transportId: idSchema,
      kind: mediaKindSchema,
      source: mediaSourceSchema,
      rtpParameters: rtpParametersSchema,
      paused: z.boolean().optional(),
    }),
    response: z.object({ producerId: idSchema }),
  },
  closeProducer: { request: z.object({ producerId: idSchema }), response: empty },
  pauseProducer: { request: z.object({ producerId: idSchema }), response: empty },
  resumeProducer: { request: z.object({ producerId: idSchema }), response: empty },
  /**
   * Asks (again) for a consumer of a remote producer, e.g. after `consumeFailed`. The consumer arrives as
   * `consumerCreated`, or the failure as another `consumeFailed`; a consumer that exists already is left as is.
   */
  consume: { request: z.object({ producerId: idSchema }), response: empty },
  pauseConsumer: { request: z.object({ consumerId: idSchema }), response: empty },
  resumeConsumer: { request: z.object({ consumerId: idSchema }), response: empty },
  /**
   * The layers a client wants at most of a video (its tile size); the server's allocator picks what fits the
   * client's bandwidth below that. `pinned` ranks the video with the active speaker (above other cameras).
   */
  setConsumerPreferredLayers: {
    request: z.object({ consumerId: idSchema, pinned: z.boolean().optional() }).extend(layersSchema.shape),
    response: empty,
  },
  sendChat: {
    request: z.object({ text: chatTextSchema, to: idSchema.optional() }),
    response: z.object({ message: chatMessageSchema }),
  },
  getChatHistory: {
    request: z.object({
      beforeSeq: z.number().int().nonnegative().optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ messages: z.array(chatMessageSchema), hasMore: z.boolean() }),
  },
  setHandRaised: {
    /** Without `peerId`: one's own hand. With another peer's id: a moderator lowering it (`raised: false`). */
    request: z.object({ raised: z.boolean(), peerId: idSchema.optional() }),
    response: empty,
  },
  sendReaction: { request: z.object({ reaction: reactionSchema }), response: empty },
  /** Moderators: let a lobby entry in (its pending `join` then succeeds) or turn it away (LOBBY_DENIED). */
  admitFromLobby: { request: z.object({ lobbyId: idSchema }), response: empty },
  denyFromLobby: { request: z.object({ lobbyId: idSchema }), response: empty },
  /** Moderators: remove a participant (it gets `kicked`) or pause one of its producers (it gets `mutedByHost`). */
  kickParticipant: {
    request: z.object({ peerId: idSchema, reason: z.string().trim().min(1).max(200).optional() }),
    response: empty,
  },
  muteParticipant: { request: z.object({ peerId: idSchema, source: mediaSourceSchema }), response: empty },
  /** A host-muted participant asks the moderators to let it unmute `source` (they get `unmuteRequested`). */
  requestUnmute: { request: z.object({ source: mediaSourceSchema }), response: empty },
  /** Moderators: lift a host mute; the participant gets `unmuteAllowed` and may resume `source` again. */
  allowUnmute: { request: z.object({ peerId: idSchema, source: mediaSourceSchema }), response: empty },
  /**
   * Pages through the room's peers, in join order after `after` (a peer id). Without `viewers`: the stage (what
   * the roster shows; the `join` reply holds its first page). With `viewers: true` (moderators): the audience of
   * a webinar.
   */
  listPeers: {
    request: z.object({
      after: idSchema.optional(),
      limit: z.number().int().min(1).max(500).default(100),
      viewers: z.boolean().optional(),
    }),
    response: z.object({ peers: z.array(peerInfoSchema), hasMore: z.boolean() }),
  },
  /**
   * Moderators: grant or revoke a participant's `publish`, `screen` and `chat` at once (omitted: unchanged). It gets
   * `permissionsChanged`; revoking a grant closes the producers it covered. In a webinar, granting `publish` or
   * `screen` brings a viewer onto the stage, revoking both takes it off.
   */
  setPermissions: {
    request: z.object({
      peerId: idSchema,
      grants: z
        .object({ publish: z.boolean().optional(), screen: z.boolean().optional(), chat: z.boolean().optional() })
        .refine((patch) => Object.keys(patch).length > 0, 'give at least one of publish, screen, chat'),
    }),
    response: z.object({ grants: grantsSchema }),
  },
  /** Moderators: let a kicked identity join this room again before its token expires. */
  liftBan: { request: z.object({ identity: z.string().min(1).max(128) }), response: empty },
  /**
   * Holders of the `record` grant: record the room (every track, and a composed file after it stops). Everyone gets
   * `recordingChanged`. CONFLICT when a recording runs already, STORAGE_FULL when the disk is below its floor.
   */
  startRecording: { request: empty, response: roomRecordingSchema },
  /** Holders of the `record` grant: stop the room's recording (NOT_FOUND when none runs). */
  stopRecording: { request: empty, response: empty },
} as const;

export type Method = keyof typeof methods;
export const METHOD_NAMES = Object.keys(methods) as Method[];
export type RequestData<M extends Method> = z.infer<(typeof methods)[M]['request']>;
export type ResponseData<M extends Method> = z.infer<(typeof methods)[M]['response']>;

export function isMethod(name: string): name is Method {
  return Object.hasOwn(methods, name);
}

// TypeScript cannot correlate `methods[M]` with `M` through zod's inferred unions, so the one cast that
// ties a method name to its parsed data lives here, behind runtime validation.

/** Validates a request's data against its method's schema (throws ZodError). */
export function parseRequest<M extends Method>(method: M, data: unknown): RequestData<M> {
  return methods[method].request.parse(data) as RequestData<M>;
}

/** Validates a response's data against its method's schema (throws ZodError). */
export function parseResponse<M extends Method>(method: M, data: unknown): ResponseData<M> {
  return methods[method].response.parse(data) as ResponseData<M>;
}
