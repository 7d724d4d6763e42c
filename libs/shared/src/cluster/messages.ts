import { z } from 'zod';
import {
  chatMessageSchema,
  idSchema,
  lobbyEntrySchema,
  mediaSourceSchema,
  peerInfoSchema,
  peerRoleSchema,
  reactionSchema,
  roomIdSchema,
} from '../protocol/entities.js';
import { mediaKindSchema, rtpParametersSchema } from '../protocol/mediasoup.js';
import { grantsSchema } from '../api/auth.js';
import { participantSchema } from '../api/live.js';
import { callSummarySchema } from '../api/rooms.js';

// Messages between Huddle nodes over the Redis bus, validated on receipt like client frames. Bumped on every
// incompatible change; a node drops messages of another version (and says so in its log).
export const CLUSTER_VERSION = 1;

const nodeIdSchema = z.string().min(1).max(64);

/** What a node publishes about itself every heartbeat (`huddle:node:<id>`, expiring after 3 beats). */
export const nodeInfoSchema = z.object({
  id: nodeIdSchema,
  /** Its HTTP base URL as other nodes and the admin dashboard reach it. */
  url: z.string(),
  /** Where other nodes send cross-node pipe media. */
  address: z.string(),
  draining: z.boolean(),
  startedAt: z.number().int(),
  at: z.number().int(),
  stats: z.object({
    cpu: z.number(),
    rooms: z.number().int(),
    peers: z.number().int(),
    consumers: z.number().int(),
    maxPeers: z.number().int(),
  }),
});
export type NodeInfo = z.infer<typeof nodeInfoSchema>;

const roomEvent = <K extends string, T extends z.ZodRawShape>(kind: K, shape: T) =>
  z.object({ kind: z.literal(kind), room: roomIdSchema, ...shape });

/** Events on a room's channel, from the node whose peer they concern; every node hosting the room hears them. */
export const roomEventSchema = z.discriminatedUnion('kind', [
  roomEvent('peer.joined', { peer: peerInfoSchema, onStage: z.boolean() }),
  roomEvent('peer.left', { peerId: idSchema }),
  roomEvent('peer.state', { peerId: idSchema, state: peerInfoSchema.shape.state }),
  roomEvent('peer.role', { peerId: idSchema, role: peerRoleSchema }),
  roomEvent('peer.stage', { peer: peerInfoSchema, onStage: z.boolean() }),
  roomEvent('peer.hand', { peerId: idSchema, raised: z.boolean(), byPeerId: idSchema, onStage: z.boolean() }),
  roomEvent('producer.added', {
    peerId: idSchema,
    producerId: idSchema,
    mediaKind: mediaKindSchema,
    source: mediaSourceSchema,
    paused: z.boolean(),
  }),
  roomEvent('producer.paused', { producerId: idSchema }),
  roomEvent('producer.resumed', { producerId: idSchema }),
  roomEvent('producer.closed', { producerId: idSchema }),
  /** A chat message (a private one has `to`: only the node hosting that peer delivers it). */
  roomEvent('chat', { message: chatMessageSchema }),
  roomEvent('reaction', { peerId: idSchema, reaction: reactionSchema, onStage: z.boolean() }),
  roomEvent('lobby', { waiting: z.array(lobbyEntrySchema) }),
  roomEvent('closed', { reason: z.enum(['closedByAdmin', 'workerDied', 'serverShutdown']) }),
  /** The sending node no longer hosts the meeting: its peers and piped media are gone. */
  roomEvent('node.left', {}),
  roomEvent('audience', { viewers: z.number().int().nonnegative() }),
  roomEvent('wanted', { producerId: idSchema, spatialLayer: z.number().int().min(0).max(3) }),
]);
export type RoomEvent = z.infer<typeof roomEventSchema>;

/** A room's state on one node, for a node that starts hosting the room. */
export const roomSnapshotSchema = z.object({
  peers: z.array(z.object({ peer: peerInfoSchema, onStage: z.boolean() })),
  producers: z.array(
    z.object({
      peerId: idSchema,
      producerId: idSchema,
      mediaKind: mediaKindSchema,
      source: mediaSourceSchema,
      paused: z.boolean(),
    }),
  ),
  lobby: z.array(lobbyEntrySchema),
  viewers: z.number().int().nonnegative(),
});
export type RoomSnapshot = z.infer<typeof roomSnapshotSchema>;

const srtpSchema = z.object({ cryptoSuite: z.string(), keyBase64: z.string() });
const tupleSchema = z.object({ ip: z.string(), port: z.number().int() });

