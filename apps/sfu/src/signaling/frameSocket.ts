import type { RawData, WebSocket } from 'ws';

export type FrameListeners = {
  /** A frame: its bytes and whether it came as binary. */
  message(raw: RawData, isBinary: boolean): void;
  /** The answer to a ping (its payload). */
  pong(data: Buffer): void;
  close(): void;
};

/**
 * What a signaling connection needs of its transport: the client's WebSocket on this node, or (cluster mode) a
 * session another node relays to this one over the bus.
 */
export interface FrameSocket {
  readonly open: boolean;
  /** Bytes queued but not yet sent (a client that stops reading makes this grow). */
  readonly bufferedAmount: number;
  send(text: string): void;
  /** Closes with a code the client sees. */
  close(code: number, reason: string): void;
  /** Cuts the connection at once. */
  terminate(): void;
  /** A liveness ping; relayed sessions have none (their edge node pings the client). */
  ping?(data: Buffer): void;
  listen(listeners: FrameListeners): void;
}

/** A client's WebSocket on this node. */
export class WsFrameSocket implements FrameSocket {
  readonly socket: WebSocket;
  #listeners: FrameListeners | undefined;

  constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw, isBinary) => this.#listeners?.message(raw, isBinary));
    socket.on('pong', (data) => this.#listeners?.pong(data));
    socket.on('close', () => this.#listeners?.close());
    socket.on('error', () => undefined);
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  send(text: string): void {
    this.socket.send(text);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }

  ping(data: Buffer): void {
    this.socket.ping(data);
  }

  listen(listeners: FrameListeners): void {
    this.#listeners = listeners;
  }
}
