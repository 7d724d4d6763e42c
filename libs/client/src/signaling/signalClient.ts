import {
  CLOSE_CODES,
  isNotificationName,
  requestIdSchema,
  serverFrameSchema,
  type ErrorCode,
  type Method,
  type NotificationData,
  type NotificationFrame,
  type NotificationName,
  type RequestData,
  type ResponseData,
  type ResponseFrame,
} from '@huddle/shared';
import { z } from 'zod';
import { TypedEmitter } from '../emitter.js';
import { invalidFrame, SignalError } from '../errors.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { Liveness, type LivenessOptions } from './liveness.js';
import { NotificationBus, type NotificationSource } from './notifications.js';
import { methodSchemas, notificationSchemas } from './protocol.js';
import {
  discardSocket,
  socketConstructor,
  type SignalSocket,
  type SignalSocketConstructor,
  type SocketClose,
} from './socket.js';

export type SignalClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export type ReconnectOptions = BackoffOptions & {
  /** Reconnect attempts after an unexpected drop before giving up ('closed'); unlimited by default. */
  maxAttempts: number;
};

export type SignalClientOptions = {
  /** `ws(s)://<host>/ws`; see signalingUrl() and signalingUrlOf(). */
  url: string;
  /** The WebSocket implementation; default: the runtime's own (Node 20 has none: pass the `ws` package's). */
  WebSocket?: SignalSocketConstructor;
  /** How long a request waits for its reply; 10 s by default. */
  requestTimeoutMs?: number;
  /** How long opening a socket may take (a server that accepts TCP but never answers counts as down); 5 s. */
  connectTimeoutMs?: number;
  /** App-level pings on an idle socket, so a dead one is noticed within seconds; `false` turns them off. */
  liveness?: Partial<LivenessOptions> | false;
  /** Reconnecting after a drop; `false`: a drop closes the client. */
  reconnect?: Partial<ReconnectOptions> | false;
  /** Deliver notifications into this bus (a room session keeps one bus across its sockets); default: a new one. */
  notifications?: NotificationBus;
};

export type RequestOptions = {
  /** Overrides the client's request timeout; `null`: wait as long as the socket lives (e.g. a lobby join). */
  timeoutMs?: number | null;
  /** Gives up on the reply when aborted (rejects with the abort reason when it is an Error). */
  abort?: AbortSignal;
};

/** How the socket went away: its close code and reason (a local code 4000 when we found it dead). */
export type SocketLoss = SocketClose & { error: SignalError };

export type SignalClientEvents = {
  /** The socket dropped or went silent; pending requests were rejected and reconnecting has begun. */
  disconnected: [loss: SocketLoss];
  /** A new socket is open after a drop. The server does not know it yet: resume the session on it. */
  reconnected: [];
  /** Closed for good: by close(), by the server replacing this session, or after the last reconnect attempt. */
  closed: [loss: SocketLoss | undefined];
  /** An inbound frame that could not be used (not valid protocol), or an error reply to an unreadable request. */
  error: [error: SignalError];
};

type Pending = { settle: (frame: ResponseFrame) => void; fail: (error: SignalError) => void };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 500, maxDelayMs: 10_000, maxAttempts: Infinity };
/** The close code we give a socket we found dead (4000–4999 is the application range). */
const DEAD_SOCKET = 4000;
const frameIdSchema = z.object({ id: requestIdSchema });

/** What pending requests fail with when the socket closes with `code`. */
function lossCode(code: number): ErrorCode {
  if (code === CLOSE_CODES.tooManyConnections) return 'TOO_MANY_CONNECTIONS';
  if (code === CLOSE_CODES.serverShutdown) return 'SERVER_DRAINING';
  return 'CONNECTION_CLOSED';
}

/**
 * The signaling connection: typed requests correlated by id (with a timeout), typed notifications, every inbound
 * frame validated with the shared schemas, liveness (an idle socket is pinged; a request that times out on a
 * socket silent since it was sent means the socket is dead), and reconnection with capped, jittered exponential
 * backoff. A socket the server closes with `sessionReplaced` (another socket resumed the session) is not reopened.
 */
