import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, readyResponseSchema } from '@huddle/shared';
import { SignalProbe, joinParticipant, startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhookReceiver.js';

const SECRET = 'drain-test-webhook-secret-0123';
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function exited(sfu: LocalSfu): Promise<number | null> {
  if (sfu.child.exitCode !== null) return Promise.resolve(sfu.child.exitCode);
  return new Promise((resolve) => sfu.child.once('exit', (code) => resolve(code)));
}

async function ready(sfu: LocalSfu): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sfu.url}/readyz`);
  return { status: response.status, body: readyResponseSchema.parse(await response.json()) };
}

describe('graceful drain', () => {
  it(
    'turns /readyz 503 and refuses joins at once, keeps calls going, then closes them and delivers webhooks',
    { timeout: 90_000 },
    async () => {
      const receiver: WebhookReceiver = await startWebhookReceiver();
      cleanups.push(() => receiver.close());
      const sfu = await startSfu({
        env: {
          HUDDLE_DRAIN_SECONDS: '5',
          HUDDLE_WEBHOOK_URLS: `${receiver.url}/hooks`,
          HUDDLE_WEBHOOK_SECRET: SECRET,
        },
      });
      cleanups.push(() => sfu.stop());
      const ann = await joinParticipant(sfu.url, 'drained', {
        name: 'Ann',
        kind: 'lightweight',
        publish: ['mic', 'camera'],
      });
      const bob = await joinParticipant(sfu.url, 'drained', { name: 'Bob', kind: 'lightweight' });
      cleanups.push(() => Promise.all([ann.leave(), bob.leave()]).then(() => undefined));
      await bob.waitForMedia(ann, { kind: 'video', minBitrate: 50_000 });

      const signalledAt = Date.now();
      process.kill(sfu.pid, 'SIGTERM');
      await eventually(
        async () =>
          expect(await ready(sfu)).toEqual({ status: 503, body: expect.objectContaining({ status: 'draining' }) }),
        2_000,
        50,
      );
      const late = await SignalProbe.connect(sfu.wsUrl);
      const refused = await late.requestError('join', {
        protocolVersion: PROTOCOL_VERSION,
        roomId: 'drained',
        displayName: 'Late',
      });
      expect(refused.code).toBe('SERVER_DRAINING');
      await late.close();

      // The call goes on during the drain: media still flows to Bob well after the signal.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const during = await bob.waitForMedia(ann, { kind: 'video', minBitrate: 50_000, timeoutMs: 2_000 });
      expect(during.bitrate).toBeGreaterThan(50_000);

      const closed = await bob.waitForNotification('roomClosed', () => true, { timeoutMs: 10_000 });
      expect(closed).toEqual({ reason: 'serverShutdown', rejoin: true });
      expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(4_500);
      expect(await exited(sfu)).toBe(0);
      const events = receiver.delivered('/hooks').map((payload) => payload.event);
      expect(events).toEqual(
        expect.arrayContaining(['room.started', 'participant.joined', 'participant.left', 'room.ended']),
      );
      expect(events.filter((event) => event === 'participant.left')).toHaveLength(2);
    },
  );

  it('a second signal stops at once', async () => {
    const sfu = await startSfu({ env: { HUDDLE_DRAIN_SECONDS: '60' } });
    cleanups.push(() => sfu.stop());
    const ann = await SignalProbe.connect(sfu.wsUrl);
    await ann.join('stubborn', 'Ann');
    process.kill(sfu.pid, 'SIGTERM');
    await eventually(async () => expect((await ready(sfu)).status).toBe(503), 2_000, 50);
    const signalledAt = Date.now();
    process.kill(sfu.pid, 'SIGINT');
    expect(await exited(sfu)).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
    await ann.close();
  });

  it('resumes the webhook outbox after a kill -9 and a restart: no delivery is lost', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'huddle-outbox-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    receiver.down.add('/hooks');
    const env = {
      HUDDLE_WEBHOOK_URLS: `${receiver.url}/hooks`,
      HUDDLE_WEBHOOK_SECRET: SECRET,
      HUDDLE_WEBHOOK_RETRY_MS: '4000',
      HUDDLE_ROOM_EMPTY_GRACE_MS: '100',
    };
    const first = await startSfu({ dataDir, env });
    cleanups.push(() => first.stop());
    const ann = await SignalProbe.connect(first.wsUrl);
    const { peerId } = await ann.join('outboxed', 'Ann');
    await ann.request('leave', {});
    await ann.close();
    // Every event was tried once and failed; the retries wait in the outbox when the SFU is killed.
    await eventually(() => expect(receiver.received.map((entry) => entry.status)).toEqual([503, 503, 503, 503]));
    first.child.kill('SIGKILL');
    await exited(first);

    receiver.down.delete('/hooks');
    const second = await startSfu({ dataDir, env });
    cleanups.push(() => second.stop());
    await eventually(
      () =>
        expect(receiver.delivered('/hooks').map((payload) => payload.event)).toEqual([
          'room.started',
          'participant.joined',
          'participant.left',
          'room.ended',
        ]),
      15_000,
    );
    const ids = new Set(receiver.received.map((entry) => entry.headers['x-huddle-delivery']));
    expect(ids.size).toBe(4);
    expect(receiver.delivered('/hooks')[1]).toMatchObject({ participant: { peerId } });
  });
});
