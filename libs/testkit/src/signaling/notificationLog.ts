import type { NotificationSource } from '@huddle/client';
import {
  isNotificationName,
  notifications,
  parseNotification,
  type NotificationData,
  type NotificationName,
} from '@huddle/shared';
import { waitFor } from '../wait.js';

export type RecordedNotification = { name: NotificationName; data: unknown; at: number };

const NOTIFICATION_NAMES = Object.keys(notifications).filter(isNotificationName);

/** Every notification a client received, in order, with waits that also see what came before they started. */
export class NotificationLog {
  readonly entries: RecordedNotification[] = [];

  constructor(source: NotificationSource) {
    for (const name of NOTIFICATION_NAMES) this.#record(source, name);
  }

  #record<N extends NotificationName>(source: NotificationSource, name: N): void {
    source.on(name, (data) => this.entries.push({ name, data, at: Date.now() }));
  }

  /** Every recorded `name` notification, oldest first. */
  all<N extends NotificationName>(name: N): NotificationData<N>[] {
    return this.entries.flatMap((entry) => (entry.name === name ? [parseNotification(name, entry.data)] : []));
  }

  /** The first recorded notification `name` (past or future) for which `predicate` holds. */
  waitFor<N extends NotificationName>(
    name: N,
    predicate: (data: NotificationData<N>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<NotificationData<N>> {
    return waitFor(() => this.all(name).find(predicate), {
      timeoutMs,
      intervalMs: 50,
      description: `a "${name}" notification`,
      describe: () => `${this.all(name).length} "${name}" received, none matching`,
    });
  }
}
