import type { IceServer } from '@huddle/shared';
import { turnCredentials } from '@huddle/services';

/** The TURN servers clients get, and the secret their credentials are minted with. */
export type TurnServers = { urls: string[]; secret: string; ttlSeconds: number };

/**
 * The ICE servers for one participant: the TURN URLs with credentials of the TURN REST API scheme
 * (`<expiry>:<peer id>`, HMAC-SHA1 of it under the shared secret), valid for `ttlSeconds`.
 */
export function iceServersFor(turn: TurnServers | undefined, peerId: string): IceServer[] | undefined {
  if (!turn || turn.urls.length === 0) return undefined;
  const { username, password } = turnCredentials(turn.secret, turn.ttlSeconds, peerId);
  return [{ urls: turn.urls, username, credential: password }];
}
