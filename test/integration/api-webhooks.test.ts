import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookPayloadSchema } from '@huddle/shared';
import { SignalProbe, startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhookReceiver.js';

const SECRET = 'webhook-test-secret-0123456789';

describe('webhooks', () => {
  let sfu: LocalSfu;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
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
    await receiver?.close();
  });

  const delivered = (path: string) => receiver.delivered(path);

  it('posts signed room and participant events to every URL, retrying a failing one with backoff', async () => {
    const ann = await SignalProbe.connect(sfu.wsUrl);
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
