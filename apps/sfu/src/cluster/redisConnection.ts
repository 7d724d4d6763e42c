import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** The longest wait between two reconnection attempts: after an outage, nodes come back up to this far apart. */
export const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The node's two Redis connections: one for commands and publishing, one for subscriptions (a subscribed connection
 * can do nothing else). Both reconnect on their own; while Redis is away, commands fail at once (no offline queue:
 * a stale bus message delivered minutes later would do harm) and `ready` is false (`/readyz` turns 503). The media
 * path never waits on Redis.
 */
export class RedisConnection {
  readonly commands: Redis;
  readonly subscriber: Redis;
  readonly #log: Logger;
  #readySince: number | undefined;
  #wasLost = false;

  constructor(url: string, log: Logger) {
    this.#log = log;
    const options = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(200 * attempt, MAX_RECONNECT_DELAY_MS),
      lazyConnect: true,
    };
    this.commands = new Redis(url, options);
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
    for (const [name, client] of [
      ['commands', this.commands],
      ['subscriber', this.subscriber],
    ] as const) {
      client.on('error', (error: Error) => log.debug({ err: error, connection: name }, 'redis error'));
      client.on('ready', () => this.#changed());
      client.on('end', () => this.#changed());
      client.on('close', () => this.#changed());
    }
  }

  async connect(): Promise<void> {
    await Promise.all([this.commands.connect(), this.subscriber.connect()]);
  }

  /** Both connections are up. */
  get ready(): boolean {
    return this.commands.status === 'ready' && this.subscriber.status === 'ready';
  }

  /** Milliseconds both connections have been up (0 while either is down). */
  get upFor(): number {
    return this.#readySince === undefined ? 0 : Date.now() - this.#readySince;
  }

  /** The connections are up again after Redis went away (not the node's first connection). */
  get reconnected(): boolean {
    return this.#wasLost;
  }

  close(): void {
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  #changed(): void {
    const ready = this.ready;
    if (ready && this.#readySince === undefined) {
      this.#readySince = Date.now();
      this.#log.info('connected to redis');
    } else if (!ready && this.#readySince !== undefined) {
      this.#readySince = undefined;
      this.#wasLost = true;
      this.#log.warn('lost redis; calls go on, the cluster waits for it to come back');
    }
  }
}
