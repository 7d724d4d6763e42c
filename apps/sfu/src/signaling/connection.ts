import {
  isMethod,
  parseRequest,
  requestFrameSchema,
  type ErrorBody,
  type Method,
  type NotificationData,
  type NotificationName,
} from '@huddle/shared';
import type { RawData, WebSocket } from 'ws';
import type { JoinTokens } from '../auth/joinTokens.js';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RoomManager } from '../rooms/roomManager.js';
import type { NotificationSink } from '../rooms/types.js';
import type { Store } from '../store/store.js';
import type { Handlers, Session, SessionContext } from './context.js';
import { toErrorBody } from './errors.js';
import { assertGrants } from './grants.js';
import { RateLimiter } from './rateLimiter.js';

/** Requests that bind or unbind the connection's session run one at a time; all others run at once. */
const SESSION_METHODS: ReadonlySet<Method> = new Set(['join', 'resume', 'leave']);

export type ConnectionDeps = {
  rooms: RoomManager;
  store: Store;
  tokens: JoinTokens;
  config: Config;
  log: Logger;
  handlers: Handlers;
};

function rawSize(raw: RawData): number {
  if (Array.isArray(raw)) return raw.reduce((total, chunk) => total + chunk.length, 0);
  return raw instanceof ArrayBuffer ? raw.byteLength : raw.length;
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw).toString('utf8');
}

/**
 * One signaling WebSocket: size and rate limits, parse → validate → dispatch. Requests run concurrently (a slow
 * one never holds up a consumer resume), except join/resume/leave, which run one at a time.
 * A bad frame gets an error reply and the connection lives on.
 */
export class SignalingConnection implements NotificationSink {
  readonly #socket: WebSocket;
  readonly #deps: ConnectionDeps;
  readonly #log: Logger;
  readonly #limiter: RateLimiter;
  #session: Session | undefined;
  #unbindOnPeerClose: (() => void) | undefined;
  #sessionQueue: Promise<void> = Promise.resolve();
  readonly #closed = new AbortController();
  #alive = true;

  constructor(socket: WebSocket, deps: ConnectionDeps, log: Logger) {
    this.#socket = socket;
    this.#deps = deps;
    this.#log = log;
    const { ratePerSecond, rateBurst } = deps.config.signaling;
    this.#limiter = new RateLimiter(ratePerSecond, rateBurst);
    socket.on('message', (raw, isBinary) => this.#onMessage(raw, isBinary));
    socket.on('pong', () => {
      this.#alive = true;
    });
    socket.on('close', () => this.#onClose());
    socket.on('error', (error) => this.#log.debug({ err: error }, 'socket error'));
  }

  /** Called by the heartbeat: false when the last ping went unanswered (the caller terminates the socket). */
  ping(): boolean {
    if (!this.#alive) return false;
    this.#alive = false;
    this.#socket.ping();
    return true;
  }

  terminate(): void {
    this.#socket.terminate();
  }

  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    this.#send({ notification: name, data });
  }

  #send(frame: object): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  #replyError(id: number | null, error: ErrorBody): void {
    this.#send({ id, ok: false, error });
  }

  #onMessage(raw: RawData, isBinary: boolean): void {
    const { maxFrameBytes } = this.#deps.config.signaling;
    if (!this.#limiter.take()) {
      this.#replyError(null, { code: 'RATE_LIMITED', message: 'too many frames; slow down' });
      return;
    }
    if (rawSize(raw) > maxFrameBytes) {
      this.#replyError(null, { code: 'FRAME_TOO_LARGE', message: `frames are limited to ${maxFrameBytes} bytes` });
      return;
    }
    if (isBinary) {
      this.#replyError(null, { code: 'INVALID_FRAME', message: 'binary frames are not supported; send JSON text' });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(raw));
    } catch {
      this.#replyError(null, { code: 'BAD_JSON', message: 'frame is not valid JSON' });
      return;
    }
    const frame = requestFrameSchema.safeParse(parsed);
    if (!frame.success) {
      const id = typeof parsed === 'object' && parsed !== null && 'id' in parsed ? parsed.id : null;
      const message = 'a request is {"id": <integer>, "method": <string>, "data": <object>}';
      this.#replyError(Number.isSafeInteger(id) ? Number(id) : null, { code: 'INVALID_FRAME', message });
      return;
    }
    const { id, method, data } = frame.data;
    if (!isMethod(method)) {
      this.#replyError(id, { code: 'UNKNOWN_METHOD', message: `unknown method "${method}"` });
      return;
    }
    if (SESSION_METHODS.has(method)) {
      this.#sessionQueue = this.#sessionQueue.then(() => this.#handle(id, method, data ?? {}));
    } else {
      void this.#handle(id, method, data ?? {});
    }
  }

  async #handle<M extends Method>(id: number, method: M, data: unknown): Promise<void> {
    const after: Array<() => void> = [];
    try {
      const input = parseRequest(method, data);
      const context = this.#context(after);
      assertGrants(method, input, context);
      const result = await this.#deps.handlers[method](context, input);
      this.#send({ id, ok: true, data: result });
    } catch (error) {
      this.#replyError(id, toErrorBody(error, this.#log.child({ method })));
    }
    for (const task of after) task();
  }

  #context(after: Array<() => void>): SessionContext {
    const { rooms, tokens, config } = this.#deps;
    return {
      rooms,
      tokens,
      config,
      closed: this.#closed.signal,
      log: this.#log,
      sink: this,
      session: this.#session,
      requireSession: () => {
        const session = this.#session;
        if (!session || session.peer.closed) throw new HuddleError('NOT_JOINED', 'join a room first');
        return session;
      },
      bind: (session) => this.#bind(session),
      audit: (action, target, details) => {
        const peer = this.#session?.peer;
        const actor = peer ? `peer:${peer.displayName} (${peer.identity ?? peer.id})` : 'anonymous';
        this.#deps.store.audit.record({ actor, action, target, ...(details === undefined ? {} : { details }) });
      },
      afterReply: (task) => after.push(task),
    };
  }

  #bind(session: Session): void {
    this.#session = session;
    const unbind = (): void => {
      if (this.#session === session) this.#session = undefined;
    };
    session.peer.once('close', unbind);
    this.#unbindOnPeerClose = () => session.peer.off('close', unbind);
  }

  #onClose(): void {
    this.#closed.abort();
    const session = this.#session;
    this.#unbindOnPeerClose?.();
    this.#session = undefined;
    if (session) session.room.disconnect(session.peer, this);
  }
}
