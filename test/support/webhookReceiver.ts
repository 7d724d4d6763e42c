import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { webhookPayloadSchema, type WebhookPayload } from '@huddle/shared';

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; status: number };

export type WebhookReceiver = {
  server: Server;
  url: string;
  received: Received[];
  /** Paths that answer 503 for now (a receiver that is down). */
  down: Set<string>;
  /** Payloads answered 2xx at `path`. */
  delivered(path: string): WebhookPayload[];
  close(): Promise<void>;
};

/**
 * A webhook receiver on 127.0.0.1. `/flaky` answers 500 to the first two deliveries of each event id, a path in
 * `down` answers 503; every other path answers 204.
 */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const down = new Set<string>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const delivery = String(request.headers['x-huddle-delivery']);
      const failed = failures.get(delivery) ?? 0;
      const path = request.url ?? '';
      const status = down.has(path) ? 503 : path === '/flaky' && failed < 2 ? 500 : 204;
      if (status === 500) failures.set(delivery, failed + 1);
      received.push({ path, headers: request.headers, body, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the receiver has no TCP address');
  return {
    server,
    url: `http://127.0.0.1:${address.port}`,
    received,
    down,
    delivered: (path) =>
      received
        .filter((entry) => entry.path === path && entry.status >= 200 && entry.status < 300)
        .map((entry) => webhookPayloadSchema.parse(JSON.parse(entry.body))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
