import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookPayloadSchema, type WebhookPayload } from '@huddle/shared';
import { TestSignalClient, startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

const SECRET = 'webhook-test-secret-0123456789';

type Received = { path: string; headers: IncomingHttpHeaders; body: string; status: number };

/** A webhook receiver on 127.0.0.1; `/flaky` answers 500 to the first two deliveries of each event id. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const delivery = String(request.headers['x-huddle-delivery']);
      const failed = failures.get(delivery) ?? 0;
      const status = request.url === '/flaky' && failed < 2 ? 500 : 204;
      if (status === 500) failures.set(delivery, failed + 1);
      received.push({ path: request.url ?? '', headers: request.headers, body, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

describe('webhooks', () => {
  let sfu: LocalSfu;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    sfu = await startSfu({
      env: {
        HUDDLE_WEBHOOK_URLS: `${receiver.url}/ok,${receiver.url}/flaky`,
        HUDDLE_WEBHOOK_SECRET: SECRET,
        HUDDLE_WEBHOOK_RETRY_MS: '50',
        HUDDLE_ROOM_EMPTY_GRACE_MS: '200',
      },
    });
  });
  afterAll(async () => {
    await sfu?.stop();
    receiver?.server.close();
  });

  function delivered(path: string): WebhookPayload[] {
    return receiver.received
      .filter((entry) => entry.path === path && entry.status === 204)
      .map((entry) => webhookPayloadSchema.parse(JSON.parse(entry.body)));
  }

  it('posts signed room and participant events to every URL, retrying a failing one with backoff', async () => {
    const ann = await TestSignalClient.connect(sfu.wsUrl);
    const { peerId } = await ann.join('hooked', 'Ann');
    await ann.request('leave', {});
    await ann.close();

    const expected = ['room.started', 'participant.joined', 'participant.left', 'room.ended'];
    await eventually(() => expect(delivered('/ok').map((payload) => payload.event)).toEqual(expected));
    await eventually(() =>
      expect(
        delivered('/flaky')
          .map((payload) => payload.event)
          .sort(),
      ).toEqual([...expected].sort()),
    );

    const joined = delivered('/ok').find((payload) => payload.event === 'participant.joined');
    expect(joined).toMatchObject({
      room: { slug: 'hooked' },
      participant: { peerId, displayName: 'Ann', identity: null },
    });

    for (const entry of receiver.received) {
      const timestamp = String(entry.headers['x-huddle-timestamp']);
      const expectedSignature = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${entry.body}`).digest('hex')}`;
      expect(entry.headers['x-huddle-signature']).toBe(expectedSignature);
      expect(entry.headers['x-huddle-event']).toBe(webhookPayloadSchema.parse(JSON.parse(entry.body)).event);
    }

    const attempts = receiver.received.filter((entry) => entry.path === '/flaky');
    expect(attempts).toHaveLength(12);
    const started = delivered('/flaky').find((payload) => payload.event === 'room.started');
    const tries = attempts.filter((entry) => entry.headers['x-huddle-delivery'] === started?.id);
    expect(tries.map((entry) => entry.status)).toEqual([500, 500, 204]);
    const times = tries.map((entry) => Number(entry.headers['x-huddle-timestamp']));
    const [first = 0, second = 0, third = 0] = times;
    expect(second - first).toBeGreaterThanOrEqual(45);
    expect(third - second).toBeGreaterThanOrEqual(95);
  });
});
