import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanupLeftovers, startRedis } from '@huddle/services';
import { descendantsOf, isRunning, waitUntilGone } from '../support/processes.js';

const servicesModule = fileURLToPath(new URL('../../libs/services/src/index.ts', import.meta.url));
const started = z.object({ pid: z.number(), dataDir: z.string() });

/** A separate Node process that starts Redis (recording it in `stateDir`) and idles until killed. */
async function starter(stateDir: string): Promise<{ starterPid: number; pid: number; dataDir: string }> {
  const script = [
    `import { startRedis } from ${JSON.stringify(servicesModule)};`,
    `const redis = await startRedis({ stateDir: ${JSON.stringify(stateDir)} });`,
    'console.log(JSON.stringify({ pid: redis.pid, dataDir: redis.dataDir }));',
    'setInterval(() => {}, 1000);',
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await Promise.race([
    (async () => {
      for await (const text of createInterface({ input: child.stdout })) return [text];
      return [];
    })(),
    new Promise<string[]>((_, reject) => setTimeout(() => reject(new Error('the starter printed nothing')), 30_000)),
  ]);
  const childPid = child.pid;
  if (childPid === undefined || line === undefined) throw new Error('the starter did not start');
  return { starterPid: childPid, ...started.parse(JSON.parse(line)) };
}

describe('leftovers of a killed starter (@huddle/services)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'services-state-'));

  afterAll(() => {
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('the service dies with its SIGKILLed starter; cleanupLeftovers() removes the temp dir and the record', async () => {
    const { starterPid, pid, dataDir } = await starter(stateDir);
    expect(isRunning(pid)).toBe(true);
    expect(readdirSync(stateDir)).toEqual([`redis-${pid}.json`]);
    process.kill(starterPid, 'SIGKILL');
    expect(await waitUntilGone([starterPid, pid], 5_000)).toEqual([]);
    expect(existsSync(dataDir)).toBe(true);

    const report = await cleanupLeftovers({ stateDir });
    expect(report).toEqual({ killed: [], removedPaths: [dataDir] });
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('the next start kills a service that outlived its starter (watchdog killed too) and removes its dir', async () => {
    const { starterPid, pid, dataDir } = await starter(stateDir);
    // Kill the starter's watchdog and its pipe reader first, so that nothing is left to kill Redis.
    for (const other of descendantsOf(starterPid).filter((entry) => entry !== pid)) process.kill(other, 'SIGKILL');
    process.kill(starterPid, 'SIGKILL');
    expect(await waitUntilGone([starterPid], 5_000)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isRunning(pid)).toBe(true);

    const next = await startRedis({ stateDir });
    try {
      expect(isRunning(pid)).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
      expect(readdirSync(stateDir)).toEqual([`redis-${next.pid}.json`]);
    } finally {
      await next.stop();
    }
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('leaves the services of a starter that still runs alone', async () => {
    const mine = await startRedis({ stateDir });
    try {
      expect(await cleanupLeftovers({ stateDir })).toEqual({ killed: [], removedPaths: [] });
      expect(isRunning(mine.pid)).toBe(true);
    } finally {
      await mine.stop();
    }
  });
});
