import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@huddle/shared';
import { SignalProbe, mediaDump, startSfu, type LocalSfu } from '@huddle/testkit';

describe('SFU process', () => {
  let sfu: LocalSfu;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 2 });
  });
  afterAll(async () => {
    await sfu?.stop();
  });

  it('answers /healthz with its worker count and versions', async () => {
    const response = await fetch(`${sfu.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const health = await sfu.health();
    expect(health).toMatchObject({
      status: 'ok',
      mediasoupVersion: '3.12.16',
      protocolVersion: PROTOCOL_VERSION,
      workers: { count: 2, alive: 2 },
    });
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('serves the web app: the page revalidated on every load, its hashed assets cached for good', async () => {
    const page = await fetch(`${sfu.url}/some-room`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('max-age=0');
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${sfu.url}${asset ?? ''}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('max-age=31536000,immutable');
    expect((await fetch(`${sfu.url}/assets/missing.js`)).status).toBe(404);
  });

  it('runs one mediasoup worker process per configured core, each with a WebRtcServer', async () => {
    const dump = await mediaDump(sfu);
    expect(dump.workers).toHaveLength(2);
    const pids = new Set(dump.workers.map((worker) => worker.pid));
    expect(pids.size).toBe(2);
    for (const worker of dump.workers) {
      expect(worker.dump.webRtcServerIds).toHaveLength(1);
      expect(() => process.kill(worker.pid, 0)).not.toThrow();
    }
  });

  it('creates a router for a room and WebRTC transports on the WebRtcServer', async () => {
    const client = await SignalProbe.connect(sfu.wsUrl);
    await client.join('health-room', 'Ada');
    const { transportId, iceCandidates } = await client.request('createTransport', { direction: 'recv' });
    const dump = await mediaDump(sfu);
    const room = dump.rooms.find((entry) => entry.roomId === 'health-room');
    expect(room?.routers[0]?.dump.transportIds).toEqual([transportId]);
    const servers = dump.workers.flatMap((worker) => worker.webRtcServer.webRtcTransportIds);
    expect(servers).toContain(transportId);
    expect(iceCandidates.map((candidate) => candidate.protocol).sort()).toEqual(['tcp', 'udp']);
    expect(new Set(iceCandidates.map((candidate) => candidate.address))).toEqual(new Set(['127.0.0.1']));
    await client.close();
  });

  it('answers unknown HTTP routes with a JSON 404 error body', async () => {
    const response = await fetch(`${sfu.url}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route for GET /api/v1/nothing-here' },
    });
  });
});
