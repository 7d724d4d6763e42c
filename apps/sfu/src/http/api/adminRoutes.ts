import {
  apiKeyListResponseSchema,
  apiKeyParamsSchema,
  auditQuerySchema,
  auditResponseSchema,
  createApiKeyRequestSchema,
  createApiKeyResponseSchema,
  loginRequestSchema,
  loginResponseSchema,
  principalResponseSchema,
  type PrincipalResponse,
} from '@huddle/shared';
import { HuddleError } from '../../errors.js';
import type { Services } from '../../services.js';
import { SESSION_COOKIE } from '../middleware/auth.js';
import { audit } from './audit.js';
import { defineRoute, type ApiRoute } from './route.js';

/** Admin login and sessions, API keys, and the audit log. */
export function adminRoutes({ store, auth }: Services): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Log in as the admin: sets an httpOnly session cookie and returns the token for Bearer use',
      tag: 'auth',
      access: 'public',
      body: loginRequestSchema,
      response: loginResponseSchema,
      handle: async ({ ctx, body }) => {
        const session = await auth.login(body.username, body.password, ctx.ip);
        ctx.cookies.set(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: ctx.secure,
          path: '/api',
          expires: new Date(session.expiresAt),
          overwrite: true,
        });
        ctx.state.principal = { kind: 'admin', name: session.username };
        await audit(store, ctx, 'auth.login', session.username);
        return session;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'End the admin session',
      tag: 'auth',
      access: 'admin',
      status: 204,
      handle: async ({ ctx }) => {
        const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
        const token = bearer ?? ctx.cookies.get(SESSION_COOKIE);
        if (token !== undefined) await auth.logout(token);
        ctx.cookies.set(SESSION_COOKIE, null, { path: '/api' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      summary: 'Who the credentials belong to',
      tag: 'auth',
      access: 'operator',
      response: principalResponseSchema,
      handle: ({ ctx }): PrincipalResponse => {
        const principal = ctx.state.principal;
        if (principal?.kind === 'apiKey') return { kind: 'apiKey', name: principal.name };
        if (principal?.kind === 'admin') return { kind: 'admin', name: principal.name };
        throw new HuddleError('UNAUTHORIZED', 'not logged in');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api-keys',
      summary: 'List API keys (never their secrets)',
      tag: 'api-keys',
      access: 'admin',
      response: apiKeyListResponseSchema,
      handle: async () => ({ apiKeys: await store.credentials.listApiKeys() }),
    }),
    defineRoute({
      method: 'post',
      path: '/api-keys',
      summary: 'Create an API key (its secret is shown once, in this reply)',
      tag: 'api-keys',
      access: 'admin',
      body: createApiKeyRequestSchema,
      status: 201,
      response: createApiKeyResponseSchema,
      handle: async ({ ctx, body }) => {
        const created = await auth.createApiKey(body.name);
        await audit(store, ctx, 'apiKey.create', created.id, { name: body.name });
        ctx.set('Location', `/api/v1/api-keys/${created.id}`);
        return created;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api-keys/:id',
      summary: 'Revoke an API key',
      tag: 'api-keys',
      access: 'admin',
      params: apiKeyParamsSchema,
      status: 204,
      handle: async ({ ctx, params }) => {
        if (!(await store.credentials.revokeApiKey(params.id))) {
          throw new HuddleError('NOT_FOUND', `no active API key ${params.id}`);
        }
        await audit(store, ctx, 'apiKey.revoke', params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/audit',
      summary: 'The admin audit log, newest first',
      tag: 'audit',
      access: 'admin',
      query: auditQuerySchema,
      response: auditResponseSchema,
      handle: ({ query }) => store.audit.list(query.beforeId, query.limit),
    }),
  ];
}
