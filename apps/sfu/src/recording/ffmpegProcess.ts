import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** How ffmpeg (or ffprobe) ended: its exit code, or the signal that ended it. */
export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null };

const OUTPUT_LIMIT = 4_000;
/** util-linux's setpriv: the child gets SIGKILL when the SFU dies, however it dies (see `TiedFfmpeg`). */
const SETPRIV = '/usr/bin/setpriv';

/** `code 1` or `signal SIGKILL`, for messages. */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
}

/**
 * An ffmpeg process that cannot outlive the SFU: it runs under `setpriv --pdeathsig KILL`, so the kernel kills it
 * when the SFU exits for any reason (SIGKILL included). What it wrote stays on disk; the next start finalizes it.
 * Keeps the tail of its stderr for error messages.
 */
export class TiedFfmpeg {
  readonly exited: Promise<ProcessExit>;
  readonly #child: ChildProcess;
  #output = '';
  #running = true;

  constructor(command: string, args: readonly string[], options: { cwd?: string; nice?: boolean } = {}) {
    const tied = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--'] : [];
    const niced = options.nice ? ['nice', '-n', '10'] : [];
    const [program = command, ...rest] = [...tied, ...niced, command, ...args];
    this.#child = spawn(program, rest, { cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-OUTPUT_LIMIT);
    });
    this.exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        this.#running = false;
        this.#output += `\n${error.message}`;
        resolve({ code: null, signal: null });
      });
      this.#child.once('exit', (code, signal) => {
        this.#running = false;
        resolve({ code, signal });
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#running;
  }

  /** The last lines it printed (warnings and errors). */
  get output(): string {
    return this.#output.trim();
  }

  /** Its last line of output, for a failure reason. */
  get lastLine(): string {
    return this.output.split('\n').at(-1)?.trim() ?? '';
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.#running) this.#child.kill(signal);
  }

  /** Waits for the exit, killing the process after `timeoutMs`. */
  async exitWithin(timeoutMs: number): Promise<ProcessExit> {
    const timer = setTimeout(() => this.kill(), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs ffmpeg/ffprobe to completion; resolves with its stdout, rejects with its last error line. */
export function runTool(command: string, args: readonly string[], options: { nice?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const niced = options.nice ? ['-n', '10', command] : [];
    const child = spawn(options.nice ? 'nice' : command, [...niced, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-OUTPUT_LIMIT)));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(stdout);
      else {
        const last = stderr.trim().split('\n').at(-1) ?? '';
        reject(new Error(`${command} ${describeExit({ code, signal })}${last ? `: ${last}` : ''}`));
      }
    });
  });
}
