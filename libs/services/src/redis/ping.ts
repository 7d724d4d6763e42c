import { connect } from 'node:net';

/** RESP encoding of one command. */
function command(...parts: string[]): string {
  return `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
}

/**
 * One readiness probe: connects, authenticates when a password is set, sends PING, then INFO server. Resolves with
 * the `process_id` of the Redis that answered PONG (so a Redis of someone else's on the port does not count), or
 * undefined for anything else (a loading dataset answers -LOADING).
 */
export function redisProcessId(
  host: string,
  port: number,
  password?: string,
  timeoutMs = 1_000,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (pid: number | undefined): void => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.on('connect', () => {
      socket.write(
        (password !== undefined ? command('AUTH', password) : '') + command('PING') + command('INFO', 'server'),
      );
    });
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (/^-/m.test(reply)) return done(undefined);
      const pid = /^process_id:(\d+)\r$/m.exec(reply)?.[1];
      if (reply.includes('+PONG\r\n') && pid !== undefined) done(Number(pid));
    });
  });
}
