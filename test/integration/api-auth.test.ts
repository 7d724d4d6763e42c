import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeyListResponseSchema,
  auditResponseSchema,
  createApiKeyResponseSchema,
  errorBodySchema,
  mintTokenResponseSchema,
} from '@huddle/shared';
import { z } from 'zod';
import { ADMIN, ADMIN_PASSWORD, call, startAdminSfu } from '../support/api.js';
import { startSfu, type LocalSfu } from '@huddle/testkit';

const errorReply = z.object({ error: errorBodySchema });
const openApiSchema = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        security: z.array(z.record(z.string(), z.array(z.string()))),
        tags: z.array(z.string()),
        responses: z.record(z.string(), z.object({ content: z.record(z.string(), z.unknown()).optional() })),
      }),
    ),
  ),
});

/** Fills `{param}` placeholders with ids that exist nowhere. */
function concrete(path: string): string {
  return path.replace('/api/v1', '').replace(/\{[A-Za-z]+\}/g, 'nothing-here');
}

describe('REST: authentication and authorization', () => {
  let sfu: LocalSfu;
  let admin: string;

  beforeAll(async () => {
    ({ sfu, admin } = await startAdminSfu());
  });
  afterAll(() => sfu?.stop());

  it('logs the admin in with an httpOnly, SameSite=Strict session cookie that works like the bearer token', async () => {
    const login = await call(sfu, 'POST', '/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^huddle_session=[^;]+;/);
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=strict');
    const session = cookie.split(';')[0] ?? '';
    expect((await call(sfu, 'GET', '/auth/me', { cookie: session })).body).toEqual({ kind: 'admin', name: 'admin' });
    expect((await call(sfu, 'POST', '/auth/logout', { cookie: session })).status).toBe(204);
    expect((await call(sfu, 'GET', '/auth/me', { cookie: session })).status).toBe(401);

    const wrong = await call(sfu, 'POST', '/auth/login', { body: { username: 'admin', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(errorReply.parse(wrong.body).error.code).toBe('UNAUTHORIZED');
    expect((await call(sfu, 'POST', '/auth/login', { body: { username: 'admin' } })).status).toBe(400);
    expect((await call(sfu, 'GET', '/rooms', { bearer: 'not-a-session' })).status).toBe(401);
  });

  it('creates, lists and revokes API keys, stores only their hash, and audits it all', async () => {
    const created = await call(sfu, 'POST', '/api-keys', { bearer: admin, body: { name: 'billing' } });
    expect(created.status).toBe(201);
    const key = createApiKeyResponseSchema.parse(created.body);
    expect(key.key).toMatch(/^hk_[0-9a-f]{16}_/);
    expect(created.headers.get('location')).toBe(`/api/v1/api-keys/${key.id}`);
    expect((await call(sfu, 'GET', '/auth/me', { bearer: key.key })).body).toEqual({ kind: 'apiKey', name: 'billing' });

    const listed = apiKeyListResponseSchema.parse((await call(sfu, 'GET', '/api-keys', { bearer: admin })).body);
    const entry = listed.apiKeys.find((candidate) => candidate.id === key.id);
    expect(entry).toMatchObject({ name: 'billing', revokedAt: null });
    expect(entry?.lastUsedAt).toEqual(expect.any(Number));
    expect(JSON.stringify(listed)).not.toContain(key.key);

    expect((await call(sfu, 'DELETE', `/api-keys/${key.id}`, { bearer: admin })).status).toBe(204);
    expect((await call(sfu, 'DELETE', `/api-keys/${key.id}`, { bearer: admin })).status).toBe(404);
    expect((await call(sfu, 'GET', '/rooms', { bearer: key.key })).status).toBe(401);
    expect((await call(sfu, 'POST', '/api-keys', { bearer: admin, body: { name: '' } })).status).toBe(400);

    const log = auditResponseSchema.parse((await call(sfu, 'GET', '/audit?limit=2', { bearer: admin })).body);
    expect(log.entries.map((item) => item.action)).toEqual(['apiKey.revoke', 'apiKey.create']);
    expect(log.entries[0]).toMatchObject({ actor: 'admin:admin', target: key.id });
    expect(log.hasMore).toBe(true);
    expect((await call(sfu, 'GET', '/audit?limit=9999', { bearer: admin })).status).toBe(400);
  });

  it('mints join tokens with default and chosen grants, within the allowed lifetime', async () => {
    const minted = await call(sfu, 'POST', '/rooms/any-room/tokens', {
      bearer: admin,
      body: { identity: 'user-1', name: 'Ann', grants: { screen: false, moderate: true } },
    });
    expect(minted.status).toBe(201);
    expect(mintTokenResponseSchema.parse(minted.body)).toMatchObject({
      room: 'any-room',
      grants: { publish: true, subscribe: true, screen: false, chat: true, moderate: true, record: false },
    });
    const tooLong = await call(sfu, 'POST', '/rooms/any-room/tokens', {
      bearer: admin,
      body: { identity: 'u', name: 'A', ttlSeconds: 10_000_000 },
    });
    expect(tooLong.status).toBe(400);
    const bad = await call(sfu, 'POST', '/rooms/any-room/tokens', { bearer: admin, body: { grants: { fly: true } } });
    expect(bad.status).toBe(400);
  });

  it('refuses every route to every caller it is not for: 401 without credentials, 403 with the wrong kind', async () => {
    const key = createApiKeyResponseSchema.parse(
      (await call(sfu, 'POST', '/api-keys', { bearer: admin, body: { name: 'matrix' } })).body,
    ).key;
    const participant = mintTokenResponseSchema.parse(
      (
        await call(sfu, 'POST', '/rooms/matrix/tokens', {
          bearer: admin,
          body: { identity: 'p', name: 'P', grants: { moderate: true } },
        })
      ).body,
    ).token;
    const document = openApiSchema.parse((await call(sfu, 'GET', '/openapi.json')).body);
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const url = concrete(path);
        const open = operation.security.length === 0;
        const adminOnly = ['api-keys', 'audit', 'debug'].includes(operation.tags[0] ?? '') || url === '/auth/logout';
        const as = async (bearer?: string): Promise<number> =>
          (await call(sfu, method.toUpperCase(), url, bearer === undefined ? {} : { bearer })).status;
        if (open) continue;
        expect([method, url, await as()]).toEqual([method, url, 401]);
        expect([method, url, await as(participant)]).toEqual([method, url, 403]);
        const streams = Object.values(operation.responses).some(
          (reply) => 'text/event-stream' in (reply.content ?? {}),
        );
        if (streams) continue;
        const apiKeyStatus = await as(key);
        if (adminOnly) expect([method, url, apiKeyStatus]).toEqual([method, url, 403]);
        else expect([401, 403]).not.toContain(apiKeyStatus);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('locks out a client after repeated failed logins', async () => {
    const locked = await startSfu({ admin: ADMIN });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 7; attempt += 1) {
        statuses.push(
          (await call(locked, 'POST', '/auth/login', { body: { username: 'admin', password: `guess-${attempt}` } }))
            .status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
      const right = await call(locked, 'POST', '/auth/login', {
        body: { username: 'admin', password: ADMIN_PASSWORD },
      });
      expect(right.status).toBe(429);
      expect(errorReply.parse(right.body).error.code).toBe('RATE_LIMITED');
    } finally {
      await locked.stop();
    }
  });
});
