import type { NotificationData, NotificationName } from '@huddle/shared';
import { TypedEmitter } from './emitter.js';
import { notificationSchemas } from './protocol.js';
import { invalidFrame, type SignalError } from './signalError.js';

type NotificationEvents<M extends NotificationName> = { [N in M]: [data: NotificationData<N>] };

/**
 * Validates notifications and hands them to their typed listeners. (`M` is only ever all the names; being a type
 * parameter keeps the event map generic, which lets TypeScript match a name to its data without casts.)
 */
export class NotificationBus<M extends NotificationName = NotificationName> extends TypedEmitter<
  NotificationEvents<M>
> {
  /** Returns the validation error instead of delivering, if the data does not match the schema. */
  deliver<N extends M>(name: N, data: unknown): SignalError | undefined {
    const parsed = notificationSchemas[name].safeParse(data);
    if (!parsed.success) return invalidFrame(`invalid "${name}" notification`, parsed.error);
    this.emit(name, parsed.data);
    return undefined;
  }
}
