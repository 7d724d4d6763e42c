// Wires config → worker pool → rooms → HTTP + WebSocket signaling, and drains on SIGTERM/SIGINT.
import './media/workerBinary.js';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { Authenticator } from './auth/authenticator.js';
import { JoinTokens, newSecret } from './auth/joinTokens.js';
import { Cluster } from './cluster/cluster.js';
import { loadConfig } from './config.js';
import { createHttpApp } from './http/app.js';
import { createLogger } from './logger.js';
import { WorkerPool } from './media/workerPool.js';
import { RecordingService } from './recording/recordingService.js';
import { RoomManager } from './rooms/roomManager.js';
import type { Services } from './services.js';
import { handleShutdownSignals } from './shutdown.js';
import { handlers } from './signaling/handlers/index.js';
import type { ConnectionDeps } from './signaling/connection.js';
import { startSignaling, type SignalingServer } from './signaling/wsServer.js';
import { startTurn } from './media/turn/embeddedTurn.js';
import { startRetention } from './store/retention.js';
import { Store } from './store/store.js';
import { sendRecordingWebhooks } from './webhooks/recordingWebhooks.js';
import { sendRoomWebhooks } from './webhooks/roomWebhooks.js';
import { WebhookSender } from './webhooks/webhookSender.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // A stray rejection inside a media library must not end every call on this server.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  const pool = await WorkerPool.create(config.media, log);
  const store = await Store.open(config.store, log);
  const rooms = new RoomManager({ pool, config, log, store });
  const webhooks = new WebhookSender(config.webhooks, store.outbox, log);
  const recordings = await RecordingService.create({ config, store, rooms, log });
  sendRoomWebhooks(rooms, webhooks);
  sendRecordingWebhooks(recordings, webhooks);
  webhooks.start();
  recordings.startJobs();
  const retention = startRetention(store, config.chat, log);
  const tokens = new JoinTokens(config.tokens.secret ?? (await store.credentials.secret('joinTokenSecret', newSecret)));
  const passwordFile = join(dirname(config.store.path), 'admin-password');
  const auth = new Authenticator({ config, store, tokens, log, passwordFile });
  await auth.ensureAdmin();
  const turn = await startTurn(config, log);
  // Sessions other nodes relay to this one are served like its own sockets (read once the cluster runs).
  const cluster = config.cluster.redisUrl
    ? await Cluster.start({ config, log, pool, rooms, connection: () => connectionDeps })
    : undefined;
  if (cluster) rooms.setLinker(cluster, config.cluster.maxPeers);
  const connectionDeps: ConnectionDeps = {
    rooms,
    recordings,
    store,
    tokens,
    config,
    log,
    handlers,
    turn: turn.servers,
    router: cluster,
  };
  // The WebSocket server needs the HTTP server, which needs the app: the app reads the socket count through this.
  const live: { signaling?: SignalingServer } = {};
  const services: Services = {
    config,
    log,
    pool,
    rooms,
    store,
    recordings,
    auth,
    tokens,
    startedAt: Date.now(),
    signalingConnections: () => live.signaling?.connections ?? 0,
    cluster: cluster?.control,
    clusterReady: cluster ? () => cluster.ready : undefined,
  };

  const server = createServer(createHttpApp(services).callback());
  const signaling = startSignaling(server, connectionDeps);
  live.signaling = signaling;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, resolve);
  });
  log.info(
    {
      url: `http://${config.http.host}:${config.http.port}`,
      workers: pool.size,
      rtcPorts: `${config.media.rtcPortBase}+`,
      ...(cluster ? { node: cluster.nodeId, cluster: 'redis' } : {}),
    },
    'Huddle is listening',
  );
  handleShutdownSignals({
    config: config.shutdown,
    log,
    rooms,
    signaling,
    server,
    pool,
    store,
    webhooks,
    cluster,
    stopJobs: async () => {
      retention.stop();
      await Promise.allSettled([turn.stop(), cluster?.close(), recordings.shutdown()]);
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`huddle: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${String(error.cause)}\n`);
  process.exit(1);
});
