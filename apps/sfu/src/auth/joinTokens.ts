import { randomBytes } from 'node:crypto';
import { displayNameSchema, grantsSchema, roomIdSchema, type Grants } from '@huddle/shared';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { HuddleError } from '../errors.js';

const ISSUER = 'huddle';
const AUDIENCE = 'huddle-join';

const claimsSchema = z.object({
  sub: z.string().min(1).max(128),
  name: displayNameSchema,
  room: roomIdSchema,
  grants: grantsSchema,
  exp: z.number().int(),
});

/** A fresh signing secret, for a server whose config sets none (kept in the store). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** `expiresAt`: ms since the epoch. */
export type JoinClaims = { room: string; identity: string; name: string; grants: Grants; expiresAt: number };
export type MintInput = { identity: string; name: string; grants: Grants; ttlSeconds: number };

/** Room join tokens: HS256 JWTs naming one room, one identity and what it may do there. */
export class JoinTokens {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    this.#key = new TextEncoder().encode(secret);
  }

  async mint(room: string, input: MintInput): Promise<{ token: string; expiresAt: number }> {
    const expiresAt = Math.floor(Date.now() / 1000) + input.ttlSeconds;
    const token = await new SignJWT({ name: input.name, room, grants: input.grants })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(input.identity)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.#key);
    return { token, expiresAt: expiresAt * 1000 };
  }

  /** The token's claims, or UNAUTHORIZED when it is forged, malformed or expired. */
  async verify(token: string): Promise<JoinClaims> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.#key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }));
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw new HuddleError('UNAUTHORIZED', expired ? 'the join token has expired' : 'the join token is not valid', {
        cause: error,
      });
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new HuddleError('UNAUTHORIZED', 'the join token is not valid');
    const { sub, name, room, grants, exp } = claims.data;
    return { room, identity: sub, name, grants, expiresAt: exp * 1000 };
  }
}
