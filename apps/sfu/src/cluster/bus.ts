import { randomUUID } from 'node:crypto';
import {
  CLUSTER_VERSION,
  envelopeSchema,
  errorCodeSchema,
  isRpcMethod,
  nodeMessageSchema,
  parseRpcParams,
  parseRpcResult,
  roomEventSchema,
  type NodeMessage,
  type RoomEvent,
  type RpcMethod,
  type RpcParams,
  type RpcResult,
} from '@huddle/shared';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RedisConnection } from './redisConnection.js';

const NODE_CHANNEL = 'huddle:bus:node:';
const ROOM_CHANNEL = 'huddle:bus:room:';
const RPC_TIMEOUT_MS = 5_000;

export type RpcHandler<M extends RpcMethod> = (params: RpcParams<M>, from: string) => Promise<RpcResult<M>>;
type AnyHandler = (params: unknown, from: string) => Promise<unknown>;
type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

export interface BusListener {
  roomEvent(event: RoomEvent, from: string): void;
  relay(message: Extract<NodeMessage, { kind: 'relay.in' | 'relay.out' | 'relay.close' }>): void;
}

/**
 * The message bus between nodes, on Redis pub/sub: one channel per node (calls, their answers, relayed signaling)
 * and one per room (events every node hosting the room hears). Every message is an envelope with the cluster
 * protocol version and the sender, validated on receipt; a bad or foreign-version message is logged and dropped.
 * Calls time out (5 s) with SERVICE_UNAVAILABLE; a handler's HuddleError comes back to the caller as itself.
 */
export class Bus {
  readonly nodeId: string;
  readonly #redis: RedisConnection;
  readonly #log: Logger;
  readonly #listener: BusListener;
  readonly #handlers = new Map<string, AnyHandler>();
  readonly #pending = new Map<string, Pending>();

  constructor(nodeId: string, redis: RedisConnection, listener: BusListener, log: Logger) {
    this.nodeId = nodeId;
    this.#redis = redis;
    this.#listener = listener;
    this.#log = log.child({ component: 'bus' });
    redis.subscriber.on('message', (channel: string, text: string) => this.#receive(channel, text));
  }

  async start(): Promise<void> {
    await this.#redis.subscriber.subscribe(NODE_CHANNEL + this.nodeId);
  }

  handle<M extends RpcMethod>(method: M, handler: RpcHandler<M>): void {
    this.#handlers.set(method, async (params, from) => handler(parseRpcParams(method, params), from));
  }

  async joinRoom(room: string): Promise<void> {
    await this.#redis.subscriber.subscribe(ROOM_CHANNEL + room);
  }

  async leaveRoom(room: string): Promise<void> {
    await this.#redis.subscriber.unsubscribe(ROOM_CHANNEL + room);
  }

  /** Fire and forget: a lost event (Redis away) is logged, never thrown. */
  publishRoom(event: RoomEvent): void {
    this.#publish(ROOM_CHANNEL + event.room, event);
  }

  send(node: string, message: NodeMessage): void {
    this.#publish(NODE_CHANNEL + node, message);
  }

  call<M extends RpcMethod>(node: string, method: M, params: RpcParams<M>): Promise<RpcResult<M>> {
    const id = randomUUID();
    return new Promise<RpcResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new HuddleError('SERVICE_UNAVAILABLE', `node ${node} did not answer ${method} in time`));
      }, RPC_TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (result) => {
          try {
            resolve(parseRpcResult(method, result));
          } catch (error) {
            reject(
              new HuddleError('INTERNAL', `node ${node} answered ${method} with something else`, { cause: error }),
            );
          }
        },
        reject,
        timer,
      });
      this.send(node, { kind: 'rpc.call', id, from: this.nodeId, method, params });
    });
  }

  close(): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new HuddleError('SERVICE_UNAVAILABLE', 'the cluster connection closed'));
    }
    this.#pending.clear();
  }

  #publish(channel: string, body: unknown): void {
    const text = JSON.stringify({ v: CLUSTER_VERSION, from: this.nodeId, body });
    this.#redis.commands.publish(channel, text).catch((error: unknown) => {
      this.#log.warn({ err: error, channel }, 'could not publish to the cluster (redis away?)');
    });
  }

  #receive(channel: string, text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.#log.warn({ channel }, 'dropped a bus message that is not JSON');
      return;
    }
    const envelope = envelopeSchema.safeParse(parsed);
    if (!envelope.success || envelope.data.v !== CLUSTER_VERSION) {
      this.#log.warn(
        { channel, version: envelope.success ? envelope.data.v : undefined },
        'dropped a bus message of another version or shape',
      );
      return;
    }
    const { from, body } = envelope.data;
    if (channel.startsWith(ROOM_CHANNEL)) {
      if (from === this.nodeId) return;
      const event = roomEventSchema.safeParse(body);
      if (event.success) this.#listener.roomEvent(event.data, from);
      else this.#log.warn({ channel, from }, 'dropped an invalid room event');
      return;
    }
    const message = nodeMessageSchema.safeParse(body);
    if (!message.success) {
      this.#log.warn({ channel, from }, 'dropped an invalid node message');
      return;
    }
    this.#dispatch(message.data);
  }

  #dispatch(message: NodeMessage): void {
    switch (message.kind) {
      case 'rpc.call':
        void this.#answer(message);
        return;
      case 'rpc.answer': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve(message.result);
        else pending.reject(remoteError(message.error));
        return;
      }
      default:
        this.#listener.relay(message);
    }
  }

  async #answer(call: Extract<NodeMessage, { kind: 'rpc.call' }>): Promise<void> {
    const handler = isRpcMethod(call.method) ? this.#handlers.get(call.method) : undefined;
    try {
      if (!handler) throw new HuddleError('UNKNOWN_METHOD', `no cluster method ${call.method}`);
      const result = await handler(call.params, call.from);
      this.send(call.from, { kind: 'rpc.answer', id: call.id, ok: true, result });
    } catch (error) {
      const known = error instanceof HuddleError && error.expose;
      if (!known) this.#log.error({ err: error, method: call.method, from: call.from }, 'cluster call failed');
      const body = known
        ? { code: error.code, message: error.message }
        : { code: 'INTERNAL', message: 'internal error' };
      this.send(call.from, { kind: 'rpc.answer', id: call.id, ok: false, error: body });
    }
  }
}

function remoteError(error: { code: string; message: string } | undefined): Error {
  const known = errorCode(error?.code);
  return new HuddleError(known ?? 'INTERNAL', error?.message ?? 'the other node failed', {
    expose: known !== undefined,
  });
}

function errorCode(code: string | undefined): HuddleError['code'] | undefined {
  const parsed = errorCodeSchema.safeParse(code);
  return parsed.success ? parsed.data : undefined;
}
