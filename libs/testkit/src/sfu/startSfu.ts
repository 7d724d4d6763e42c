import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthResponseSchema, type HealthResponse } from '@huddle/shared';
import { loginAdmin, type AdminClient } from './adminClient.js';
import { locateSfuEntry } from './locateSfu.js';
import { freePort, rtcPortBlock } from './ports.js';
import { readMetric } from './metrics.js';
import { descendantsOf, killSurvivors } from './processTree.js';

export type StartSfuOptions = {
  /** mediasoup workers (default 1). */
  workers?: number;
  /** Extra environment for the SFU (any `HUDDLE_*` setting; see the Huddle README). */
  env?: Record<string, string>;
  /** The built SFU entry point; default: the installed `@huddle/sfu` package. */
  entry?: string;
  /** How long to wait for `/healthz` (default 30 s: a busy machine starts the workers slowly). */
  startTimeoutMs?: number;
  /**
   * The admin account (default: `admin` with a generated password, logged in as `sfu.admin`). 'none' leaves the
   * SFU to make its own first-run password (then `sfu.admin` is not available).
   */
  admin?: { username: string; password: string } | 'none';
  /** Share a data directory between SFUs (restart tests); default: a fresh temporary one, removed on stop. */
  dataDir?: string;
  /** The HTTP/WebSocket port; default: a free one. */
  port?: number;
};

export type LocalSfu = {
  /** http://127.0.0.1:port — REST API, web app, /healthz. */
  readonly url: string;
  /** ws://127.0.0.1:port/ws — what participants join. */
  readonly wsUrl: string;
  readonly pid: number;
  /** The TCP port of the HTTP/WebSocket server and the first WebRTC port (one UDP+TCP port per worker). */
  readonly ports: { http: number; rtc: number[] };
  /** The directory holding the SFU's database. */
  readonly dataDir: string;
  readonly admin: AdminClient;
  readonly child: ChildProcess;
  /** The last 20 kB the SFU printed (structured logs), for failure messages. */
  output(): string;
  /** Calls `listener` with every line the SFU prints from now on; returns the function that stops it. */
  watchOutput(listener: (line: string) => void): () => void;
  health(): Promise<HealthResponse>;
  /** One Prometheus gauge from `/metrics`, summed over its label sets (throws if the SFU has no such metric). */
  metric(name: string): Promise<number>;
  /** GET a path (relative to the SFU's root) that must answer 2xx; resolves with its JSON. */
  get(path: string): Promise<unknown>;
  /** Stops the SFU and its workers (SIGTERM, then SIGKILL after 5 s) and removes its temporary directory. */
  stop(): Promise<void>;
};

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the SFU exited with code ${child.exitCode} while starting:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the SFU did not answer /healthz within ${timeoutMs} ms:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The admin account to create and log in as: `options.admin`, else one set through `env`, else a generated one. */
function adminCredentials(options: StartSfuOptions): { username: string; password: string } | undefined {
  if (options.admin === 'none') return undefined;
  if (options.admin) return options.admin;
  const fromEnv = options.env?.HUDDLE_ADMIN_PASSWORD;
  if (fromEnv) return { username: options.env?.HUDDLE_ADMIN_USER ?? 'admin', password: fromEnv };
  return { username: 'admin', password: randomBytes(18).toString('base64url') };
}

/**
 * Starts a real Huddle SFU as a child process: HTTP + WebSocket on a free port of 127.0.0.1, media on
 * 127.0.0.1, its database in a temporary directory, an admin account with a generated password.
 */
export async function startSfu(options: StartSfuOptions = {}): Promise<LocalSfu> {
  const entry = locateSfuEntry(options.entry);
  const workers = options.workers ?? 1;
  const httpPort = options.port ?? (await freePort());
  const rtcBase = await rtcPortBlock(workers);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'huddle-testkit-'));
  const credentials = adminCredentials(options);
  const env = {
    ...process.env,
    HUDDLE_HOST: '127.0.0.1',
    HUDDLE_PORT: String(httpPort),
    HUDDLE_WORKERS: String(workers),
    HUDDLE_LISTEN_IP: '127.0.0.1',
    HUDDLE_RTC_PORT: String(rtcBase),
    // The workers' own transports (pipes between routers) take ports below the WebRtcServer blocks.
    HUDDLE_RTC_MIN_PORT: '20000',
    HUDDLE_RTC_MAX_PORT: '29999',
    HUDDLE_DEBUG_ENDPOINTS: '1',
    HUDDLE_LOG_LEVEL: 'warn',
    // stop() ends the SFU at once by default; drain tests set their own drain time.
    HUDDLE_DRAIN_SECONDS: '0',
    HUDDLE_DB: join(dataDir, 'huddle.db'),
    ...(credentials ? { HUDDLE_ADMIN_USER: credentials.username, HUDDLE_ADMIN_PASSWORD: credentials.password } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let partial = '';
  const watchers = new Set<(line: string) => void>();
  const append = (chunk: Buffer): void => {
    const text = chunk.toString();
    log = (log + text).slice(-20_000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const watcher of watchers) watcher(line);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const output = (): string => log;
  const url = `http://127.0.0.1:${httpPort}`;
  const cleanUp = async (): Promise<void> => {
    // mediasoup workers exit with their parent; anything that outlives a SIGKILLed SFU is killed too.
    const descendants = child.pid === undefined ? [] : descendantsOf(child.pid);
    await stopChild(child);
    await killSurvivors(descendants);
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  let admin: AdminClient | undefined;
  try {
    await waitForHealth(url, child, output, options.startTimeoutMs ?? 30_000);
    if (credentials) admin = await loginAdmin(url, credentials.username, credentials.password);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${url}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  if (child.pid === undefined) throw new Error('the SFU process has no pid');
  return {
    url,
    wsUrl: `ws://127.0.0.1:${httpPort}/ws`,
    pid: child.pid,
    ports: { http: httpPort, rtc: Array.from({ length: workers }, (_, index) => rtcBase + index) },
    dataDir,
    get admin(): AdminClient {
      if (!admin) throw new Error("this SFU was started with admin: 'none'");
      return admin;
    },
    child,
    output,
    metric: (name) => readMetric(url, name),
    watchOutput(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    get,
    async health() {
      return healthResponseSchema.parse(await get('/healthz'));
    },
    stop: cleanUp,
  };
}
