import { spawn, type ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';

/**
 * Runs `command` so that it cannot outlive this Node process. A small sh watchdog starts it in the
 * background, reports its pid on fd 3, and blocks reading a pipe from us (our stdin to it, kept on fd 4): when we
 * close the pipe (kill()) or this process dies in any way (even SIGKILL, when no exit handler runs), the read
 * returns and the watchdog SIGKILLs the command. When the command exits by itself, the watchdog exits with its
 * code (128 + n when a signal n ended it). The command gets /dev/null as stdin and neither of the watchdog's fds.
 */
const WATCHDOG =
  'exec 4<&0; "$@" </dev/null 3>&- 4<&- & child=$!; echo $child >&3; exec 3>&-; ' +
  '(read _ignored <&4; kill -9 $child 2>/dev/null) & reader=$!; ' +
  'wait $child; code=$?; kill $reader 2>/dev/null; exit $code';

/** After the pipe is closed, how long the watchdog gets before it is SIGKILLed itself. */
const KILL_TIMEOUT_MS = 3_000;
const DEFAULT_OUTPUT_LIMIT = 16_000;

export type TiedProcessOptions = {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Keep stdout in `output` too (stderr always is); stdout is discarded by default. */
  captureStdout?: boolean;
  /** How many characters of recent output `output` keeps (16 000 by default). */
  outputLimit?: number;
  /** Called with each chunk of output, as it arrives. */
  onOutput?: (text: string) => void;
};

export type StopOptions = {
  /** Sent to the command first (e.g. SIGTERM); without it the command is SIGKILLed at once. */
  signal?: NodeJS.Signals;
  /** How long the command gets to exit after `signal` before it is SIGKILLed (5 s by default). */
  timeoutMs?: number;
};

function firstLine(stream: unknown): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (!(stream instanceof Readable)) return resolve(undefined);
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
    stream.on('error', () => resolve(undefined));
    stream.on('close', () => resolve(text === '' ? undefined : text.split('\n')[0]));
  });
}

export class TiedProcess {
  readonly #shell: ChildProcess;
  readonly #exited: Promise<number | null>;
  readonly #pid: Promise<number | undefined>;
  readonly #outputLimit: number;
  #output = '';

  constructor(command: string, args: readonly string[], options: TiedProcessOptions = {}) {
    this.#outputLimit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
    this.#shell = spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', command, ...args], {
      stdio: ['pipe', options.captureStdout ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      cwd: options.cwd,
      env: options.env,
    });
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      this.#output = (this.#output + text).slice(-this.#outputLimit);
      options.onOutput?.(text);
    };
    this.#shell.stdout?.on('data', collect);
    this.#shell.stderr?.on('data', collect);
    // A write to the pipe after the watchdog is gone must not crash us.
    this.#shell.stdin?.on('error', () => undefined);
    this.#pid = firstLine(this.#shell.stdio[3]).then((line) => {
      const pid = Number(line);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    });
    this.#exited = new Promise((resolve) => {
      this.#shell.once('exit', (code) => resolve(code));
      this.#shell.once('error', () => resolve(null));
    });
  }

  /** What the command printed lately (stderr, and stdout when captured), at most `outputLimit` characters. */
  get output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.#shell.exitCode === null && this.#shell.signalCode === null;
  }

  /**
   * The command's own pid (not the watchdog's), undefined when it could not be started. It is reported at the fork:
   * the command's exec may follow a moment later.
   */
  pid(): Promise<number | undefined> {
    return this.#pid;
  }

  /** Resolves with the exit code when the command ends (null when it could not start). */
  exited(): Promise<number | null> {
    return this.#exited;
  }

  /** Sends `signal` to the command; false when it is not running. */
  async signal(signal: NodeJS.Signals): Promise<boolean> {
    const pid = await this.#pid;
    if (pid === undefined || !this.running) return false;
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops the command (asking first with `options.signal`, if given) and waits until it is gone; idempotent. */
  async stop(options: StopOptions = {}): Promise<void> {
    if (!this.running) return;
    if (options.signal && (await this.signal(options.signal))) {
      const timeout = new Promise<'timeout'>((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 5_000);
        void this.#exited.then(() => clearTimeout(timer));
      });
      if ((await Promise.race([this.#exited, timeout])) !== 'timeout') return;
    }
    this.#shell.stdin?.end();
    const timer = setTimeout(() => this.#shell.kill('SIGKILL'), KILL_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timer);
  }
}
