import { CLOSE_CODES, PROTOCOL_VERSION, type ErrorCode, type ResponseData } from '@huddle/shared';
import { TypedEmitter } from '../emitter.js';
import { isSignalError, SignalError, toError } from '../errors.js';
import { backoffDelay, sleep, type BackoffOptions } from '../signaling/backoff.js';
import type { NotificationBus } from '../signaling/notifications.js';
import { SignalClient, type SignalClientOptions } from '../signaling/signalClient.js';
import type { CloseReason, ConnectionState, JoinRetry } from './types.js';

export type RoomRef = { roomId: string; displayName: string; token?: string };

/** What the session does at each step of the connection's life. */
export interface RecoveryHost {
  /** A new server-side peer on `signal` (join or rejoin): set up its media; resolves once it can be used. */
  established(signal: SignalClient, joined: ResponseData<'join'>): Promise<void>;
  /** The same peer again, on a new socket: re-sync with the server's account (must not throw). */
  resumed(signal: SignalClient, resumed: ResponseData<'resume'>): void;
  /** The socket is down; media goes on meanwhile. */
  disconnected(): void;
  /** The server-side peer is gone (before a rejoin, or on close): drop what belonged to it. Idempotent. */
  lost(): void;
}

export type RejoinOptions = BackoffOptions & {
  /** Attempts of a (re)join that fails for a passing reason before giving up ('joinFailed' / 'rejoinFailed'). */
  attempts: number;
};

export type RecoveryOptions = {
  url: string;
  /** Signal client settings (timeouts, liveness, reconnect backoff, the WebSocket class). */
  signaling?: Omit<SignalClientOptions, 'url' | 'notifications'>;
  rejoin?: Partial<RejoinOptions>;
};

export type RecoveryEvents = {
  state: [state: ConnectionState];
  closed: [reason: CloseReason, error: Error | undefined];
  retrying: [retry: JoinRetry];
  error: [error: Error];
};

const DEFAULT_REJOIN: RejoinOptions = { initialDelayMs: 500, maxDelayMs: 10_000, attempts: 20 };
const DEFAULT_JOIN_TIMEOUT_MS = 10_000;
/** A first join retries only while the server says to wait; it reports anything else at once. */
const JOIN_RETRYABLE: readonly ErrorCode[] = ['SERVER_DRAINING', 'SERVICE_UNAVAILABLE', 'TOO_MANY_CONNECTIONS'];
/** A rejoin (or a join that reached a lobby) also rides out a server that is briefly gone. */
const REJOIN_RETRYABLE: readonly ErrorCode[] = [...JOIN_RETRYABLE, 'CONNECTION_CLOSED', 'TIMEOUT', 'INTERNAL'];

type Attempt = { generation: number; reachedLobby: boolean };

function superseded(): SignalError {
  return new SignalError('CONNECTION_CLOSED', 'the session moved on (left, closed, or rejoining)');
}

/**
 * The connection's state machine: join (waiting in a lobby without a client timeout), resume after a dropped or
 * silent socket, rejoin as a new peer when the server lost ours (room closed with `rejoin`, resume refused, the
 * signal client gave up), and close — on leave, kick, a room closed for good, a session taken over by another
 * socket, or a join that cannot succeed. Passing failures (server draining or busy, unreachable during a rejoin)
 * are retried with backoff, each announced as `retrying`.
 */
export class Recovery extends TypedEmitter<RecoveryEvents> {
  readonly #options: RecoveryOptions;
  readonly #rejoin: RejoinOptions;
  readonly #bus: NotificationBus;
  readonly #host: RecoveryHost;
  #state: ConnectionState = 'new';
  #room: RoomRef | undefined;
  #signal: SignalClient | undefined;
  #peer: { peerId: string; resumeToken: string } | undefined;
  /** Bumped by every rejoin and by close, so superseded attempts know to stop. */
  #generation = 0;

