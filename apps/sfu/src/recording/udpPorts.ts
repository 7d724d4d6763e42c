import { createSocket, type Socket } from 'node:dgram';
import { readFile } from 'node:fs/promises';

/** Ports handed out lately: not given again while this many newer ones were handed out since. */
const RECENT_LIMIT = 4_096;
const ATTEMPTS = 50;

function bind(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, '0.0.0.0', () => resolve(socket));
  });
}

/**
 * Even/odd UDP port pairs for ffmpeg's RTP and RTCP sockets, fresh every time: the system picks a free port, and a
 * pair handed out lately is never handed out again (late packets of an old recording cannot reach a new one).
 */
export class FreshPortPairs {
  readonly #recent = new Set<number>();

  async next(): Promise<number> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const first = await bind(0);
      if (!first) continue;
      const port = first.address().port;
      const usable = port % 2 === 0 && port < 65_535 && !this.#recent.has(port);
      const second = usable ? await bind(port + 1) : undefined;
      first.close();
      second?.close();
      if (second) {
        this.#remember(port);
        return port;
      }
    }
    throw new Error('found no free pair of UDP ports for ffmpeg');
  }

  #remember(port: number): void {
    this.#recent.add(port);
    if (this.#recent.size > RECENT_LIMIT) {
      const oldest = this.#recent.values().next().value;
      if (oldest !== undefined) this.#recent.delete(oldest);
    }
  }
}

/** Whether some socket is bound to UDP `port` (any address), from /proc/net/udp and udp6. */
async function isBound(port: number): Promise<boolean> {
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const local = line.trim().split(/\s+/)[1];
      if (local !== undefined && `${local} `.endsWith(suffix)) return true;
    }
  }
  return false;
}

/** Resolves once `port` is bound (ffmpeg listens), false after `timeoutMs` or when `gone()` says to stop waiting. */
export async function waitUntilBound(port: number, timeoutMs: number, gone: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone()) {
    if (await isBound(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  return false;
}
