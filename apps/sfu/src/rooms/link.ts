import type { RoomEvent, RpcParams, RpcResult } from '@huddle/shared';

type WithoutRoom<T> = T extends unknown ? Omit<T, 'room'> : never;

/** A room event as this node publishes it (the link adds the room). */
export type LocalEvent = WithoutRoom<RoomEvent>;
export type ModerateAction = RpcParams<'peer.moderate'>['action'];
export type ModerateResult = RpcResult<'peer.moderate'>;

/**
 * A room's tie to the rest of the cluster: what this node tells the other nodes hosting the room, and what it asks
 * of them. Rooms see only this interface (never Redis); on a single node there is none.
 */
export interface RoomLink {
  /** This node began the call (the other nodes joined it later). */
  readonly startedCall: boolean;
  publish(event: LocalEvent): void;
  /** Moderation of a peer another node hosts. */
  moderate(node: string, peerId: string, action: ModerateAction): Promise<ModerateResult>;
  /** A moderator here decides on someone waiting in another node's lobby. */
  decideLobby(node: string, lobbyId: string, admit: boolean): Promise<void>;
  /** This node leaves the meeting; true when it was the last node in it (the call is over). */
  close(): Promise<boolean>;
}
