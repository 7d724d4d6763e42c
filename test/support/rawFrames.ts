import { responseFrameSchema, type ErrorBody } from '@huddle/shared';
import WebSocket from 'ws';

export type RawReply = { ok: true; data: unknown } | { ok: false; error: ErrorBody };
type Waiter = { id: number | null; resolve: (reply: RawReply) => void };

/**
 * A plain `ws` socket for the frames no client SDK sends — malformed JSON, binary frames, unknown methods, wrong
 * types — to test how the server answers them. Nothing here is a client: it sends what it is given and hands
 * back the reply frame with the id it is told to expect (null for frames the server could not read).
 */
export class RawFrames {
  readonly socket: WebSocket;
  readonly #waiters: Waiter[] = [];
  #nextId = 1_000_000;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => {
      let json: unknown;
      try {
        json = JSON.parse(raw.toString());
      } catch {
        return;
      }
      const frame = responseFrameSchema.safeParse(json);
      if (!frame.success) return;
      const index = this.#waiters.findIndex((waiter) => waiter.id === frame.data.id);
      const [waiter] = index < 0 ? [] : this.#waiters.splice(index, 1);
      waiter?.resolve(frame.data.ok ? { ok: true, data: frame.data.data } : { ok: false, error: frame.data.error });
    });
  }

  /** Raw frames over a socket that a client uses too (its replies to our ids reach us, not the client). */
  static over(socket: WebSocket): RawFrames {
    return new RawFrames(socket);
  }

  static async open(url: string): Promise<RawFrames> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RawFrames(socket);
  }

  /** Sends `payload` as it is; resolves with the reply whose id is `replyId`. */
  send(payload: string | Buffer, replyId: number | null, timeoutMs = 10_000): Promise<RawReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply with id ${replyId} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiters.push({
        id: replyId,
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
      this.socket.send(payload);
    });
  }

  /** Sends `{ id, method, data }` unchecked; resolves with the error the server must answer it with. */
  async requestError(method: string, data: unknown): Promise<ErrorBody> {
    const id = this.#nextId++;
    const reply = await this.send(JSON.stringify({ id, method, data }), id);
    if (reply.ok) throw new Error(`${method} succeeded but was expected to fail`);
    return reply.error;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
