import { randomBytes } from 'node:crypto';
import {
  CLOSE_CODES,
  isMethod,
  parseRequest,
  requestFrameSchema,
  requestIdSchema,
  type ErrorBody,
  type Method,
  type NotificationData,
  type NotificationName,
} from '@huddle/shared';
import type { RawData } from 'ws';
import type { JoinTokens } from '../auth/joinTokens.js';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import { iceServersFor, type TurnServers } from '../media/turn/iceServers.js';
import type { JoiningConnection } from '../rooms/room.js';
import type { RoomManager } from '../rooms/roomManager.js';
import { SerialQueue } from '../rooms/serialQueue.js';
import type { NotificationSink } from '../rooms/types.js';
import type { Store } from '../store/store.js';
import type { RecordingService } from '../recording/recordingService.js';
import type { Handlers, Session, SessionContext } from './context.js';
import type { FrameSocket } from './frameSocket.js';
import { toErrorBody } from './errors.js';
import { assertGrants } from './grants.js';
import { RateLimiter } from './rateLimiter.js';

/** Requests that bind or unbind the connection's session run one at a time; all others run at once. */
const SESSION_METHODS: ReadonlySet<Method> = new Set(['join', 'resume', 'leave']);
/** A socket told to close (slow reader, replaced session) that does not finish the close handshake is cut. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Cluster mode: where a session should be served. A `join` or `resume` that belongs on another node makes this
 * connection a relay: from then on its frames go there and the answers come back.
 */
export interface SessionRouter {
  /** Undefined: serve it here; else the node to relay the session to. */
  route(method: 'join' | 'resume', data: unknown): Promise<string | undefined>;
  /** Opens the relay: `first` is the frame that decided it; `client` is how answers reach the socket. */
  relay(node: string, client: RelayClient, first: string, address: string): RelayUplink;
}

