import type { NotificationData, NotificationName } from '@huddle/shared';
import { TypedEmitter, type EventSource } from '../emitter.js';
import { invalidFrame, type SignalError } from '../errors.js';
import { notificationSchemas } from './protocol.js';

/**
 * The server's notifications as typed events: one event per entry of the protocol's notification table
 * (`notifications` in @huddle/shared), named as in the table, with the data its schema describes.
 */
export type NotificationEvents<M extends NotificationName = NotificationName> = {
  [N in M]: [data: NotificationData<N>];
};

/** Where notifications can be listened to (a signal client's, or a room session's across its sockets). */
export type NotificationSource = EventSource<NotificationEvents>;

/**
 * Validates notifications and hands them to their typed listeners. (`M` is only ever all the names; being a type
 * parameter keeps the event map generic, which lets TypeScript match a name to its data without casts.)
 */
export class NotificationBus<M extends NotificationName = NotificationName>
  extends TypedEmitter<NotificationEvents<M>>
  implements EventSource<NotificationEvents<M>>
{
  /** Returns the validation error instead of delivering, if the data does not match the schema. */
  deliver<N extends M>(name: N, data: unknown): SignalError | undefined {
    const parsed = notificationSchemas[name].safeParse(data);
    if (!parsed.success) return invalidFrame(`invalid "${name}" notification`, parsed.error);
    this.emit(name, parsed.data);
    return undefined;
  }
}
