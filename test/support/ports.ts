import { createServer } from 'node:net';

/** A TCP port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

let nextRtcPort = 41000 + (process.pid % 200) * 20;

/** A block of `count` consecutive ports for the SFU's WebRTC servers (UDP + TCP each). */
export function rtcPortBlock(count: number): number {
  const base = nextRtcPort;
  nextRtcPort += count;
  return base;
}
