import { describe, expect, it } from 'vitest';
import { turnCredentials } from './credentials.js';

describe('turnCredentials', () => {
  it('follows the TURN REST API scheme (checked against openssl dgst -sha1 -hmac)', () => {
    expect(turnCredentials('north', 3_600, 'alice', 1_700_000_000_000)).toEqual({
      username: '1700003600:alice',
      password: 'wjwSXO2ch1B6VaLTLMy2Avn5O9o=',
      expiresAt: 1_700_003_600,
      ttlSeconds: 3_600,
    });
  });

  it('refuses an empty secret, a bad ttl and a user name with a colon', () => {
    expect(() => turnCredentials('', 60, 'a')).toThrow(/empty/);
    expect(() => turnCredentials('s', 0, 'a')).toThrow(/ttlSeconds/);
    expect(() => turnCredentials('s', 60, 'a:b')).toThrow(/":"/);
  });
});
