import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs `command` so that it cannot outlive this Node process. A small sh watchdog starts it in the
 * background and blocks reading its own stdin, a pipe from us: when we close the pipe (stop()) or this process
 * dies in any way (even SIGKILL, when no exit handler runs), the read returns and the watchdog SIGKILLs the
 * command. When the command exits by itself, the watchdog exits with its code.
 */
// sh gives background jobs /dev/null as stdin, so the reader gets our pipe through fd 3.
const WATCHDOG =
  'exec 3<&0; "$@" </dev/null & child=$!; (read _ignored <&3; kill -9 $child 2>/dev/null) & reader=$!; ' +
  'wait $child; code=$?; kill $reader 2>/dev/null; exit $code';

const STOP_TIMEOUT_MS = 3_000;

export class TiedProcess {
  readonly #shell: ChildProcess;
  readonly #exited: Promise<number | null>;
  #stderr = '';

  constructor(command: string, args: readonly string[]) {
    this.#shell = spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', command, ...args], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    this.#shell.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4_000);
    });
    // A write to the pipe after the watchdog is gone must not crash us.
    this.#shell.stdin?.on('error', () => undefined);
    this.#exited = new Promise((resolve) => {
      this.#shell.once('exit', (code) => resolve(code));
      this.#shell.once('error', () => resolve(null));
    });
  }

  /** What the command printed on stderr lately (its error messages). */
  get stderr(): string {
    return this.#stderr;
  }

  get running(): boolean {
    return this.#shell.exitCode === null && this.#shell.signalCode === null;
  }

  /** Resolves with the exit code when the command ends (null when it could not start). */
  exited(): Promise<number | null> {
    return this.#exited;
  }

  /** Kills the command and waits until it is gone; idempotent. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.#shell.stdin?.end();
    const timer = setTimeout(() => this.#shell.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timer);
  }
}