/** The client's socket, as the relay writes to it. */
export interface RelayClient {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** The relay, as the client's socket feeds it. */
export interface RelayUplink {
  forward(text: string): void;
  /** The client's socket closed. */
  closed(): void;
}

export type ConnectionDeps = {
  rooms: RoomManager;
  recordings: RecordingService;
  /** Absent on a single node, and for sessions relayed to this node (they are never relayed again). */
  router?: SessionRouter | undefined;
  turn: TurnServers | undefined;
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

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The frame's text, or undefined when it is not valid UTF-8. */
function rawText(raw: RawData): string | undefined {
  const bytes = Array.isArray(raw) ? Buffer.concat(raw) : raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * One signaling WebSocket: size and rate limits, parse → validate → dispatch. Requests run concurrently (a slow
 * one never holds up a consumer resume), except join/resume/leave, which run one at a time. A bad frame gets an
 * error reply and the connection lives on. A client that stops reading (its unsent data passes
 * `signaling.maxBufferedBytes`) is closed with 4002, so its backlog cannot grow the server's memory.
 */
export class SignalingConnection implements NotificationSink {
  readonly #socket: FrameSocket;
  readonly #address: string;
  readonly #deps: ConnectionDeps;
  readonly #log: Logger;
  readonly #limiter: RateLimiter;
  readonly #sessionQueue = new SerialQueue();
  readonly #closed = new AbortController();
  readonly #connection: JoiningConnection;
  #session: Session | undefined;
  #unbindOnPeerClose: (() => void) | undefined;
  /** The nonce of the ping waiting for its pong. */
  #pingInFlight: Buffer | undefined;

  /** The session went to another node: this connection only carries its frames now. */
  #relay: RelayUplink | undefined;

  constructor(socket: FrameSocket, deps: ConnectionDeps, log: Logger, address: string) {
    this.#socket = socket;
    this.#deps = deps;
    this.#log = log;
    this.#address = address;
    this.#connection = { sink: this, closed: this.#closed.signal };
    const { ratePerSecond, rateBurst } = deps.config.signaling;
    this.#limiter = new RateLimiter(ratePerSecond, rateBurst);
    socket.listen({
      message: (raw, isBinary) => this.#onMessage(raw, isBinary),
      // Only the answer to our ping (it echoes the ping's nonce) proves the peer alive; an unsolicited pong does not.
      pong: (data) => {
        if (this.#pingInFlight !== undefined && data.equals(this.#pingInFlight)) this.#pingInFlight = undefined;
      },
      close: () => this.#onClose(),
    });
  }

  /** Called by the heartbeat: false when the last ping went unanswered (the caller terminates the socket). */
  ping(): boolean {
    if (!this.#socket.ping) return true;
    if (this.#pingInFlight !== undefined) return false;
    this.#pingInFlight = randomBytes(8);
    this.#socket.ping(this.#pingInFlight);
    return true;
  }

  terminate(): void {
    this.#socket.terminate();
  }

  /** The server is going away: close with `code` (the client reconnects elsewhere or later). */
  shutDown(code: number): void {
    this.#closeWith(code, 'SERVER_SHUTDOWN');
  }

  /** Refuses this socket before it does anything: one error frame, then a close with `code`. */
  refuse(error: ErrorBody, code: number): void {
    this.#replyError(null, error);
    this.#closeWith(code, error.code);
  }

  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    this.#send({ notification: name, data });
  }

  /** A `resume` on another socket took the session: tell the client, let go of the session, close. */
  replaced(): void {
    this.#log.debug({ peer: this.#session?.peer.id }, 'session taken over by another socket');
    this.notify('sessionReplaced', {});
    this.#unbind();
    this.#closeWith(CLOSE_CODES.sessionReplaced, 'SESSION_REPLACED');
  }

  #send(frame: object): void {
    if (!this.#relay) this.#sendText(JSON.stringify(frame));
  }

  #sendText(text: string): void {
    if (!this.#socket.open) return;
    this.#socket.send(text);
    if (this.#socket.bufferedAmount > this.#deps.config.signaling.maxBufferedBytes) {
      this.#log.warn({ buffered: this.#socket.bufferedAmount }, 'client stopped reading; closing its socket');
      this.#closeWith(CLOSE_CODES.slowConsumer, 'SLOW_CONSUMER');
    }
  }

  #closeWith(code: number, reason: string): void {
    this.#socket.close(code, reason);
    setTimeout(() => this.#socket.terminate(), CLOSE_GRACE_MS).unref();
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
    const text = rawText(raw);
    if (text === undefined) {
      this.#replyError(null, { code: 'INVALID_FRAME', message: 'frame is not valid UTF-8 text' });
      return;
    }
    if (this.#relay) {
      this.#relay.forward(text);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.#replyError(null, { code: 'BAD_JSON', message: 'frame is not valid JSON' });
      return;
    }
    const frame = requestFrameSchema.safeParse(parsed);
    if (!frame.success) {
      const id = requestIdSchema.safeParse(
        typeof parsed === 'object' && parsed !== null && 'id' in parsed ? parsed.id : null,
      );
      const message = 'a request is {"id": <integer>, "method": <string>, "data": <object>}';
      this.#replyError(id.success ? id.data : null, { code: 'INVALID_FRAME', message });
      return;
    }
    const { id, method, data } = frame.data;
    if (!isMethod(method)) {
      this.#replyError(id, { code: 'UNKNOWN_METHOD', message: `unknown method "${method}"` });
      return;
    }
    if (SESSION_METHODS.has(method)) {
      void this.#sessionQueue.run(() => this.#routeSession(id, method, data ?? {}, text));
    } else {
      void this.#handle(id, method, data ?? {});
    }
  }

  /** A join or resume: served here, or (cluster) the whole session is relayed to the node it belongs on. */
  async #routeSession<M extends Method>(id: number, method: M, data: unknown, text: string): Promise<void> {
    const router = this.#deps.router;
    if (router && !this.#session && (method === 'join' || method === 'resume')) {
      let target: string | undefined;
      try {
        target = await router.route(method, data);
      } catch (error) {
        this.#replyError(id, toErrorBody(error, this.#log.child({ method })));
        return;
      }
      if (target !== undefined && this.#socket.open && !this.#closed.signal.aborted) {
        this.#log.debug({ node: target, method }, 'session relayed to another node');
        this.#relay = router.relay(
          target,
          { send: (out) => this.#sendText(out), close: (code, reason) => this.#closeWith(code, reason) },
          text,
          this.#address,
        );
        return;
      }
    }
    await this.#handle(id, method, data);
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
    const { rooms, tokens, config, recordings } = this.#deps;
    return {
      rooms,
      tokens,
      recordings,
      config,
      log: this.#log,
      iceServers: (peerId) => iceServersFor(this.#deps.turn, peerId),
      connection: this.#connection,
      session: this.#session,
      requireSession: () => {
        const session = this.#session;
        if (!session || session.peer.closed) throw new HuddleError('NOT_JOINED', 'join a room first');
        return session;
      },
      bind: (session) => this.#bind(session),
      audit: (action, target, details) => {
        const actor = this.#session?.peer.actor ?? 'anonymous';
        return this.#deps.store.audit.record({ actor, action, target, ...(details === undefined ? {} : { details }) });
      },
      afterReply: (task) => after.push(task),
    };
  }

  #bind(session: Session): void {
    if (this.#closed.signal.aborted) {
      throw new HuddleError('CONNECTION_CLOSED', 'the connection closed before the session could start');
    }
    this.#unbind();
    this.#session = session;
    this.#log.debug({ peer: session.peer.id, room: session.room.id }, 'session bound');
    const unbind = (): void => {
      if (this.#session === session) this.#session = undefined;
    };
    session.peer.once('close', unbind);
    this.#unbindOnPeerClose = () => session.peer.off('close', unbind);
  }

  #unbind(): void {
    this.#unbindOnPeerClose?.();
    this.#unbindOnPeerClose = undefined;
    this.#session = undefined;
  }

  #onClose(): void {
    this.#closed.abort();
    this.#relay?.closed();
    const session = this.#session;
    this.#unbind();
    this.#log.debug({ peer: session?.peer.id }, 'socket closed');
    if (session) session.room.disconnect(session.peer, this);
  }
}
