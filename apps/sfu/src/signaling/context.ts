import type { IceServer, Method, RequestData, ResponseData } from '@huddle/shared';
import type { JoinTokens } from '../auth/joinTokens.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Peer } from '../rooms/peer.js';
import type { RecordingService } from '../recording/recordingService.js';
import type { JoiningConnection, Room } from '../rooms/room.js';
import type { RoomManager } from '../rooms/roomManager.js';

export type Session = { room: Room; peer: Peer };

/** What a request handler sees of its connection. */
export interface SessionContext {
  readonly rooms: RoomManager;
  readonly tokens: JoinTokens;
  readonly recordings: RecordingService;
  readonly config: Config;
  readonly log: Logger;
  /** TURN servers with fresh credentials for a participant (undefined: this server offers none). */
  iceServers(peerId: string): IceServer[] | undefined;
  /** Where notifications go, and the signal that aborts when the socket closes (ends a lobby wait). */
  readonly connection: JoiningConnection;
  readonly session: Session | undefined;
  /** The joined session, or NOT_JOINED. */
  requireSession(): Session;
  /** Binds the session to this connection; CONNECTION_CLOSED (and nothing bound) when the socket closed. */
  bind(session: Session): void;
  /** Records a moderator's action in the admin audit log. */
  audit(action: string, target: string, details?: unknown): Promise<void>;
  /** Runs after the reply to the current request has been sent. */
  afterReply(task: () => void): void;
}

export type Handler<M extends Method> = (
  context: SessionContext,
  data: RequestData<M>,
) => Promise<ResponseData<M>> | ResponseData<M>;

export type Handlers = { [M in Method]: Handler<M> };
