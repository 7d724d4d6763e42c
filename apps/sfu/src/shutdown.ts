import type { Server } from 'node:http';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { WorkerPool } from './media/workerPool.js';
import type { RoomManager } from './rooms/roomManager.js';
import type { SignalingServer } from './signaling/wsServer.js';
import type { Store } from './store/store.js';
import type { WebhookSender } from './webhooks/webhookSender.js';

export type ShutdownDeps = {
  config: Config['shutdown'];
  log: Logger;
  rooms: RoomManager;
  signaling: SignalingServer;
  server: Server;
  pool: WorkerPool;
  store: Store;
  webhooks: WebhookSender;
  /** Cluster mode: this node's peers move to other nodes instead of waiting for their calls to end. */
  cluster?: ClusterDrain | undefined;
  /** Everything else to stop (timers, jobs, an embedded TURN server). */
  stopJobs: () => Promise<void>;
};

/** What the drain needs of the cluster (cluster/cluster.ts). */
export interface ClusterDrain {
  /** Marks this node draining, then closes its meetings with a rejoin: their peers land on other nodes. */
  handOff(): Promise<void>;
  /** Ends the sessions this node only relays (their clients reconnect and resume where they are hosted). */
  closeRelays(): void;
}

const POLL_MS = 250;

/**
 * Graceful drain on the first SIGTERM/SIGINT: `/readyz` turns 503 and new joins get SERVER_DRAINING at once;
 * running calls go on until they end or `shutdown.drainSeconds` pass; then every room closes with
 * `roomClosed {reason: 'serverShutdown', rejoin: true}`, queued webhooks get `shutdown.webhookWaitSeconds` to go
 * out (what is left stays in the outbox for the next start), and the database closes. In a cluster the calls do
 * not wait: the node tells the cluster it drains and its peers rejoin the same meetings on other nodes at once;
 * it exits as soon as it is empty (or at the deadline). A second signal stops at once.
 */
export function handleShutdownSignals(deps: ShutdownDeps): void {
  let draining = false;
  let abortDrain: (() => void) | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (draining) {
      deps.log.warn({ signal }, 'second signal: stopping now');
      abortDrain?.();
      finish(deps, 0);
      return;
    }
    draining = true;
    const aborted = new Promise<void>((resolve) => {
      abortDrain = resolve;
    });
    drain(deps, signal, aborted).then(
      () => finish(deps, 0),
      (error: unknown) => {
        deps.log.error({ err: error }, 'drain failed; stopping');
        finish(deps, 1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function drain(deps: ShutdownDeps, signal: NodeJS.Signals, aborted: Promise<void>): Promise<void> {
  const { rooms, config, log } = deps;
  rooms.drain();
  log.info({ signal, drainSeconds: config.drainSeconds, calls: rooms.rooms.size }, 'draining: no new joins');
  const deadline = Date.now() + config.drainSeconds * 1000;
  let stop = false;
  void aborted.then(() => {
    stop = true;
  });
  if (deps.cluster) await Promise.race([deps.cluster.handOff(), aborted]);
  while (!stop && Date.now() < deadline && rooms.peerCount > 0) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (stop) return;
  deps.cluster?.closeRelays();
  log.info({ calls: rooms.rooms.size, peers: rooms.peerCount }, 'drain over: closing the calls');
  rooms.closeAll('serverShutdown');
  deps.signaling.close();
  await Promise.race([deps.webhooks.drain(config.webhookWaitSeconds * 1000), aborted]);
}

let finished = false;

function finish(deps: ShutdownDeps, code: number): void {
  if (finished) return;
  finished = true;
  deps.rooms.closeAll('serverShutdown');
  deps.signaling.close();
  deps.pool.close();
  deps.server.closeAllConnections();
  deps.server.close();
  deps.log.info({ code }, 'stopped');
  Promise.allSettled([deps.stopJobs(), deps.store.close()]).then(
    () => process.exit(code),
    () => process.exit(code),
  );
}