  constructor(options: RecoveryOptions, bus: NotificationBus, host: RecoveryHost) {
    super();
    this.#options = options;
    this.#rejoin = { ...DEFAULT_REJOIN, ...options.rejoin };
    this.#bus = bus;
    this.#host = host;
    bus.on('roomClosed', ({ rejoin }) => {
      if (rejoin) void this.#rejoinLoop();
      else this.close('roomClosed');
    });
    bus.on('kicked', () => this.close('kicked'));
    bus.on('sessionReplaced', () => this.close('replaced'));
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The signal client of the current peer, while it has one (requests fail with CONNECTION_CLOSED offline). */
  get signal(): SignalClient | undefined {
    return this.#peer ? this.#signal : undefined;
  }

  /** Joins once; rejects (and the session closes with 'joinFailed') if the join cannot succeed. */
  async join(room: RoomRef): Promise<void> {
    if (this.#state !== 'new') throw new Error(`join() can be called once; the session is ${this.#state}`);
    this.#room = room;
    const generation = this.#generation;
    this.#setState('connecting');
    try {
      await this.#attempts(generation, JOIN_RETRYABLE, this.#rejoin.attempts, false);
    } catch (error) {
      // A roomClosed during the join started a rejoin, which owns the session now; or we left meanwhile.
      if (generation !== this.#generation) return;
      this.close('joinFailed', toError(error));
      throw error;
    }
  }

  /** Leaves the room (telling the server, best effort) and closes. Idempotent. */
  async leave(): Promise<void> {
    if (this.#state === 'closed') return;
    const signal = this.#signal;
    const joined = this.#peer !== undefined;
    this.#signal = undefined;
    // Sent before anything else, synchronously: on `pagehide` nothing after the first await may run.
    const told = joined && signal?.state === 'open' ? signal.request('leave', {}, { timeoutMs: 2_000 }) : undefined;
    this.close('left');
    await told?.catch(() => undefined);
    signal?.close();
  }

  close(reason: CloseReason, error?: Error): void {
    if (this.#state === 'closed') return;
    this.#generation++;
    this.#dropPeer();
    this.#setState('closed');
    this.emit('closed', reason, error);
  }

  /** Join attempts, retrying the `retryable` failures with backoff; throws the last failure. */
  async #attempts(
    generation: number,
    retryable: readonly ErrorCode[],
    limit: number,
    delayFirst: boolean,
  ): Promise<void> {
    const backoff = { initialDelayMs: this.#rejoin.initialDelayMs, maxDelayMs: this.#rejoin.maxDelayMs };
    let delayMs = delayFirst ? backoffDelay(0, backoff) : 0;
    /** Once the server said it is restarting, its being unreachable for a while is expected too. */
    let restarting = false;
    for (let attempt = 1; ; attempt += 1) {
      if (delayMs > 0) await sleep(delayMs);
      if (generation !== this.#generation) throw superseded();
      const progress: Attempt = { generation, reachedLobby: false };
      try {
        await this.#joinOnce(progress);
        return;
      } catch (error) {
        if (generation !== this.#generation) throw error;
        this.#dropPeer();
        const code = isSignalError(error) ? error.code : undefined;
        restarting ||= code === 'SERVER_DRAINING';
        const widened = restarting || progress.reachedLobby;
        const passing =
          code !== undefined && (retryable.includes(code) || (widened && REJOIN_RETRYABLE.includes(code)));
        if (code === undefined || !passing || attempt >= limit) throw error;
        this.#setState(this.#peerless());
        delayMs = backoffDelay(attempt, backoff);
        this.emit('retrying', { code, attempt, delayMs });
      }
    }
  }

  async #joinOnce(progress: Attempt): Promise<void> {
    const room = this.#room;
    if (!room) throw superseded();
    const signal = new SignalClient({ ...this.#options.signaling, url: this.#options.url, notifications: this.#bus });
    this.#signal = signal;
    this.#watch(signal);
    await signal.connect();
    const current = (): boolean => progress.generation === this.#generation && this.#signal === signal;
    if (!current()) throw superseded();
    const joined = await this.#requestJoin(signal, room, progress, current);
    if (!current()) throw superseded();
    this.#peer = { peerId: joined.peerId, resumeToken: joined.resumeToken };
    await this.#host.established(signal, joined);
    if (!current()) throw superseded();
    this.#setState('connected');
  }

  /** `join` without a client timeout once the server says we wait in its lobby (its own limit applies then). */
  async #requestJoin(
    signal: SignalClient,
    room: RoomRef,
    progress: Attempt,
    current: () => boolean,
  ): Promise<ResponseData<'join'>> {
    const timeoutMs = this.#options.signaling?.requestTimeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS;
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new SignalError('TIMEOUT', `the server did not answer "join" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const stopWaiting = this.#bus.on('lobbyWaiting', () => {
      if (!current()) return;
      clearTimeout(timer);
      progress.reachedLobby = true;
      this.#setState('lobby');
    });
    try {
      return await signal.request(
        'join',
        { protocolVersion: PROTOCOL_VERSION, ...room },
        { timeoutMs: null, abort: abort.signal },
      );
    } finally {
      clearTimeout(timer);
      stopWaiting();
    }
  }

  #watch(signal: SignalClient): void {
    signal.on('error', (error) => this.emit('error', error));
    signal.on('disconnected', () => {
      if (signal !== this.#signal || this.#state !== 'connected') return;
      this.#setState('reconnecting');
      this.#host.disconnected();
    });
    signal.on('reconnected', () => {
      if (signal === this.#signal && this.#state === 'reconnecting') void this.#resume(signal);
    });
    signal.on('closed', (loss) => {
      if (signal !== this.#signal || this.#peer === undefined) return;
      if (loss?.code === CLOSE_CODES.sessionReplaced) this.close('replaced');
      else if (this.#state === 'connected' || this.#state === 'reconnecting') void this.#rejoinLoop();
    });
  }

  async #resume(signal: SignalClient): Promise<void> {
    const peer = this.#peer;
    if (!peer) return;
    try {
      const { peerId, resumeToken } = peer;
      const resumed = await signal.request('resume', { protocolVersion: PROTOCOL_VERSION, peerId, resumeToken });
      // Each resume spends the token: the next one needs the new token.
      peer.resumeToken = resumed.resumeToken;
      if (signal !== this.#signal || this.#state !== 'reconnecting') return;
      this.#host.resumed(signal, resumed);
      this.#setState('connected');
    } catch (error) {
      if (signal !== this.#signal || this.#state !== 'reconnecting') return;
      // Dropped again: the next 'reconnected' retries. Anything else means the peer is lost: join again
      // (RESUME_FAILED is how we learn that the server's grace period ran out).
      if (isSignalError(error, 'CONNECTION_CLOSED', 'TIMEOUT')) return;
      if (!isSignalError(error, 'RESUME_FAILED')) this.emit('error', toError(error));
      void this.#rejoinLoop();
    }
  }

  async #rejoinLoop(): Promise<void> {
    if (this.#state === 'closed' || !this.#room) return;
    const generation = ++this.#generation;
    this.#dropPeer();
    this.#setState('rejoining');
    try {
      await this.#attempts(generation, REJOIN_RETRYABLE, this.#rejoin.attempts, true);
    } catch (error) {
      if (generation === this.#generation) this.close('rejoinFailed', toError(error));
    }
  }

  /** What state we are in without a peer: joining for the first time, or again. */
  #peerless(): ConnectionState {
    return this.#generation === 0 ? 'connecting' : 'rejoining';
  }

  /** Lets go of the server-side peer and its socket. */
  #dropPeer(): void {
    const signal = this.#signal;
    this.#signal = undefined;
    this.#peer = undefined;
    signal?.close();
    this.#host.lost();
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
