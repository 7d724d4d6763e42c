import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** Whether `port` can be bound on 127.0.0.1 right now, over TCP and over UDP. */
export async function isPortFree(port: number): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (!tcp) return false;
  return new Promise<boolean>((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('the OS gave no port'));
      });
    });
  });
}

// WebRTC servers need a block of consecutive ports (one per worker, UDP + TCP each), outside the ephemeral range.
let nextRtcPort = 41_000 + (process.pid % 400) * 20;

/** A block of `count` consecutive ports, free over TCP and UDP, for the SFU's WebRTC servers. */
export async function rtcPortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = nextRtcPort;
    nextRtcPort += count;
    if (nextRtcPort > 60_000) nextRtcPort = 41_000;
    const ports = Array.from({ length: count }, (_, index) => base + index);
    const free = await Promise.all(ports.map(isPortFree));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free block of WebRTC ports found between 41000 and 60000');
}
