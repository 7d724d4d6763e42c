import { connect } from 'node:net';

/** RESP encoding of one command. */
function command(...parts: string[]): string {
  return `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
}

/**
 * One readiness probe: connects, authenticates when a password is set, sends PING and resolves true on +PONG
 * (false on anything else: a loading dataset answers -LOADING).
 */
export function redisPing(host: string, port: number, password?: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.on('connect', () => {
      socket.write((password !== undefined ? command('AUTH', password) : '') + command('PING'));
    });
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      const lines = reply.split('\r\n').filter((line) => line !== '');
      if (lines.some((line) => line.startsWith('-'))) return done(false);
      if (lines.includes('+PONG')) done(true);
    });
  });
}