/** Calls one node makes on another (answered on the caller's node channel). */
export const rpcCalls = {
  /** A room's state on the called node. */
  'room.snapshot': { params: z.object({ room: roomIdSchema }), result: roomSnapshotSchema },
  /**
   * The caller made its end of a pipe for `room` (listening at `tuple`, SRTP with `srtp`); the called node makes
   * its end, connects it to the caller's, and answers with its own for the caller to connect.
   */
  'pipe.connect': {
    params: z.object({ room: roomIdSchema, pipeId: idSchema, tuple: tupleSchema, srtp: srtpSchema }),
    result: z.object({ tuple: tupleSchema, srtp: srtpSchema }),
  },
  /** Starts sending `producerId` over the pipe `pipeId`: the RTP parameters to produce it with on the caller's end. */
  'pipe.consume': {
    params: z.object({ room: roomIdSchema, pipeId: idSchema, producerId: idSchema }),
    result: z.object({
      kind: mediaKindSchema,
      rtpParameters: rtpParametersSchema,
      paused: z.boolean(),
      peerId: idSchema,
      source: mediaSourceSchema,
    }),
  },
  /** Moderation of a peer the called node hosts. */
  'peer.moderate': {
    params: z.object({
      room: roomIdSchema,
      peerId: idSchema,
      action: z.discriminatedUnion('type', [
        z.object({ type: z.literal('kick'), reason: z.string() }),
        z.object({ type: z.literal('mute'), source: mediaSourceSchema }),
        z.object({ type: z.literal('allowUnmute'), source: mediaSourceSchema }),
        z.object({
          type: z.literal('permissions'),
          grants: grantsSchema.pick({ publish: true, screen: true, chat: true }).partial(),
        }),
        z.object({ type: z.literal('lowerHand'), byPeerId: idSchema }),
      ]),
    }),
    result: z.object({ identity: z.string().nullable(), grants: grantsSchema }),
  },
  /** The calls the called node hosts (the admin API shows the whole cluster's). */
  'node.calls': { params: z.object({}), result: z.object({ calls: z.array(callSummarySchema) }) },
  /** The participants of a call the called node hosts. */
  'room.participants': {
    params: z.object({ room: roomIdSchema }),
    result: z.object({ participants: z.array(participantSchema) }),
  },
  /** A moderator elsewhere lets in (or turns away) someone waiting in the called node's lobby. */
  'lobby.decide': {
    params: z.object({ room: roomIdSchema, lobbyId: idSchema, admit: z.boolean() }),
    result: z.object({}),
  },
} as const;
export type RpcMethod = keyof typeof rpcCalls;
export type RpcParams<M extends RpcMethod> = z.infer<(typeof rpcCalls)[M]['params']>;
export type RpcResult<M extends RpcMethod> = z.infer<(typeof rpcCalls)[M]['result']>;
export const RPC_METHODS = Object.keys(rpcCalls) as RpcMethod[];

export function isRpcMethod(name: string): name is RpcMethod {
  return Object.hasOwn(rpcCalls, name);
}

/** Messages on a node's own channel: calls, their answers, and relayed signaling sessions. */
export const nodeMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rpc.call'), id: idSchema, from: nodeIdSchema, method: z.string(), params: z.unknown() }),
  z.object({
    kind: z.literal('rpc.answer'),
    id: idSchema,
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
  /** Edge → host: a client's signaling frame (the first one opens the session). */
  z.object({
    kind: z.literal('relay.in'),
    session: idSchema,
    from: nodeIdSchema,
    text: z.string(),
    address: z.string(),
  }),
  /** Host → edge: a frame for the client. */
  z.object({ kind: z.literal('relay.out'), session: idSchema, text: z.string() }),
  /** Either way: the session ended (the client's socket closed, or the host closed it with `code`). */
  z.object({ kind: z.literal('relay.close'), session: idSchema, code: z.number().int(), reason: z.string() }),
]);
export type NodeMessage = z.infer<typeof nodeMessageSchema>;

/** Every message carries the version and the sender. */
export const envelopeSchema = z.object({ v: z.number().int(), from: nodeIdSchema, body: z.unknown() });

// As with signaling methods, the one cast tying a call's name to its parsed data lives here, behind validation.

/** Validates a call's parameters against its method's schema (throws ZodError). */
export function parseRpcParams<M extends RpcMethod>(method: M, data: unknown): RpcParams<M> {
  return rpcCalls[method].params.parse(data) as RpcParams<M>;
}

/** Validates a call's result against its method's schema (throws ZodError). */
export function parseRpcResult<M extends RpcMethod>(method: M, data: unknown): RpcResult<M> {
  return rpcCalls[method].result.parse(data) as RpcResult<M>;
}
