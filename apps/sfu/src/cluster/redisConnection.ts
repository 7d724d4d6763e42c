import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

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

  constructor(url: string, log: Logger) {
    this.#log = log;
    const options = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(200 * attempt, 2_000),
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
      this.#log.warn('lost redis; calls go on, the cluster waits for it to come back');
    }
  }
}
