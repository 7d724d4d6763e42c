import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { waitFor } from '@huddle/testkit';
import { CpuQuotaGroup } from '../measure/cpuQuota.js';
import { progress } from '../progress.js';
import { onTeardown } from '../teardown.js';
import { JANUS_BASE_PATH, JANUS_HTTP_PORT, writeJanusConfig, type JanusConfig } from './janusConfig.js';
import { NAMESPACE, NS_ADDRESS } from './netns.js';

export type StartJanusOptions = {
  /** Cap Janus to this share of one core (cgroup v1 CFS quota), e.g. 0.25. */
  cpuQuota?: number;
  /** The quota's CFS period, µs (default the kernel's 100 ms). */
  cpuPeriodUs?: number;
};

/** A running Janus inside the bench namespace (which must exist). */
export class JanusServer {
  readonly baseUrl = `http://${NS_ADDRESS}:${JANUS_HTTP_PORT}${JANUS_BASE_PATH}`;
  private readonly exited: Promise<void>;
  private stopping = false;
  private readonly unregister: () => void;

  private constructor(
    private readonly child: ChildProcess & { pid: number },
    private readonly config: JanusConfig,
    readonly quota: CpuQuotaGroup | undefined,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      progress('janus.died', { code: code ?? undefined, signal: signal ?? undefined, log: this.logTail() });
    });
    this.unregister = onTeardown('stop janus', () => this.stop());
  }

  /** `ip netns exec` and setpriv exec Janus in place, so this is Janus's own pid (its threads are all in it). */
  get pid(): number {
    return this.child.pid;
  }

  static async start(options: StartJanusOptions = {}): Promise<JanusServer> {
    const config = writeJanusConfig();
    const log = openSync(config.logFile, 'a');
    const janus = ['janus', '--config', config.mainConfig, '--configs-folder', config.dir, '--disable-colors'];
    // setpriv --pdeathsig: the kernel kills Janus if this process dies without cleaning up (even on SIGKILL).
    const child = spawn('ip', ['netns', 'exec', NAMESPACE, 'setpriv', '--pdeathsig', 'KILL', ...janus], {
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    if (child.pid === undefined) {
      await new Promise((resolve) => child.once('error', resolve));
      throw new Error('could not spawn `ip netns exec … janus`');
    }
    const quota =
      options.cpuQuota === undefined ? undefined : CpuQuotaGroup.create(options.cpuQuota, 'janus', options.cpuPeriodUs);
    const server = new JanusServer(child as ChildProcess & { pid: number }, config, quota);
    try {
      quota?.addProcessTree(child.pid);
      // Fail at once, with Janus's own last words, if it exits instead of coming up (e.g. a config error).
      const died = server.exited.then(() => {
        throw new Error(`Janus exited before its API came up: ${server.logTail()}`);
      });
      died.catch(() => undefined); // Janus exits later anyway, when stopped: that is not an error.
      await Promise.race([
        died,
        waitFor(() => server.isUp(), {
          timeoutMs: 15_000,
          intervalMs: 200,
          description: `Janus HTTP API at ${server.baseUrl}`,
          describe: () => server.logTail(),
        }),
      ]);
    } catch (error) {
      await server.stop();
      throw error;
    }
    progress('janus.started', { pid: child.pid, url: server.baseUrl, cpuQuota: options.cpuQuota });
    return server;
  }

  /** Idempotent: SIGTERM, SIGKILL after 5 s, then removes its cgroup and config dir. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const killTimer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(killTimer);
      progress('janus.stopped', { pid: this.pid });
    }
    this.quota?.remove();
    rmSync(this.config.dir, { recursive: true, force: true });
    this.unregister();
  }

  private async isUp(): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/info`, { signal: AbortSignal.timeout(1000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  private logTail(): string {
    try {
      return readFileSync(this.config.logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
