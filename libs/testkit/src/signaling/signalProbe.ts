import { isSignalError, SignalClient, signalingUrlOf } from '@huddle/client';
import {
  PROTOCOL_VERSION,
  type ErrorBody,
  type Method,
  type NotificationData,
  type NotificationName,
  type RequestData,
  type ResponseData,
} from '@huddle/shared';
import type WebSocket from 'ws';
import { NotificationLog, type RecordedNotification } from './notificationLog.js';
import { recordingWebSocket } from './sockets.js';

/** The SFU could not be reached (nothing listens, or the socket closed before a reply came). */
export class SignalingUnavailable extends Error {}

export type ConnectOptions = {
  /** How long opening the socket may take (default 10 s). */
  timeoutMs?: number;
};

/**
 * Opens the SDK's signal client to an SFU (`url`: its http or ws URL) the way test tools want it: the `ws`
 * package's WebSocket, no reconnect and no liveness pings (a test decides when a socket goes away), every
 * notification recorded from the start. Resolves with the client, its socket and the log.
 */
export async function openSignal(
  url: string,
  options: ConnectOptions = {},
): Promise<{ signal: SignalClient; socket: WebSocket; log: NotificationLog }> {
  const recording = recordingWebSocket();
  const signal = new SignalClient({
    url: signalingUrlOf(url),
    WebSocket: recording.WebSocket,
    reconnect: false,
    liveness: false,
    connectTimeoutMs: options.timeoutMs ?? 10_000,
  });
  const log = new NotificationLog(signal.notifications);
  try {
    await signal.connect();
  } catch (error) {
    throw new SignalingUnavailable(`cannot reach the SFU at ${url}: ${error instanceof Error ? error.message : error}`);
  }
  const socket = recording.opened();
  if (!socket) throw new SignalingUnavailable(`no socket was opened to ${url}`);
  return { signal, socket, log };
}

/**
 * A bare protocol client for tests of the signaling protocol itself: the client SDK's SignalClient (`signal`)
 * with its raw `socket` and a log of every notification. Requests are typed and validated on the way out like any
 * client's; frames the SDK would refuse to send go through a raw socket instead.
 */
export class SignalProbe {
  readonly signal: SignalClient;
  readonly socket: WebSocket;
  readonly #log: NotificationLog;

  private constructor(signal: SignalClient, socket: WebSocket, log: NotificationLog) {
    this.signal = signal;
    this.socket = socket;
    this.#log = log;
  }

  static async connect(url: string, options: ConnectOptions = {}): Promise<SignalProbe> {
    const { signal, socket, log } = await openSignal(url, options);
    return new SignalProbe(signal, socket, log);
  }

  /** Every notification received so far, oldest first. */
  get notifications(): readonly RecordedNotification[] {
    return this.#log.entries;
  }

  /** Resolves with the reply's data; rejects with the SDK's SignalError (its `code` is the server's). */
  request<M extends Method>(method: M, data: RequestData<M>, timeoutMs?: number): Promise<ResponseData<M>> {
    return this.signal.request(method, data, timeoutMs === undefined ? {} : { timeoutMs });
  }

  /** Sends a request that must fail; resolves with the error the server answered. */
  async requestError<M extends Method>(method: M, data: RequestData<M>): Promise<ErrorBody> {
    try {
      await this.signal.request(method, data);
    } catch (error) {
      if (!isSignalError(error)) throw error;
      return {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      };
    }
    throw new Error(`${method} succeeded but was expected to fail`);
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
  waitForNotification<N extends NotificationName>(
    name: N,
    predicate?: (data: NotificationData<N>) => boolean,
    timeoutMs = 10_000,
  ): Promise<NotificationData<N>> {
    return this.#log.waitFor(name, predicate, timeoutMs);
  }

  /** Closes the socket (the SFU sees a dropped connection, not a leave); resolves once it is closed. */
  close(): Promise<void> {
    const closed =
      this.socket.readyState === this.socket.CLOSED
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.signal.close();
    return closed;
  }
}
