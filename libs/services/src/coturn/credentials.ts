import { createHmac } from 'node:crypto';

export type TurnCredentials = {
  /** `<expiry unix seconds>:<user>` */
  username: string;
  /** base64(HMAC-SHA1(secret, username)) */
  password: string;
  /** Unix seconds after which coturn refuses them. */
  expiresAt: number;
  ttlSeconds: number;
};

/**
 * Time-limited TURN credentials of the "TURN REST API" scheme (coturn's use-auth-secret): anyone holding the
 * shared secret (the SFU) mints them, and coturn checks them without a user database.
 */
export function turnCredentials(secret: string, ttlSeconds: number, user: string, now = Date.now()): TurnCredentials {
  if (secret === '') throw new Error('the TURN secret is empty');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new Error(`ttlSeconds must be a positive integer`);
  if (user.includes(':')) throw new Error('a TURN user name must not contain ":" (it separates the expiry)');
  const expiresAt = Math.floor(now / 1000) + ttlSeconds;
  const username = `${expiresAt}:${user}`;
  const password = createHmac('sha1', secret).update(username).digest('base64');
  return { username, password, expiresAt, ttlSeconds };
}
