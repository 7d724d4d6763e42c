import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortFree, ServiceStartError, startRedis, type RunningRedis } from '@huddle/services';
import { eventually } from '../support/eventually.js';

describe('Redis (@huddle/services)', () => {
  let redis: RunningRedis;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
    client = new Redis(redis.url, { maxRetriesPerRequest: 20, retryStrategy: () => 50 });
    // Connection errors while Redis restarts are expected: the client retries.
    client.on('error', () => undefined);
  });

  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('answers a real client on 127.0.0.1 and a free port', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
    expect(await client.config('GET', 'dir')).toEqual(['dir', redis.dataDir]);
  });

  it('restarts on the same port and dir: the client reconnects and the append-only data is still there', async () => {
    const { port, pid } = redis;
    await client.set('survives', 'restart');
    await redis.restart();
    expect(redis.port).toBe(port);
    expect(redis.pid).not.toBe(pid);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    await eventually(async () => expect(await client.get('survives')).toBe('restart'), 10_000);
  });

  it('stops leaving no process and no temp dir; a persistent dir stays', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'services-redis-keep-'));
    try {
      const kept = await startRedis({ dataDir, password: 'p@ss word' });
      const authed = new Redis(kept.url, { lazyConnect: true });
      await authed.connect();
      expect(await authed.ping()).toBe('PONG');
      authed.disconnect();
      await kept.stop();
      await kept.stop();
      expect(existsSync(`/proc/${kept.pid}`)).toBe(false);
      expect(existsSync(join(dataDir, 'redis.conf'))).toBe(true);
      expect(await isPortFree(kept.port, '127.0.0.1', 'tcp')).toBe(true);

      const temporary = await startRedis();
      await temporary.stop();
      expect(existsSync(`/proc/${temporary.pid}`)).toBe(false);
      expect(existsSync(temporary.dataDir)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails with the tail of its own output when it cannot start (port taken)', async () => {
    const failure = await startRedis({ port: redis.port }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceStartError);
    expect(String(failure)).toMatch(
      /redis exited with code 1 before it was ready; its last output:[\s\S]*Address already in use/,
    );
  });
});
