import { SignalError } from '../errors.js';

export type SocketMessage = { data: unknown };
export type SocketClose = { code: number; reason: string };

/**
 * The part of the WebSocket API the signal client uses. Browsers' `WebSocket` fits, and so does the `ws` package's
 * (for Node 20, which has no WebSocket of its own).
 */
export interface SignalSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: SocketMessage) => void): void;
  addEventListener(type: 'close', listener: (event: SocketClose) => void): void;
}

export type SignalSocketConstructor = new (url: string) => SignalSocket;

/** The constructor to use: the given one, else the runtime's own WebSocket. */
export function socketConstructor(given: SignalSocketConstructor | undefined): SignalSocketConstructor {
  if (given) return given;
  if (typeof globalThis.WebSocket === 'function') return globalThis.WebSocket;
  throw new SignalError(
    'CONNECTION_CLOSED',
    'this runtime has no WebSocket: pass one as the `WebSocket` option (in Node 20, the "ws" package\'s)',
  );
}

/** Closes a socket we no longer listen to; `ws` sockets are cut at once (a dead peer never answers a close). */
export function discardSocket(socket: SignalSocket, code: number, reason: string): void {
  if ('terminate' in socket && typeof socket.terminate === 'function') {
    socket.terminate();
    return;
  }
  try {
    socket.close(code, reason);
  } catch {
    // already closing
  }
}
