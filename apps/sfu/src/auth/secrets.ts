import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random URL-safe string with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** High-entropy credentials (session tokens, API keys) are kept as their SHA-256; passwords use scrypt. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Compares two secrets of any length in constant time (through their hashes). */
export function sameSecret(a: string, b: string): boolean {
  return sameHash(sha256(a), sha256(b));
}
