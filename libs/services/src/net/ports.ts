import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export type PortProtocols = 'tcp' | 'udp' | 'both';

function tcpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function udpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

/** Whether `port` can be bound on `host` (127.0.0.1 by default) right now, over TCP and over UDP. */
export async function isPortFree(
  port: number,
  host = '127.0.0.1',
  protocols: PortProtocols = 'both',
): Promise<boolean> {
  if (protocols !== 'udp' && !(await tcpFree(port, host))) return false;
  return protocols === 'tcp' || udpFree(port, host);
}

/** A TCP port that was free a moment ago on `host` (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('the OS gave no port'));
      });
    });
  });
}

/** A port free over both TCP and UDP on `host` (for servers that listen on both, like coturn). */
export async function freeTcpUdpPort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await freePort(host);
    if (await udpFree(port, host)) return port;
  }
  throw new Error(`no port free over both TCP and UDP found on ${host}`);
}

export type PortBlockOptions = {
  host?: string;
  protocols?: PortProtocols;
  /** Where to look: [from, to) — 20000–30000 by default, below Linux's ephemeral range. */
  from?: number;
  to?: number;
};

// Where the next search in each range starts: a block handed out is not handed out again by this process, and
// processes start at different places (by pid).
const cursors = new Map<string, number>();

/** `count` consecutive ports, all free right now; returns the first. */
export async function freePortBlock(count: number, options: PortBlockOptions = {}): Promise<number> {
  const { host = '127.0.0.1', protocols = 'both', from = 20_000, to = 30_000 } = options;
  const span = to - from;
  if (!Number.isInteger(count) || count < 1 || count > span) throw new Error(`bad port block size ${count}`);
  const key = `${host}:${from}-${to}`;
  let base = cursors.get(key) ?? from + ((process.pid * 37) % Math.max(1, span - count));
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (base + count > to) base = from;
    const ports = Array.from({ length: count }, (_, index) => base + index);
    const free = await Promise.all(ports.map((port) => isPortFree(port, host, protocols)));
    cursors.set(key, base + count);
    if (free.every(Boolean)) return base;
    base += count;
  }
  throw new Error(`no ${count} consecutive free ports found between ${from} and ${to} on ${host}`);
}
