import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { healthResponseSchema, type HealthResponse } from '@huddle/shared';
import { freePort, rtcPortBlock } from './ports.js';

const MAIN = fileURLToPath(new URL('../../apps/sfu/dist/main.js', import.meta.url));

export type SfuOptions = {
  workers?: number;
  env?: Record<string, string>;
};

export type SfuProcess = {
  readonly url: string;
  readonly wsUrl: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  health(): Promise<HealthResponse>;
  get(path: string): Promise<unknown>;
  stop(): Promise<void>;
};

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`SFU exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`SFU did not answer /healthz within 20 s:\n${output()}`);
}

/** A database path in a fresh temporary directory (pass it as HUDDLE_DB to several SFUs to share state). */
export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'huddle-db-')), 'huddle.db');
}

/**
 * Starts the real SFU (apps/sfu/dist/main.js) as a child process on free ports, media on 127.0.0.1, with its
 * own database unless `env.HUDDLE_DB` names one.
 */
export async function startSfu(options: SfuOptions = {}): Promise<SfuProcess> {
  const workers = options.workers ?? 1;
  const port = await freePort();
  const env = {
    ...process.env,
    HUDDLE_HOST: '127.0.0.1',
    HUDDLE_PORT: String(port),
    HUDDLE_WORKERS: String(workers),
    HUDDLE_LISTEN_IP: '127.0.0.1',
    HUDDLE_RTC_PORT: String(rtcPortBlock(workers)),
    HUDDLE_DEBUG_ENDPOINTS: '1',
    HUDDLE_LOG_LEVEL: 'warn',
    HUDDLE_DB: tempDatabasePath(),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--enable-source-maps', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const output = (): string => log;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`SFU exited unexpectedly (${code ?? signal}):\n${log}\n`);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${url}${path}`);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    child,
    output,
    get,
    async health() {
      return healthResponseSchema.parse(await get('/healthz'));
    },
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
