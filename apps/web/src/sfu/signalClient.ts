import {
  isNotificationName,
  notifications as notificationSchemas,
  requestIdSchema,
  serverFrameSchema,
  type Method,
  type NotificationData,
  type NotificationFrame,
  type NotificationName,
  type RequestData,
  type ResponseData,
  type ResponseFrame,
} from '@huddle/shared';
import { z } from 'zod';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { TypedEmitter } from './emitter.js';
import { NotificationBus } from './notificationBus.js';
import { methodSchemas } from './protocol.js';
import { invalidFrame, SignalError } from './signalError.js';

export type SignalClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export type ReconnectOptions = BackoffOptions & {
  /** Reconnect attempts after an unexpected drop before giving up ('closed'); unlimited by default. */
  maxAttempts: number;
};

export type SignalClientOptions = {
  /** `ws(s)://<host>/ws`; see signalingUrl(). */
  url: string;
  /** How long a request waits for its reply; 10 s by default. */
  requestTimeoutMs?: number;
  reconnect?: Partial<ReconnectOptions>;
};

export type SignalClientEvents = {
  /** The socket dropped unexpectedly; pending requests were rejected and reconnecting has begun. */
  disconnected: [info: { code: number; reason: string }];
  /** A new socket is open after a drop. The server does not know it yet: resume the session on it. */
  reconnected: [];
  /** Closed for good: by close(), or after the last reconnect attempt failed. */
  closed: [];
  /** An inbound frame that could not be used (not valid protocol), or an error reply to an unreadable request. */
  error: [error: SignalError];
};

type Pending = { settle: (frame: ResponseFrame) => void; fail: (error: SignalError) => void };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 500, maxDelayMs: 10_000, maxAttempts: Infinity };
const frameIdSchema = z.object({ id: requestIdSchema });

/**
 * The signaling connection: typed requests correlated by id (with a timeout), typed notifications, every
 * inbound frame validated with the shared schemas, and reconnection with capped, jittered exponential backoff.
 */
export class SignalClient extends TypedEmitter<SignalClientEvents> {
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #reconnect: ReconnectOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #notifications = new NotificationBus();
  #socket: WebSocket | undefined;
  #state: SignalClientState = 'idle';
  #nextId = 1;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SignalClientOptions) {
    super();
    this.#url = options.url;
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
  }

  get state(): SignalClientState {
    return this.#state;
  }

  /** Opens the first socket. Rejects (and the client is closed) if it cannot. */
  async connect(): Promise<void> {
    if (this.#state !== 'idle') throw new SignalError('CONFLICT', `cannot connect: the client is ${this.#state}`);
    this.#state = 'connecting';
    try {
      await this.#dial();
    } catch (error) {
      this.#shutdown();
      throw error;
    }
    this.#state = 'open';
  }

  /** Closes for good: no reconnect; pending requests reject with CONNECTION_CLOSED. Idempotent. */
  close(): void {
    if (this.#state === 'closed') return;
    clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000, 'client closed');
    this.#shutdown();
  }

  /** Listens to one server notification; returns the function that stops listening. */
  onNotification<N extends NotificationName>(name: N, listener: (data: NotificationData<N>) => void): () => void {
    return this.#notifications.on(name, listener);
  }

  /** Sends a request; resolves with the validated response data, or rejects with a SignalError. */
  request<M extends Method>(method: M, data: RequestData<M>): Promise<ResponseData<M>> {
    const socket = this.#socket;
    if (this.#state !== 'open' || socket === undefined) {
      return Promise.reject(new SignalError('CONNECTION_CLOSED', `cannot send "${method}": not connected`));
    }
    const schemas = methodSchemas[method];
    const request = schemas.request.safeParse(data);
    if (!request.success) {
      return Promise.reject(
        new SignalError('INVALID_PARAMS', `invalid "${method}" request: ${z.prettifyError(request.error)}`),
      );
    }
    const id = this.#nextId++;
    return new Promise<ResponseData<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new SignalError('TIMEOUT', `"${method}" got no reply within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      const fail = (error: SignalError): void => {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(error);
      };
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
        clearTimeout(timer);
        this.#pending.delete(id);
        resolve(response.data);
      };
      this.#pending.set(id, { settle, fail });
      socket.send(JSON.stringify({ id, method, data: request.data }));
    });
  }

  /** Opens a socket; resolves once it is open, rejects if it closes first. */
  #dial(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.#url);
      this.#socket = socket;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        resolve();
      });
      socket.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (this.#socket === socket) this.#receive(event.data);
      });
      socket.addEventListener('close', (event) => {
        if (!opened) reject(new SignalError('CONNECTION_CLOSED', `could not connect to ${this.#url}`));
        if (this.#socket !== socket) return;
        this.#socket = undefined;
        if (opened) this.#dropped(event);
      });
    });
  }

  #dropped(event: CloseEvent): void {
    this.#state = 'reconnecting';
    this.#failPending(new SignalError('CONNECTION_CLOSED', `the connection was lost (code ${event.code})`));
    this.emit('disconnected', { code: event.code, reason: event.reason });
    this.#scheduleReconnect(0);
  }

  #scheduleReconnect(attempt: number): void {
    if (this.#state !== 'reconnecting') return;
    if (attempt >= this.#reconnect.maxAttempts) {
      this.#shutdown();
      return;
    }
    this.#reconnectTimer = setTimeout(
      () => {
        this.#reconnectTimer = undefined;
        this.#dial().then(
          () => {
            if (this.#state !== 'reconnecting') return;
            this.#state = 'open';
            this.emit('reconnected');
          },
          () => this.#scheduleReconnect(attempt + 1),
        );
      },
      backoffDelay(attempt, this.#reconnect),
    );
  }

  #shutdown(): void {
    this.#state = 'closed';
    this.#failPending(new SignalError('CONNECTION_CLOSED', 'the signaling connection is closed'));
    this.emit('closed');
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
    if (notification === 'batch') {
      const batch = notificationSchemas.batch.safeParse(data);
      if (!batch.success) {
        this.emit('error', invalidFrame('invalid batch from the server', batch.error));
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

/** The signaling endpoint of the server that served this page: `ws(s)://<same host>/ws`. */
export function signalingUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
