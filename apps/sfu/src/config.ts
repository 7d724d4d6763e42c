// Runtime configuration: embedded defaults ← optional JSON file (HUDDLE_CONFIG) ← environment, validated once.
import { readFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const port = z.number().int().min(1).max(65535);
const ms = z.number().int().min(0);

/** `$XDG_DATA_HOME/huddle/huddle.db`, else `~/.local/share/huddle/huddle.db`. */
function defaultDatabasePath(): string {
  const dataHome = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'huddle', 'huddle.db');
}

export const configSchema = z.strictObject({
  http: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: port.default(3000),
    })
    .prefault({}),
  media: z
    .strictObject({
      workers: z.number().int().min(1).max(64).default(availableParallelism()),
      listenIp: z.ipv4().or(z.ipv6()).default('127.0.0.1'),
      announcedIp: z.string().min(1).optional(),
      rtcPortBase: port.default(40000),
      consumerBudgetPerWorker: z.number().int().min(1).default(500),
      workerLogLevel: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
      initialOutgoingBitrate: z.number().int().min(100_000).default(1_000_000),
      maxIncomingBitrate: z.number().int().min(100_000).default(5_000_000),
    })
    .prefault({}),
  rooms: z
    .strictObject({
      emptyGraceMs: ms.default(30_000),
      maxPeers: z.number().int().min(1).default(100),
    })
    .prefault({}),
  signaling: z
    .strictObject({
      heartbeatIntervalMs: z.number().int().min(100).default(5_000),
      reconnectGraceMs: ms.default(15_000),
      maxFrameBytes: z.number().int().min(1024).max(1_048_576).default(65_536),
      ratePerSecond: z.number().int().min(1).default(50),
      rateBurst: z.number().int().min(1).default(100),
    })
    .prefault({}),
  web: z
    .strictObject({
      distDir: z.string().optional(),
    })
    .prefault({}),
  store: z
    .strictObject({
      path: z.string().min(1).default(defaultDatabasePath),
    })
    .prefault({}),
  api: z
    .strictObject({
      bodyLimitBytes: z.number().int().min(1024).max(10_485_760).default(65_536),
    })
    .prefault({}),
  admin: z
    .strictObject({
      username: z.string().min(1).max(64).default('admin'),
      password: z.string().min(8).max(256).optional(),
      sessionTtlSeconds: z.number().int().min(60).default(43_200),
    })
    .prefault({}),
  tokens: z
    .strictObject({
      secret: z.string().min(32).optional(),
      maxTtlSeconds: z.number().int().min(60).default(86_400),
    })
    .prefault({}),
  webhooks: z
    .strictObject({
      urls: z.array(z.url({ protocol: /^https?$/ })).default([]),
      secret: z.string().min(16).optional(),
      maxAttempts: z.number().int().min(1).max(20).default(6),
      retryBaseMs: z.number().int().min(10).default(1_000),
      timeoutMs: z.number().int().min(100).default(5_000),
    })
    .refine((hooks) => hooks.urls.length === 0 || hooks.secret !== undefined, {
      message: 'webhooks.secret is required when webhooks.urls is set',
      path: ['secret'],
    })
    .prefault({}),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  debugEndpoints: z.boolean().default(false),
});

export type Config = z.infer<typeof configSchema>;

type EnvValue = string | undefined;
const asNumber = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));
const asList = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
const asBoolean = (value: string): boolean | string =>
  ['1', 'true', 'yes'].includes(value) ? true : ['0', 'false', 'no'].includes(value) ? false : value;

/** Each supported environment variable and where it lands in the config. */
const envBindings: Array<[string, string[], (value: string) => unknown]> = [
  ['HUDDLE_HOST', ['http', 'host'], String],
  ['HUDDLE_PORT', ['http', 'port'], asNumber],
  ['HUDDLE_WORKERS', ['media', 'workers'], asNumber],
  ['HUDDLE_LISTEN_IP', ['media', 'listenIp'], String],
  ['HUDDLE_ANNOUNCED_IP', ['media', 'announcedIp'], String],
  ['HUDDLE_RTC_PORT', ['media', 'rtcPortBase'], asNumber],
  ['HUDDLE_CONSUMER_BUDGET', ['media', 'consumerBudgetPerWorker'], asNumber],
  ['HUDDLE_ROOM_EMPTY_GRACE_MS', ['rooms', 'emptyGraceMs'], asNumber],
  ['HUDDLE_MAX_PEERS', ['rooms', 'maxPeers'], asNumber],
  ['HUDDLE_HEARTBEAT_MS', ['signaling', 'heartbeatIntervalMs'], asNumber],
  ['HUDDLE_RECONNECT_GRACE_MS', ['signaling', 'reconnectGraceMs'], asNumber],
  ['HUDDLE_DB', ['store', 'path'], String],
  ['HUDDLE_ADMIN_USER', ['admin', 'username'], String],
  ['HUDDLE_ADMIN_PASSWORD', ['admin', 'password'], String],
  ['HUDDLE_TOKEN_SECRET', ['tokens', 'secret'], String],
  ['HUDDLE_WEBHOOK_URLS', ['webhooks', 'urls'], asList],
  ['HUDDLE_WEBHOOK_SECRET', ['webhooks', 'secret'], String],
  ['HUDDLE_WEBHOOK_RETRY_MS', ['webhooks', 'retryBaseMs'], asNumber],
  ['HUDDLE_WEB_DIR', ['web', 'distDir'], String],
  ['HUDDLE_LOG_LEVEL', ['logLevel'], String],
  ['HUDDLE_DEBUG_ENDPOINTS', ['debugEndpoints'], asBoolean],
];

export const CONFIG_ENV_VARS = ['HUDDLE_CONFIG', ...envBindings.map(([name]) => name)];

type Tree = { [key: string]: unknown };

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setPath(target: Tree, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const next: Tree = isTree(child) ? child : {};
  target[head] = next;
  setPath(next, rest, value);
}

function merge(base: Tree, override: Tree): Tree {
  const result: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] = isTree(current) && isTree(value) ? merge(current, value) : value;
  }
  return result;
}

function readConfigFile(path: string): Tree {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`config file ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!isTree(parsed)) throw new Error(`config file ${path}: expected a JSON object`);
  return parsed;
}

export function loadConfig(env: Record<string, EnvValue> = process.env): Config {
  const file = env.HUDDLE_CONFIG ? readConfigFile(env.HUDDLE_CONFIG) : {};
  const fromEnv: Tree = {};
  for (const [name, path, convert] of envBindings) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(fromEnv, path, convert(value));
  }
  const result = configSchema.safeParse(merge(file, fromEnv));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data;
}
