// `npm run cluster -- --nodes N`: a local Huddle cluster (Redis, PostgreSQL, HAProxy on :3000, nodes on :3001…)
// until Ctrl+C. Data (the PostgreSQL store, Redis' dump) lives in .huddle/cluster and survives restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalCluster, type LocalCluster } from './localCluster.js';

const USAGE = 'usage: npm run cluster -- [--nodes N (1-9, default 3)] [--port P (default 3000)] [--workers W]';

function say(line: string): void {
  process.stdout.write(`[cluster] ${line}\n`);
}

function positiveInt(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`--${name} must be 1 to ${max}, got ${text}`);
  return value;
}

/** The admin password, made once and kept next to the data (the store keeps the account it made). */
function adminPassword(dataDir: string): string {
  const file = join(dataDir, 'admin-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function main(): Promise<number> {
  let nodes: number;
  let port: number;
  let workers: number;
  try {
    const { values } = parseArgs({
      options: {
        nodes: { type: 'string', default: '3' },
        port: { type: 'string', default: '3000' },
        workers: { type: 'string', default: '1' },
      },
    });
    nodes = positiveInt('nodes', values.nodes, 9);
    port = positiveInt('port', values.port, 65_000);
    workers = positiveInt('workers', values.workers, 16);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const dataDir = resolve(process.env.HUDDLE_CLUSTER_DIR ?? '.huddle/cluster');
  mkdirSync(dataDir, { recursive: true });
  const password = adminPassword(dataDir);
  say(`starting Redis, PostgreSQL, ${nodes} node(s) and HAProxy (data in ${dataDir})`);
  const cluster: LocalCluster = await startLocalCluster({
    nodes,
    basePort: port,
    workers,
    heartbeatSeconds: 2,
    dataDir,
    env: { HUDDLE_ADMIN_PASSWORD: password, HUDDLE_LOG_LEVEL: process.env.HUDDLE_LOG_LEVEL ?? 'info' },
    logger: {
      info: (fields, message) => say(`${message} ${JSON.stringify(fields)}`),
      warn: (fields, message) => say(`warning: ${message} ${JSON.stringify(fields)}`),
    },
    onOutput: (node, line) => process.stdout.write(`[${node}] ${line}\n`),
  });
  say(`balancer  ${cluster.url}  (open ${cluster.url}/<room>?name=<you> to join)`);
  for (let index = 0; index < nodes; index += 1) say(`${cluster.nodeId(index)}    ${cluster.node(index).url}`);
  say(`admin     ${cluster.url}/admin  user admin, password ${password}`);
  say(`redis     ${cluster.redis.url.replace(/\/\/[^@/]*@/, '//***@')}`);
  say(`postgres  ${cluster.postgres.url.replace(/\/\/[^@/]*@/, '//***@')}`);
  say('Ctrl+C stops everything');
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  say('stopping the nodes, HAProxy, PostgreSQL and Redis');
  await cluster.stop();
  say('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[cluster] failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
