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

export class RequestFailed extends Error {
  readonly error: ErrorBody;
  constructor(method: string, error: ErrorBody) {
    super(`${method} failed: ${error.code} ${error.message}`);
    this.error = error;
  }
}

type Received = { name: NotificationName; data: unknown };
type Reply = { ok: true; data: unknown } | { ok: false; error: ErrorBody };

/** A Node signaling client for protocol tests: typed requests, raw frames, recorded notifications. */
export class TestSignalClient {
  readonly socket: WebSocket;
  readonly notifications: Received[] = [];
  readonly #pending = new Map<number | null, Array<(reply: Reply) => void>>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => this.#onFrame(raw.toString()));
  }

  static async connect(url: string): Promise<TestSignalClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new TestSignalClient(socket);
  }

  #onFrame(text: string): void {
    const frame = serverFrameSchema.parse(JSON.parse(text));
    if ('notification' in frame) {
      if (!isNotificationName(frame.notification)) throw new Error(`unknown notification ${frame.notification}`);
      this.notifications.push({ name: frame.notification, data: frame.data });
      return;
    }
    const waiting = this.#pending.get(frame.id)?.shift();
    if (waiting) waiting(frame.ok ? { ok: true, data: frame.data } : { ok: false, error: frame.error });
  }

  /** Sends raw text and resolves with the reply carrying `id` (null for frames the server could not read). */
  sendRaw(payload: string | Buffer, replyId: number | null): Promise<Reply> {
    const reply = new Promise<Reply>((resolve) => {
      const list = this.#pending.get(replyId) ?? [];
      list.push(resolve);
      this.#pending.set(replyId, list);
    });
    this.socket.send(payload);
    return reply;
  }

  async request<M extends Method>(method: M, data: RequestData<M>): Promise<ResponseData<M>> {
    const id = this.#nextId++;
    const reply = await this.sendRaw(JSON.stringify({ id, method, data }), id);
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
