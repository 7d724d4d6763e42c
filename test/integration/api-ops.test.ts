import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyResponseSchema, serverEventSchema, serverStatsSchema, type ServerEvent } from '@huddle/shared';
import { ADMIN, call } from '../support/api.js';
import { produceFake } from '../support/fakeMedia.js';
import { mediaDump, SignalProbe, startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

function metric(text: string, name: string): number | undefined {
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('readiness and metrics', () => {
  let sfu: LocalSfu;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 2, admin: ADMIN });
  });
  afterAll(async () => {
    await sfu?.stop();
  });

  it('serves Prometheus metrics for rooms, peers, producers, transports, workers and the event loop', async () => {
    const ann = await SignalProbe.connect(sfu.wsUrl);
    const bob = await SignalProbe.connect(sfu.wsUrl);
    await ann.join('metered', 'Ann');
    await bob.join('metered', 'Bob');
    await produceFake(ann, 'mic');
    const response = await fetch(`${sfu.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(metric(text, 'huddle_rooms')).toBe(1);
    expect(metric(text, 'huddle_peers')).toBe(2);
    expect(metric(text, 'huddle_producers')).toBe(1);
    expect(metric(text, 'huddle_consumers')).toBe(0);
    expect(metric(text, 'huddle_workers_alive')).toBe(2);
    expect(text).toMatch(/^huddle_transport_bytes\{direction="in"\} \d+$/m);
    expect(text).toMatch(/^huddle_transport_bytes\{direction="out"\} \d+$/m);
    expect(text).toMatch(/^huddle_worker_cpu_seconds\{worker="0"\} [\d.e-]+$/m);
    expect(text).toMatch(/^huddle_worker_cpu_seconds\{worker="1"\} [\d.e-]+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    await Promise.all([ann.close(), bob.close()]);
  });

  it('is ready while every worker is up, 503 while one is being replaced', async () => {
    const ready = await fetch(`${sfu.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(readyResponseSchema.parse(await ready.json())).toEqual({ status: 'ready', workers: { count: 2, alive: 2 } });

    const victim = (await mediaDump(sfu)).workers[1]?.pid;
    if (victim === undefined) throw new Error('no worker');
    process.kill(victim, 'SIGKILL');
    await eventually(async () => {
      const down = await fetch(`${sfu.url}/readyz`);
      expect(down.status).toBe(503);
      expect(readyResponseSchema.parse(await down.json()).status).toBe('unavailable');
    });
    await eventually(async () => expect((await fetch(`${sfu.url}/readyz`)).status).toBe(200));
  });

  it('reports server load and streams room events and load snapshots to admins', async () => {
    const admin = sfu.admin.token;
    const stats = serverStatsSchema.parse((await call(sfu, 'GET', '/server', { bearer: admin })).body);
    expect(stats.workers.configured).toBe(2);
    expect(stats.workers.alive.map((worker) => worker.index).sort()).toEqual([0, 1]);

    const abort = new AbortController();
    const response = await fetch(`${sfu.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${admin}` },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const events: ServerEvent[] = [];
    let buffer = '';
    const until = async (predicate: (event: ServerEvent) => boolean): Promise<ServerEvent> => {
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += new TextDecoder().decode(value);
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push(serverEventSchema.parse(JSON.parse(data.slice(6))));
        }
      }
    };
    await until((event) => event.type === 'stats');
    const ann = await SignalProbe.connect(sfu.wsUrl);
    const { peerId } = await ann.join('streamed', 'Ann');
    expect(await until((event) => event.type === 'roomStarted')).toEqual({ type: 'roomStarted', room: 'streamed' });
    expect(await until((event) => event.type === 'participantJoined')).toMatchObject({
      room: 'streamed',
      participant: { peerId, displayName: 'Ann' },
    });
    await ann.close();
    abort.abort();
  });
});