export class SignalClient extends TypedEmitter<SignalClientEvents> {
  readonly #url: string;
  readonly #WebSocket: SignalSocketConstructor;
  readonly #timeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #reconnect: ReconnectOptions | false;
  readonly #pending = new Map<number, Pending>();
  readonly #notifications: NotificationBus;
  readonly #liveness: Liveness | undefined;
  #socket: SignalSocket | undefined;
  #state: SignalClientState = 'idle';
  #nextId = 1;
  #lastFrameAt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SignalClientOptions) {
    super();
    this.#url = options.url;
    this.#WebSocket = socketConstructor(options.WebSocket);
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#reconnect = options.reconnect === false ? false : { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.#notifications = options.notifications ?? new NotificationBus();
    if (options.liveness !== false) {
      this.#liveness = new Liveness(options.liveness, {
        idleFor: () => Date.now() - this.#lastFrameAt,
        ping: (timeoutMs) => this.request('ping', {}, { timeoutMs }).then(() => undefined),
      });
    }
  }

  get state(): SignalClientState {
    return this.#state;
  }

  get url(): string {
    return this.#url;
  }

  /** The server's notifications, typed from the protocol's table. */
  get notifications(): NotificationSource {
    return this.#notifications;
  }

  /** Opens the first socket. Rejects (and the client is closed) if it cannot. */
  async connect(): Promise<void> {
    if (this.#state !== 'idle') throw new SignalError('CONFLICT', `cannot connect: the client is ${this.#state}`);
    this.#state = 'connecting';
    try {
      await this.#dial();
    } catch (error) {
      this.#shutdown(undefined);
      throw error;
    }
    if (this.#state !== 'connecting') throw new SignalError('CONNECTION_CLOSED', 'closed while connecting');
    this.#opened();
  }

  /** Closes for good: no reconnect; pending requests reject with CONNECTION_CLOSED. Idempotent. */
  close(): void {
    if (this.#state === 'closed') return;
    clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    try {
      socket?.close(1000, 'client closed');
    } catch {
      // still connecting in a runtime that refuses to close then: it is dropped with the client
    }
    this.#shutdown(undefined);
  }

  /** Listens to one server notification; returns the function that stops listening. */
  onNotification<N extends NotificationName>(name: N, listener: (data: NotificationData<N>) => void): () => void {
    return this.#notifications.on(name, listener);
  }

  /** Sends a request; resolves with the validated response data, or rejects with a SignalError. */
  request<M extends Method>(method: M, data: RequestData<M>, options: RequestOptions = {}): Promise<ResponseData<M>> {
    const socket = this.#socket;
    if (this.#state !== 'open' || socket === undefined) {
      return Promise.reject(new SignalError('CONNECTION_CLOSED', `cannot send "${method}": not connected`));
    }
    const schemas = methodSchemas[method];
    const request = schemas.request.safeParse(data);
    if (!request.success) {
      // Refused before sending, with the details the server would give: one { path, message } per issue.
      const details = request.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
      return Promise.reject(
        new SignalError('INVALID_PARAMS', `invalid "${method}" request: ${z.prettifyError(request.error)}`, {
          details,
        }),
      );
    }
    const id = this.#nextId++;
    const timeoutMs = options.timeoutMs === undefined ? this.#timeoutMs : options.timeoutMs;
    return new Promise<ResponseData<M>>((resolve, reject) => {
      const sentAt = Date.now();
      const done = (): void => {
        clearTimeout(timer);
        options.abort?.removeEventListener('abort', onAbort);
        this.#pending.delete(id);
      };
      const fail = (error: SignalError): void => {
        done();
        reject(error);
      };
      const onAbort = (): void => {
        const reason: unknown = options.abort?.reason;
        fail(reason instanceof SignalError ? reason : new SignalError('TIMEOUT', `"${method}" was given up`));
      };
      const timer =
        timeoutMs === null
          ? undefined
          : setTimeout(() => {
              fail(new SignalError('TIMEOUT', `"${method}" got no reply within ${timeoutMs} ms`));
              // Nothing at all came in since the request went out: the socket is dead, not the request slow.
              if (this.#socket === socket && this.#lastFrameAt < sentAt) this.#lost(socket, 'silent', DEAD_SOCKET);
            }, timeoutMs);
      const settle = (frame: ResponseFrame): void => {
        if (!frame.ok) {
          fail(new SignalError(frame.error.code, frame.error.message, { details: frame.error.details }));
          return;
        }
        const response = schemas.response.safeParse(frame.data);
        if (!response.success) {
          const error = invalidFrame(`invalid "${method}" response`, response.error);
          this.emit('error', error);
          fail(error);
          return;
        }
        done();
        resolve(response.data);
      };
      if (options.abort?.aborted) {
        onAbort();
        return;
      }
      options.abort?.addEventListener('abort', onAbort);
      this.#pending.set(id, { settle, fail });
      socket.send(JSON.stringify({ id, method, data: request.data }));
    });
  }

  /** Opens a socket; resolves once it is open, rejects if it closes or the connect timeout passes first. */
  #dial(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new this.#WebSocket(this.#url);
      this.#socket = socket;
      let opened = false;
      const timer = setTimeout(() => {
        if (opened || this.#socket !== socket) return;
        this.#socket = undefined;
        discardSocket(socket, DEAD_SOCKET, 'connect timeout');
        reject(
          new SignalError('CONNECTION_CLOSED', `no connection to ${this.#url} within ${this.#connectTimeoutMs} ms`),
        );
      }, this.#connectTimeoutMs);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        if (this.#socket !== socket) return;
        opened = true;
        this.#lastFrameAt = Date.now();
        resolve();
      });
      socket.addEventListener('error', () => undefined);
      socket.addEventListener('message', (event) => {
        if (this.#socket !== socket) return;
        this.#lastFrameAt = Date.now();
        this.#receive(event.data);
      });
      socket.addEventListener('close', (event) => {
        clearTimeout(timer);
        if (this.#socket !== socket) return;
        if (!opened) {
          this.#socket = undefined;
          reject(new SignalError(lossCode(event.code), `could not connect to ${this.#url} (code ${event.code})`));
          return;
        }
        this.#lost(socket, event.reason, event.code);
      });
    });
  }

  #opened(): void {
    this.#state = 'open';
    this.#liveness?.start();
  }

  /** The socket closed or went silent: fail what waits on it, then reconnect (or close, if we must not). */
  #lost(socket: SignalSocket, reason: string, code: number): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#liveness?.stop();
    if (code === DEAD_SOCKET) discardSocket(socket, DEAD_SOCKET, 'no answer');
    const error =
      code === DEAD_SOCKET
        ? new SignalError('TIMEOUT', 'the server stopped answering')
        : new SignalError(lossCode(code), `the connection was lost (code ${code}${reason ? `: ${reason}` : ''})`);
    const loss: SocketLoss = { code, reason, error };
    this.#failPending(error);
    if (this.#reconnect === false || code === CLOSE_CODES.sessionReplaced) {
      this.#shutdown(loss);
      return;
    }
    this.#state = 'reconnecting';
    this.emit('disconnected', loss);
    this.#scheduleReconnect(0, this.#reconnect);
  }

  #scheduleReconnect(attempt: number, reconnect: ReconnectOptions): void {
    if (this.#state !== 'reconnecting') return;
    if (attempt >= reconnect.maxAttempts) {
      this.#shutdown(undefined);
      return;
    }
    this.#reconnectTimer = setTimeout(
      () => {
        this.#reconnectTimer = undefined;
        this.#dial().then(
          () => {
            if (this.#state !== 'reconnecting') return;
            this.#opened();
            this.emit('reconnected');
          },
          () => this.#scheduleReconnect(attempt + 1, reconnect),
        );
      },
      backoffDelay(attempt, reconnect),
    );
  }

  #shutdown(loss: SocketLoss | undefined): void {
    this.#state = 'closed';
    this.#liveness?.stop();
    this.#failPending(loss?.error ?? new SignalError('CONNECTION_CLOSED', 'the signaling connection is closed'));
    this.emit('closed', loss);
  }

  #failPending(error: SignalError): void {
    for (const pending of [...this.#pending.values()]) pending.fail(error);
  }

  #receive(raw: unknown): void {
    if (typeof raw !== 'string') {
      this.emit('error', new SignalError('INVALID_FRAME', 'binary frames are not part of the protocol'));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (cause) {
      this.emit('error', new SignalError('BAD_JSON', 'a frame from the server is not JSON', { cause }));
      return;
    }
    const frame = serverFrameSchema.safeParse(json);
    if (!frame.success) {
      const error = invalidFrame('invalid frame from the server', frame.error);
      this.emit('error', error);
      const id = frameIdSchema.safeParse(json);
      if (id.success) this.#pending.get(id.data.id)?.fail(error);
      return;
    }
    if ('notification' in frame.data) this.#notification(frame.data);
    else this.#response(frame.data);
  }

  #response(frame: ResponseFrame): void {
    if (frame.id !== null) {
      this.#pending.get(frame.id)?.settle(frame);
    } else if (!frame.ok) {
      const { code, message, details } = frame.error;
      this.emit('error', new SignalError(code, `the server could not read a request: ${message}`, { details }));
    }
  }

  #notification({ notification, data }: NotificationFrame): void {
    // A batch carries several notifications (roster changes gathered by the server): delivered one by one, in order.
    if (notification === 'batch') {
      const batch = notificationSchemas.batch.safeParse(data);
      if (!batch.success) {
        this.emit('error', invalidFrame('invalid "batch" notification', batch.error));
        return;
      }
      for (const inner of batch.data.notifications) this.#notification(inner);
      return;
    }
    const error = isNotificationName(notification)
      ? this.#notifications.deliver(notification, data)
      : new SignalError('INVALID_FRAME', `unknown notification "${notification}"`);
    if (error) this.emit('error', error);
  }
}
