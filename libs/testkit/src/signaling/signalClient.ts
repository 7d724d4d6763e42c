import {
  PROTOCOL_VERSION,
  isNotificationName,
  parseNotification,
  parseResponse,
  serverFrameSchema,
  type ErrorBody,
  type Method,
  type NotificationData,
  type NotificationName,
  type RequestData,
  type ResponseData,
} from '@huddle/shared';
import WebSocket from 'ws';

/** A request the SFU answered with an error: `error.code` is the server's code (e.g. ROOM_LOCKED). */
export class RequestFailed extends Error {
  readonly error: ErrorBody;
  constructor(method: string, error: ErrorBody) {
    super(`${method} failed: ${error.code} ${error.message}`);
    this.error = error;
  }
}

/** The SFU could not be reached or the socket closed before a reply came. */
export class SignalingUnavailable extends Error {}

type Received = { name: NotificationName; data: unknown; at: number };
type Reply = { ok: true; data: unknown } | { ok: false; error: ErrorBody };
type Waiter = { resolve: (reply: Reply) => void; reject: (error: Error) => void };
type Listener = (name: NotificationName, data: unknown) => void;

const REQUEST_TIMEOUT_MS = 15_000;

/** A Node signaling client: typed requests, raw frames, recorded notifications. */
export class TestSignalClient {
  readonly socket: WebSocket;
  readonly url: string;
  readonly notifications: Received[] = [];
  readonly #pending = new Map<number | null, Waiter[]>();
  readonly #listeners = new Set<Listener>();
  #nextId = 1;

  private constructor(socket: WebSocket, url: string) {
    this.socket = socket;
    this.url = url;
    socket.on('message', (raw) => this.#onFrame(raw.toString()));
    socket.on('close', () => this.#failAll(new SignalingUnavailable(`the signaling socket to ${url} closed`)));
  }

  /** Opens a WebSocket to the SFU; rejects with SignalingUnavailable (and the reason) when it cannot. */
  static async connect(url: string, timeoutMs = 10_000): Promise<TestSignalClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new SignalingUnavailable(`no WebSocket connection to ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new SignalingUnavailable(`cannot reach the SFU at ${url}: ${error.message}`));
      });
    });
    return new TestSignalClient(socket, url);
  }

  #onFrame(text: string): void {
    const frame = serverFrameSchema.parse(JSON.parse(text));
    if ('notification' in frame) {
      this.#onNotification(frame.notification, frame.data);
      return;
    }
    const waiting = this.#pending.get(frame.id)?.shift();
    if (waiting) waiting.resolve(frame.ok ? { ok: true, data: frame.data } : { ok: false, error: frame.error });
  }

  /** Records a notification; a `batch` is recorded as the notifications it carries, in order. */
  #onNotification(name: string, data: unknown): void {
    if (!isNotificationName(name)) throw new Error(`unknown notification ${name}`);
    if (name === 'batch') {
      for (const inner of parseNotification('batch', data).notifications)
        this.#onNotification(inner.notification, inner.data);
      return;
    }
    this.notifications.push({ name, data, at: Date.now() });
    for (const listener of this.#listeners) listener(name, data);
  }

  #failAll(error: Error): void {
    for (const waiters of this.#pending.values()) for (const waiter of waiters.splice(0)) waiter.reject(error);
  }

  /** Calls `listener` for every notification from now on; returns the unsubscribe function. */
  onNotification(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sends raw text and resolves with the reply carrying `id` (null for frames the server could not read). */
  sendRaw(payload: string | Buffer, replyId: number | null, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Reply> {
    if (this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new SignalingUnavailable(`the signaling socket to ${this.url} is not open`));
    }
    const reply = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply to request ${replyId} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const list = this.#pending.get(replyId) ?? [];
      list.push({
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#pending.set(replyId, list);
    });
    this.socket.send(payload);
    return reply;
  }

  async request<M extends Method>(method: M, data: RequestData<M>, timeoutMs?: number): Promise<ResponseData<M>> {
    const id = this.#nextId++;
    const reply = await this.sendRaw(JSON.stringify({ id, method, data }), id, timeoutMs);
    if (!reply.ok) throw new RequestFailed(method, reply.error);
    return parseResponse(method, reply.data);
  }

  /** Sends a request and resolves with the error body it must fail with. */
  async requestError(method: string, data: unknown): Promise<ErrorBody> {
    const id = this.#nextId++;
    const reply = await this.sendRaw(JSON.stringify({ id, method, data }), id);
    if (reply.ok) throw new Error(`${method} succeeded but was expected to fail`);
    return reply.error;
  }

  join(roomId: string, displayName: string, token?: string): Promise<ResponseData<'join'>> {
    return this.request('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomId,
      displayName,
      ...(token === undefined ? {} : { token }),
    });
  }

  /** The first recorded notification `name` (past or future) for which `predicate` holds. */
  async waitForNotification<N extends NotificationName>(
    name: N,
    predicate: (data: NotificationData<N>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<NotificationData<N>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const entry of this.notifications) {
        if (entry.name !== name) continue;
        const data = parseNotification(name, entry.data);
        if (predicate(data)) return data;
      }
      if (Date.now() > deadline) throw new Error(`no "${name}" notification within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
