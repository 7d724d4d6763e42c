import type { Method, RequestData, ResponseData } from '@huddle/shared';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Peer } from '../rooms/peer.js';
import type { Room } from '../rooms/room.js';
import type { RoomManager } from '../rooms/roomManager.js';
import type { NotificationSink } from '../rooms/types.js';

export type Session = { room: Room; peer: Peer };

/** What a request handler sees of its connection. */
export interface SessionContext {
  readonly rooms: RoomManager;
  readonly config: Config;
  readonly log: Logger;
  readonly sink: NotificationSink;
  readonly session: Session | undefined;
  /** The joined session, or NOT_JOINED. */
  requireSession(): Session;
  bind(session: Session): void;
  /** Runs after the reply to the current request has been sent. */
  afterReply(task: () => void): void;
}

export type Handler<M extends Method> = (
  context: SessionContext,
  data: RequestData<M>,
) => Promise<ResponseData<M>> | ResponseData<M>;

export type Handlers = { [M in Method]: Handler<M> };
