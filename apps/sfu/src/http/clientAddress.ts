import type { IncomingMessage } from 'node:http';

/**
 * The client's address. Behind a trusted proxy (`http.trustProxy`), the last X-Forwarded-For entry: the one our
 * own proxy appended (earlier entries come from the client and can be forged). Koa is set up the same way
 * (`app.proxy`, `maxIpsCount = 1`), so HTTP and signaling agree on who a client is.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const direct = request.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return direct;
  const header = request.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : header;
  const last = value
    ?.split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .at(-1);
  return last ?? direct;
}
