import { silentLogger, type ServiceLogger } from '../logger.js';
import { defaultStateDir, removeRecord, writeRecord } from '../state/records.js';
import { processStartTime } from './procfs.js';
import { TiedProcess } from './tiedProcess.js';

/** A service that exited or did not become ready in time; the message ends with the tail of its own output. */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
  constructor(
    readonly service: string,
    reason: string,
    readonly output: string,
  ) {
    super(`${service} ${reason}${formatTail(output)}`);
  }
}

function formatTail(output: string): string {
  const lines = output.trimEnd().split('\n').slice(-25);
  return lines.length === 1 && lines[0] === ''
    ? ' (it printed nothing)'
    : `; its last output:\n  ${lines.join('\n  ')}`;
}

export type LaunchSpec = {
  /** Names the service in logs, records and errors ("redis", "postgres" …). */
  service: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The signal that asks this program for a graceful shutdown. */
  stopSignal: NodeJS.Signals;
  /** How long it gets to exit after stopSignal before it is SIGKILLed. */
  stopTimeoutMs: number;
  /** One readiness probe of the program `pid`: true once it really answers (a rejection counts as not yet). */
  ready: (pid: number) => Promise<boolean>;
  readyTimeoutMs: number;
  /** Temporary dirs to remove if this run is killed and later found as a leftover. */
  removeOnLeftover: readonly string[];
  stateDir?: string;
  logger?: ServiceLogger;
};

const PROBE_INTERVAL_MS = 50;

/** One running service program: tied to this Node process, recorded in the state dir, stopped gracefully. */
export class ServiceProcess {
  readonly #spec: LaunchSpec;
  readonly #tied: TiedProcess;
  #recordFile: string | undefined;
  #stopping: Promise<void> | undefined;
  #exitExpected = false;

  private constructor(
    spec: LaunchSpec,
    tied: TiedProcess,
    readonly pid: number,
  ) {
    this.#spec = spec;
    this.#tied = tied;
  }

  /** Starts the program and resolves once spec.ready() says so; on failure nothing is left running. */
  static async launch(spec: LaunchSpec): Promise<ServiceProcess> {
    const logger = spec.logger ?? silentLogger;
    const startedAt = Date.now();
    const tied = new TiedProcess(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      captureStdout: true,
      onOutput: logger.debug
        ? (text) => {
            for (const line of text.split('\n'))
              if (line.trim() !== '') logger.debug?.({ service: spec.service }, line);
          }
        : undefined,
    });
    const pid = await tied.pid();
    if (pid === undefined) {
      await tied.stop();
      throw new ServiceStartError(spec.service, `could not be started (${spec.command})`, tied.output);
    }
    const running = new ServiceProcess(spec, tied, pid);
    try {
      await running.#record();
      await running.#waitUntilReady();
    } catch (error) {
      await running.#stop(false);
      throw error;
    }
    logger.info({ service: spec.service, pid, ms: Date.now() - startedAt }, `${spec.service} is ready`);
    void tied.exited().then(async (code) => {
      if (running.#recordFile) await removeRecord(running.#recordFile);
      if (!running.#stopping && !running.#exitExpected) {
        logger.warn({ service: spec.service, pid, code, output: tied.output.slice(-2_000) }, `${spec.service} exited`);
      }
    });
    return running;
  }

  get running(): boolean {
    return this.#tied.running;
  }

  /** The tail of what the program printed (stdout and stderr). */
  get output(): string {
    return this.#tied.output;
  }

  exited(): Promise<number | null> {
    return this.#tied.exited();
  }

  signal(signal: NodeJS.Signals): Promise<boolean> {
    return this.#tied.signal(signal);
  }

  /** The program will exit by itself (e.g. an old HAProxy after a reload): its exit is not worth a warning. */
  expectExit(): void {
    this.#exitExpected = true;
  }

  /** Graceful stop (stopSignal, then SIGKILL after stopTimeoutMs); removes the record; idempotent. */
  stop(): Promise<void> {
    return this.#stop(true);
  }

  #stop(graceful: boolean): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#tied.stop(graceful ? { signal: this.#spec.stopSignal, timeoutMs: this.#spec.stopTimeoutMs } : {});
      if (this.#recordFile) await removeRecord(this.#recordFile);
    })();
    return this.#stopping;
  }

  async #record(): Promise<void> {
    const startTime = processStartTime(this.pid);
    const ownerStartTime = processStartTime(process.pid);
    // Gone already: nothing to record, and #waitUntilReady() reports how it exited.
    if (startTime === undefined || ownerStartTime === undefined) return;
    this.#recordFile = await writeRecord(this.#spec.stateDir ?? defaultStateDir(), {
      service: this.#spec.service,
      command: this.#spec.command,
      pid: this.pid,
      startTime,
      ownerPid: process.pid,
      ownerStartTime,
      removePaths: [...this.#spec.removeOnLeftover],
      startedAt: new Date().toISOString(),
    });
  }

  async #waitUntilReady(): Promise<void> {
    const { service, ready, readyTimeoutMs } = this.#spec;
    const deadline = Date.now() + readyTimeoutMs;
    const exited = this.#tied.exited().then((code) => ({ code }));
    for (;;) {
      if (!this.#tied.running) {
        const { code } = await exited;
        throw new ServiceStartError(service, `exited with code ${code} before it was ready`, this.#tied.output);
      }
      if (await ready(this.pid).catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new ServiceStartError(service, `was not ready within ${readyTimeoutMs} ms`, this.#tied.output);
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS))]);
    }
  }
}
