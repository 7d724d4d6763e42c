import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Store } from './store.js';

const DAY_MS = 86_400_000;

/**
 * The pruning job: every `chat.pruneIntervalSeconds`, chat messages past `chat.retentionDays` or beyond
 * `chat.maxMessagesPerRoom` per room are deleted, and bans that ran out are forgotten. Runs once at start too.
 */
export function startRetention(store: Store, config: Config['chat'], log: Logger): { stop(): void } {
  const run = async (): Promise<void> => {
    try {
      const now = Date.now();
      const messages = await store.chat.prune({
        olderThan: config.retentionDays > 0 ? now - config.retentionDays * DAY_MS : undefined,
        keepPerRoom: config.maxMessagesPerRoom > 0 ? config.maxMessagesPerRoom : undefined,
      });
      const bans = await store.bans.prune(now);
      if (messages + bans > 0) log.info({ messages, bans }, 'retention: pruned');
    } catch (error) {
      log.error({ err: error }, 'retention: pruning failed');
    }
  };
  void run();
  const timer = setInterval(() => void run(), config.pruneIntervalSeconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
