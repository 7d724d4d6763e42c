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

export const configSchema = z
  .strictObject({
    http: z
      .strictObject({
        host: z.string().default('127.0.0.1'),
        port: port.default(3000),
        /**
         * Behind a reverse proxy or load balancer: take the client address from X-Forwarded-For and the scheme from
         * X-Forwarded-Proto (login throttle, per-address socket limits, the Secure cookie). Off: both are ignored.
         */
        trustProxy: z.boolean().default(false),
      })
      .prefault({}),
    media: z
      .strictObject({
        workers: z.number().int().min(1).max(64).default(availableParallelism()),
        /** `auto`: loopback plus the machine's first LAN address (see media/listenAddresses.ts). */
        listenIp: z.ipv4().or(z.ipv6()).or(z.literal('auto')).default('auto'),
        announcedIp: z.string().min(1).optional(),
        rtcPortBase: port.default(40000),
        /** The range each worker takes ports from for its own transports (pipes, recorders); never the WebRtcServer ports. */
        rtcMinPort: port.default(41000),
        rtcMaxPort: port.default(49999),
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
        /** Rooms with a call on this node at once; past it, a join that would start a call gets LIMIT_REACHED. */
        maxPerNode: z.number().int().min(1).default(1_000),
        /** Anyone may start a call in a room nobody created (as before); off: unknown slugs get ROOM_NOT_FOUND. */
        allowAdHoc: z.boolean().default(true),
        /** Videos each subscriber receives at most (a room's `lastN` overrides it); the rest are paused on the server. */
        lastN: z.number().int().min(1).max(100).default(25),
      })
      .prefault({}),
    lobby: z
      .strictObject({
        /** People waiting in one room's lobby at once; past it, LOBBY_FULL. */
        maxWaiting: z.number().int().min(1).default(100),
        /** How long one may wait before the wait ends with LOBBY_TIMEOUT. */
        maxWaitSeconds: z.number().int().min(1).default(600),
      })
      .prefault({}),
    chat: z
      .strictObject({
        /** Messages one participant may send per minute; past it, RATE_LIMITED. */
        messagesPerMinute: z.number().int().min(1).default(30),
        /** Messages older than this are deleted by the pruning job (0: kept for ever). */
        retentionDays: z.number().int().min(0).default(90),
        /** Only the newest this many messages of a room are kept (0: no limit). */
        maxMessagesPerRoom: z.number().int().min(0).default(10_000),
        /** How often the pruning job runs. */
        pruneIntervalSeconds: z.number().int().min(1).default(3_600),
      })
      .prefault({}),
    signaling: z
      .strictObject({
        heartbeatIntervalMs: z.number().int().min(100).default(5_000),
        reconnectGraceMs: ms.default(15_000),
        maxFrameBytes: z.number().int().min(1024).max(1_048_576).default(65_536),
        ratePerSecond: z.number().int().min(1).default(50),
        rateBurst: z.number().int().min(1).default(100),
        /** Signaling sockets open at once on this node; past it, new ones are refused (TOO_MANY_CONNECTIONS). */
        maxConnections: z.number().int().min(1).default(10_000),
        /** …and from one client address. */
        maxConnectionsPerIp: z.number().int().min(1).default(100),
        /** A socket whose unsent data passes this (the client stopped reading) is closed (code 4002). */
        maxBufferedBytes: z.number().int().min(65_536).default(4_194_304),
      })
      .prefault({}),
    shutdown: z
      .strictObject({
        /** After SIGTERM/SIGINT, calls go on this long (new joins refused) before their rooms close. */
        drainSeconds: z.number().int().min(0).default(30),
        /** Then queued webhook deliveries get this long to go out before the process exits. */
        webhookWaitSeconds: z.number().int().min(0).default(10),
      })
      .prefault({}),
    turn: z
      .strictObject({
        /** Start a local coturn with the SFU (`npm start`, one machine): its URLs and secret are then made up. */
        embedded: z.boolean().default(false),
        /** TURN servers handed to clients (`turn:host:3478?transport=udp`, `turns:host:443?transport=tcp`). */
        urls: z.array(z.string().regex(/^turns?:\S+$/, 'a turn: or turns: URL')).default([]),
        /** coturn's `static-auth-secret` (`use-auth-secret`): the SFU mints time-limited credentials with it. */
        secret: z.string().min(16).optional(),
        /** How long a client's TURN credentials stay valid. */
        ttlSeconds: z.number().int().min(60).default(3_600),
        /** Embedded coturn: where it listens (default: the media's LAN address, else 127.0.0.1) and on which port. */
        listenIp: z.ipv4().optional(),
        port: port.default(3478),
        /** Embedded coturn: the UDP ports relay allocations take (kept clear of the media ports). */
        relayMinPort: port.default(50000),
        relayMaxPort: port.default(50999),
      })
      .refine((turn) => turn.urls.length === 0 || turn.embedded || turn.secret !== undefined, {
        message: 'turn.secret is required with turn.urls (the shared secret of the TURN servers)',
        path: ['secret'],
      })
      .prefault({}),
    cluster: z
      .strictObject({
        /** Redis for the node registry, the room directory and the bus; unset: a single node, nothing shared. */
        redisUrl: z.url({ protocol: /^rediss?$/ }).optional(),
        /** This node's name in the cluster (unique); default: host name and HTTP port. */
        nodeId: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
          .optional(),
        /** The address other nodes reach this node's media on (cross-node pipes); default: the media's LAN address. */
        address: z.ipv4().optional(),
        /** Peers this node hosts at most; past it, joins go to another node. */
        maxPeers: z.number().int().min(1).default(500),
        /** Seconds between heartbeats; a node silent for 3 of them is dead. */
        heartbeatSeconds: z.number().min(0.2).max(60).default(2),
      })
      .prefault({}),
    metrics: z
      .strictObject({
        /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
        token: z.string().min(16).optional(),
      })
      .prefault({}),
    web: z
      .strictObject({
        distDir: z.string().optional(),
      })
      .prefault({}),
    store: z
      .strictObject({
        /** SQLite file (the embedded default); its directory is the data dir. */
        path: z.string().min(1).default(defaultDatabasePath),
        /** PostgreSQL instead of SQLite (`postgres://user:password@host:port/database`): shared by a cluster. */
        databaseUrl: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
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
    recordings: z
      .strictObject({
        /** Where recordings are written (one directory each); default: `recordings/` beside the SQLite file. */
        dir: z.string().min(1).optional(),
        /** Below this much free space on that disk, no recording starts and running ones stop cleanly. */
        minFreeMb: z.number().int().min(0).default(1_024),
        /** Finished recordings older than this are deleted with their files (0: kept for ever). */
        retentionDays: z.number().int().min(0).default(30),
        /** Recordings running at once on this node; past it, LIMIT_REACHED. */
        maxActive: z.number().int().min(1).default(10),
        /** Make one composed MP4 of each recording after it stops (the track files are always kept). */
        compose: z.boolean().default(true),
        ffmpegPath: z.string().min(1).default('ffmpeg'),
        ffprobePath: z.string().min(1).default('ffprobe'),
      })
      .prefault({}),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    debugEndpoints: z.boolean().default(false),
  })
  .superRefine((config, context) => {
    const { rtcPortBase, workers, rtcMinPort, rtcMaxPort } = config.media;
    if (rtcMinPort > rtcMaxPort) {
      context.addIssue({ code: 'custom', path: ['media', 'rtcMinPort'], message: 'must not exceed media.rtcMaxPort' });
    }
    const { embedded, relayMinPort, relayMaxPort } = config.turn;
    if (embedded && relayMinPort <= rtcMaxPort && relayMaxPort >= rtcMinPort) {
      context.addIssue({
        code: 'custom',
        path: ['turn', 'relayMinPort'],
        message: `the TURN relay ports ${relayMinPort}-${relayMaxPort} overlap the workers' range ${rtcMinPort}-${rtcMaxPort}`,
      });
    }
    const lastServerPort = rtcPortBase + workers - 1;
    if (rtcPortBase <= rtcMaxPort && lastServerPort >= rtcMinPort) {
      context.addIssue({
        code: 'custom',
        path: ['media', 'rtcPortBase'],
        message: `the WebRtcServer ports ${rtcPortBase}-${lastServerPort} overlap the workers' range ${rtcMinPort}-${rtcMaxPort}`,
      });
    }
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
  ['HUDDLE_TRUST_PROXY', ['http', 'trustProxy'], asBoolean],
  ['HUDDLE_PORT', ['http', 'port'], asNumber],
  ['HUDDLE_WORKERS', ['media', 'workers'], asNumber],
  ['HUDDLE_LISTEN_IP', ['media', 'listenIp'], String],
  ['HUDDLE_ANNOUNCED_IP', ['media', 'announcedIp'], String],
  ['HUDDLE_RTC_PORT', ['media', 'rtcPortBase'], asNumber],
  ['HUDDLE_RTC_MIN_PORT', ['media', 'rtcMinPort'], asNumber],
  ['HUDDLE_RTC_MAX_PORT', ['media', 'rtcMaxPort'], asNumber],
  ['HUDDLE_CONSUMER_BUDGET', ['media', 'consumerBudgetPerWorker'], asNumber],
  ['HUDDLE_ROOM_EMPTY_GRACE_MS', ['rooms', 'emptyGraceMs'], asNumber],
  ['HUDDLE_MAX_PEERS', ['rooms', 'maxPeers'], asNumber],
  ['HUDDLE_MAX_ROOMS', ['rooms', 'maxPerNode'], asNumber],
  ['HUDDLE_ALLOW_AD_HOC', ['rooms', 'allowAdHoc'], asBoolean],
  ['HUDDLE_LAST_N', ['rooms', 'lastN'], asNumber],
  ['HUDDLE_LOBBY_MAX_WAITING', ['lobby', 'maxWaiting'], asNumber],
  ['HUDDLE_LOBBY_MAX_WAIT_SECONDS', ['lobby', 'maxWaitSeconds'], asNumber],
  ['HUDDLE_CHAT_PER_MINUTE', ['chat', 'messagesPerMinute'], asNumber],
  ['HUDDLE_CHAT_RETENTION_DAYS', ['chat', 'retentionDays'], asNumber],
  ['HUDDLE_CHAT_MAX_MESSAGES', ['chat', 'maxMessagesPerRoom'], asNumber],
  ['HUDDLE_CHAT_PRUNE_SECONDS', ['chat', 'pruneIntervalSeconds'], asNumber],
  ['HUDDLE_HEARTBEAT_MS', ['signaling', 'heartbeatIntervalMs'], asNumber],
  ['HUDDLE_RECONNECT_GRACE_MS', ['signaling', 'reconnectGraceMs'], asNumber],
  ['HUDDLE_RATE_PER_SECOND', ['signaling', 'ratePerSecond'], asNumber],
  ['HUDDLE_RATE_BURST', ['signaling', 'rateBurst'], asNumber],
  ['HUDDLE_MAX_CONNECTIONS', ['signaling', 'maxConnections'], asNumber],
  ['HUDDLE_MAX_CONNECTIONS_PER_IP', ['signaling', 'maxConnectionsPerIp'], asNumber],
  ['HUDDLE_MAX_BUFFERED_BYTES', ['signaling', 'maxBufferedBytes'], asNumber],
  ['HUDDLE_DRAIN_SECONDS', ['shutdown', 'drainSeconds'], asNumber],
  ['HUDDLE_WEBHOOK_WAIT_SECONDS', ['shutdown', 'webhookWaitSeconds'], asNumber],
  ['HUDDLE_METRICS_TOKEN', ['metrics', 'token'], String],
  ['HUDDLE_REDIS_URL', ['cluster', 'redisUrl'], String],
  ['HUDDLE_NODE_ID', ['cluster', 'nodeId'], String],
  ['HUDDLE_NODE_ADDRESS', ['cluster', 'address'], String],
  ['HUDDLE_NODE_MAX_PEERS', ['cluster', 'maxPeers'], asNumber],
  ['HUDDLE_CLUSTER_HEARTBEAT_SECONDS', ['cluster', 'heartbeatSeconds'], asNumber],
  ['HUDDLE_TURN_EMBEDDED', ['turn', 'embedded'], asBoolean],
  ['HUDDLE_TURN_URLS', ['turn', 'urls'], asList],
  ['HUDDLE_TURN_SECRET', ['turn', 'secret'], String],
  ['HUDDLE_TURN_TTL_SECONDS', ['turn', 'ttlSeconds'], asNumber],
  ['HUDDLE_TURN_LISTEN_IP', ['turn', 'listenIp'], String],
  ['HUDDLE_TURN_PORT', ['turn', 'port'], asNumber],
  ['HUDDLE_DB', ['store', 'path'], String],
  ['HUDDLE_DATABASE_URL', ['store', 'databaseUrl'], String],
  ['HUDDLE_ADMIN_USER', ['admin', 'username'], String],
  ['HUDDLE_ADMIN_PASSWORD', ['admin', 'password'], String],
  ['HUDDLE_TOKEN_SECRET', ['tokens', 'secret'], String],
  ['HUDDLE_WEBHOOK_URLS', ['webhooks', 'urls'], asList],
  ['HUDDLE_WEBHOOK_SECRET', ['webhooks', 'secret'], String],
  ['HUDDLE_WEBHOOK_RETRY_MS', ['webhooks', 'retryBaseMs'], asNumber],
  ['HUDDLE_WEB_DIR', ['web', 'distDir'], String],
  ['HUDDLE_RECORDINGS_DIR', ['recordings', 'dir'], String],
  ['HUDDLE_RECORDINGS_MIN_FREE_MB', ['recordings', 'minFreeMb'], asNumber],
  ['HUDDLE_RECORDINGS_RETENTION_DAYS', ['recordings', 'retentionDays'], asNumber],
  ['HUDDLE_RECORDINGS_MAX_ACTIVE', ['recordings', 'maxActive'], asNumber],
  ['HUDDLE_RECORDINGS_COMPOSE', ['recordings', 'compose'], asBoolean],
  ['HUDDLE_FFMPEG', ['recordings', 'ffmpegPath'], String],
  ['HUDDLE_FFPROBE', ['recordings', 'ffprobePath'], String],
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
