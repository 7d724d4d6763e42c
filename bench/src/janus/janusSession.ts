import { withTimeout } from '../deadline.js';
import { progress } from '../progress.js';
import { JanusError, janusHttp, newTransaction } from './janusHttp.js';
import { IdReply, MessageReply, PlainReply, PollReply, type JanusEvent, type Jsep } from './janusMessages.js';

/** What a plugin answered to a message: its data, and an SDP when it negotiates. */
export type PluginReply = { data: Record<string, unknown>; jsep?: Jsep };

type Waiter = { resolve: (event: JanusEvent) => void; reject: (error: Error) => void };

/** How many events one long poll may return at once (many handles share a session). */
const MAX_EVENTS_PER_POLL = 50;
/** Stop polling when Janus has been unreachable this long (its session would time out anyway). */
const POLL_GIVE_UP_MS = 5_000;

/**
 * A Janus session over the HTTP API. A long poll runs for its whole life: it delivers the plugins' asynchronous
 * replies (matched by transaction) and the handles' events (matched by sender), and, being a request, also
 * keeps the session from timing out (Janus counts any request as activity), so no separate keepalive is needed.
 */
export class JanusSession {
  private readonly waiters = new Map<string, Waiter>();
  private readonly handles = new Map<number, JanusHandle>();
  private readonly polling = new AbortController();
  private closed = false;

  private constructor(
    readonly baseUrl: string,
    readonly id: number,
  ) {
    void this.poll();
  }

  static async create(baseUrl: string): Promise<JanusSession> {
    const reply = await janusHttp(baseUrl, IdReply, 'create', { janus: 'create', transaction: newTransaction() });
    return new JanusSession(baseUrl, reply.data.id);
  }

  get url(): string {
    return `${this.baseUrl}/${this.id}`;
  }

  async attach(plugin: string): Promise<JanusHandle> {
    const reply = await janusHttp(this.url, IdReply, `attach ${plugin}`, {
      janus: 'attach',
      plugin,
      transaction: newTransaction(),
    });
    const handle = new JanusHandle(this, reply.data.id);
    this.handles.set(handle.id, handle);
    return handle;
  }

  /** Idempotent; destroying the session also detaches its handles on Janus's side. */
  async destroy(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.polling.abort();
    this.failWaiters(new Error('Janus session destroyed'));
    await janusHttp(this.url, PlainReply, 'destroy', { janus: 'destroy', transaction: newTransaction() }).catch(
      () => undefined, // Gone already (timed out, or Janus stopped): nothing left to destroy.
    );
  }

  /** Registers interest in the event that will carry `transaction`, before the request is sent. */
  expect(transaction: string): Promise<JanusEvent> {
    return new Promise((resolve, reject) => this.waiters.set(transaction, { resolve, reject }));
  }

  forget(transaction: string): void {
    this.waiters.delete(transaction);
  }

  dropHandle(id: number): void {
    this.handles.delete(id);
  }

  private async poll(): Promise<void> {
    let failingSince: number | undefined;
    while (!this.closed) {
      try {
        const reply = await janusHttp(
          `${this.url}?maxev=${MAX_EVENTS_PER_POLL}&rid=${Date.now()}`,
          PollReply,
          'long poll',
          undefined,
          this.polling.signal,
        );
        failingSince = undefined;
        for (const event of Array.isArray(reply) ? reply : [reply]) this.dispatch(event);
      } catch (error) {
        if (this.closed) return;
        failingSince ??= Date.now();
        // A Janus error means the session is gone on its side; a network error that lasts means Janus is gone.
        if (error instanceof JanusError || Date.now() - failingSince > POLL_GIVE_UP_MS) {
          this.lost(error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private lost(error: unknown): void {
    this.closed = true;
    this.failWaiters(new Error(`Janus session ${this.id} lost: ${String(error)}`));
    progress('janus.session-lost', { session: this.id, error: String(error) });
  }

  private dispatch(event: JanusEvent): void {
    const waiter = event.transaction === undefined ? undefined : this.waiters.get(event.transaction);
    if (waiter && event.transaction !== undefined) {
      this.waiters.delete(event.transaction);
      waiter.resolve(event);
      return;
    }
    if (event.sender !== undefined) this.handles.get(event.sender)?.emit(event);
  }

  private failWaiters(error: Error): void {
    for (const waiter of this.waiters.values()) waiter.reject(error);
    this.waiters.clear();
  }
}

/** One plugin handle (one PeerConnection on Janus's side). */
export class JanusHandle {
  private readonly listeners = new Set<(event: JanusEvent) => void>();

  constructor(
    readonly session: JanusSession,
    readonly id: number,
  ) {}

  get url(): string {
    return `${this.session.url}/${this.id}`;
  }

  /**
   * Sends a plugin message and returns the plugin's reply, whether it came at once (synchronous requests such as
   * `create`) or as an event through the long poll (`join`, `publish`, `start` …). A plugin-level error
   * (`error_code` in the data) is thrown as JanusError.
   */
  async message(body: Record<string, unknown>, jsep?: Jsep, timeoutMs = 15_000): Promise<PluginReply> {
    const what = `${String(body.request)} on handle ${this.id}`;
    const transaction = newTransaction();
    const event = this.session.expect(transaction);
    event.catch(() => undefined); // Awaited below only for asynchronous requests.
    let reply: PluginReply;
    try {
      const answer = await janusHttp(this.url, MessageReply, what, { janus: 'message', transaction, body, jsep });
      if (answer.janus === 'success') {
        reply = { data: answer.plugindata.data };
      } else {
        const pushed = await withTimeout(event, timeoutMs, `Janus ${what}: no reply`);
        if (!pushed.plugindata) throw new Error(`Janus ${what}: event without plugin data: ${JSON.stringify(pushed)}`);
        reply = { data: pushed.plugindata.data, jsep: pushed.jsep };
      }
    } finally {
      this.session.forget(transaction);
    }
    if (typeof reply.data.error_code === 'number') {
      throw new JanusError(reply.data.error_code, String(reply.data.error), what);
    }
    return reply;
  }

  /**
   * Resolves with the first event of type `janus` (e.g. 'webrtcup'); rejects on 'hangup' or timeout. Call it
   * before the request that triggers the event: the event can arrive in the same poll as that request's reply.
   */
  async waitForEvent(janus: string, timeoutMs = 15_000): Promise<JanusEvent> {
    let listener: ((event: JanusEvent) => void) | undefined;
    const arrived = new Promise<JanusEvent>((resolve, reject) => {
      listener = (event: JanusEvent) => {
        if (event.janus === janus) resolve(event);
        else if (event.janus === 'hangup') {
          reject(new Error(`Janus handle ${this.id} hung up (${event.reason ?? 'no reason'}) before ${janus}`));
        }
      };
      this.listeners.add(listener);
    });
    try {
      return await withTimeout(arrived, timeoutMs, `Janus handle ${this.id}: no ${janus} event`);
    } finally {
      if (listener) this.listeners.delete(listener);
    }
  }

  emit(event: JanusEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Idempotent enough: detaching a handle Janus already dropped is not an error worth reporting. */
  async detach(): Promise<void> {
    this.session.dropHandle(this.id);
    await janusHttp(this.url, PlainReply, 'detach', { janus: 'detach', transaction: newTransaction() }).catch(
      () => undefined,
    );
  }
}
