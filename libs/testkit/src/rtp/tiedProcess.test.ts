import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TiedProcess } from './tiedProcess.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes running `sleep <seconds>` (a marker nobody else uses). */
function sleepers(seconds: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === `sleep\0${seconds}\0`;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('TiedProcess', () => {
  it('stops the command, and reports its exit', async () => {
    const tied = new TiedProcess('sleep', ['301']);
    await sleep(200);
    expect(sleepers('301')).toHaveLength(1);
    await tied.stop();
    expect(tied.running).toBe(false);
    expect(sleepers('301')).toEqual([]);
    await tied.stop();

    const failing = new TiedProcess('sh', ['-c', 'echo oops >&2; exit 3']);
    expect(await failing.exited()).toBe(3);
    expect(failing.stderr).toContain('oops');
  });

  it('kills the command when its Node process is SIGKILLed', async () => {
    const module = fileURLToPath(new URL('./tiedProcess.ts', import.meta.url));
    const script = `import { TiedProcess } from ${JSON.stringify(module)}; new TiedProcess('sleep', ['302']); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: 'ignore',
    });
    for (let tries = 0; sleepers('302').length === 0 && tries < 100; tries++) await sleep(100);
    const [orphan] = sleepers('302');
    expect(orphan).toBeDefined();
    parent.kill('SIGKILL');
    for (let tries = 0; existsSync(`/proc/${orphan}`) && tries < 50; tries++) await sleep(100);
    expect(sleepers('302')).toEqual([]);
  });
});
