import type { Grants, RoomSettings } from '@huddle/shared';
import type { JoinTokens } from '../auth/joinTokens.js';
import { HuddleError } from '../errors.js';

/**
 * Who a joiner is and what it may do. `moderator: 'auto'` is an anonymous joiner of an open room: it
 * moderates if nobody else does (the rule from before rooms had settings).
 */
export type Admission = {
  displayName: string;
  identity: string | null;
  /** When the join token expires (ms since the epoch); null without a token. */
  tokenExpiresAt: number | null;
  grants: Grants;
  moderator: boolean | 'auto';
};

export type RoomPolicy = Pick<RoomSettings, 'locked' | 'lobby' | 'chat' | 'maxParticipants' | 'mode' | 'lastN'> & {
  /** False for a room joined ad hoc by id (nobody created it): its chat lives only as long as its call. */
  stored: boolean;
};

/** What a room without stored settings (joined ad hoc by id) allows. */
export const AD_HOC_ROOM: RoomPolicy = {
  locked: false,
  lobby: false,
  chat: true,
  maxParticipants: null,
  mode: 'meeting',
  lastN: null,
  stored: false,
};

export function storedPolicy(room: RoomSettings): RoomPolicy {
  const { locked, lobby, chat, maxParticipants, mode, lastN } = room;
  return { locked, lobby, chat, maxParticipants, mode, lastN, stored: true };
}

const ANONYMOUS_GRANTS: Grants = {
  publish: true,
  subscribe: true,
  screen: true,
  chat: true,
  moderate: false,
  record: false,
};
/** An anonymous joiner of a webinar watches: it subscribes (and chats, if the room allows) but sends nothing. */
const VIEWER_GRANTS: Grants = {
  publish: false,
  subscribe: true,
  screen: false,
  chat: true,
  moderate: false,
  record: false,
};

/** Checks a join against the room's policy: a token must name this room; a locked room needs one. */
export async function admit(
  roomId: string,
  request: { displayName: string; token?: string | undefined },
  policy: RoomPolicy,
  tokens: JoinTokens,
): Promise<Admission> {
  if (request.token === undefined) {
    if (policy.locked) {
      throw new HuddleError('ROOM_LOCKED', `room ${roomId} is locked: join it with a token from its organizer`);
    }
    const webinar = policy.mode === 'webinar';
    return {
      displayName: request.displayName,
      identity: null,
      tokenExpiresAt: null,
      grants: webinar ? VIEWER_GRANTS : ANONYMOUS_GRANTS,
      // In a webinar only hosts (by token) moderate; in an open meeting the first anonymous joiner does.
      moderator: policy.lobby || webinar ? false : 'auto',
    };
  }
  const claims = await tokens.verify(request.token);
  if (claims.room !== roomId) {
    throw new HuddleError('FORBIDDEN', `this join token is for room ${claims.room}, not ${roomId}`);
  }
  return {
    displayName: claims.name,
    identity: claims.identity,
    tokenExpiresAt: claims.expiresAt,
    grants: claims.grants,
    moderator: claims.grants.moderate,
  };
}
