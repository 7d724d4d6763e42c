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
    expect(failing.output).toContain('oops');
  });

  it("reports the command's pid, captures stdout on request, and stops it gracefully with a signal", async () => {
    const script = 'trap "echo bye; exit 7" TERM; echo hello; while :; do sleep 0.1; done';
    const tied = new TiedProcess('sh', ['-c', script], { captureStdout: true });
    const pid = await tied.pid();
    expect(pid).toBeGreaterThan(0);
    // The pid is known right after the watchdog forks; the command's exec follows a moment later.
    const cmdline = (): string => readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    for (let tries = 0; !cmdline().startsWith('sh\0-c\0') && tries < 50; tries++) await sleep(20);
    expect(cmdline().startsWith('sh\0-c\0')).toBe(true);
    for (let tries = 0; !tied.output.includes('hello') && tries < 50; tries++) await sleep(20);
    await tied.stop({ signal: 'SIGTERM', timeoutMs: 5_000 });
    expect(await tied.exited()).toBe(7);
    expect(tied.output).toContain('bye');
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  });

  it('SIGKILLs a command that ignores the stop signal once the timeout passes', async () => {
    const tied = new TiedProcess('sh', ['-c', 'trap "" TERM; while :; do sleep 0.1; done']);
    const pid = await tied.pid();
    await sleep(100);
    const startedAt = Date.now();
    await tied.stop({ signal: 'SIGTERM', timeoutMs: 300 });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
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
