import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { WorkerPool } from './media/workerPool.js';
import type { RoomManager } from './rooms/roomManager.js';

/** The long-lived parts main.ts wires together and the edges (HTTP, signaling) read. */
export type Services = {
  config: Config;
  log: Logger;
  pool: WorkerPool;
  rooms: RoomManager;
  startedAt: number;
};
