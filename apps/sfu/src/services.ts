import type { Authenticator } from './auth/authenticator.js';
import type { ClusterControl } from './cluster/clusterControl.js';
import type { JoinTokens } from './auth/joinTokens.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { WorkerPool } from './media/workerPool.js';
import type { RecordingService } from './recording/recordingService.js';
import type { RoomManager } from './rooms/roomManager.js';
import type { Store } from './store/store.js';

/** The long-lived parts main.ts wires together and the edges (HTTP, signaling) read. */
export type Services = {
  config: Config;
  log: Logger;
  pool: WorkerPool;
  rooms: RoomManager;
  store: Store;
  recordings: RecordingService;
  auth: Authenticator;
  tokens: JoinTokens;
  startedAt: number;
  /** Cluster mode: the whole cluster as the admin API sees it (absent on a single node). */
  cluster?: ClusterControl | undefined;
  /** Cluster mode: whether this node reaches Redis (`/readyz` depends on it). */
  clusterReady?: (() => boolean) | undefined;
  /** Signaling sockets open now (the WebSocket server starts after the HTTP app). */
  signalingConnections: () => number;
};
