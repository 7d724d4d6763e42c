import { loginResponseSchema } from '@huddle/shared';
import { startSfu, type LocalSfu } from '@huddle/testkit';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** The admin account of an SFU whose password the tests know (`startSfu({ admin: ADMIN })`). */
export const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };

export type ApiReply = { status: number; headers: Headers; body: unknown };

export type CallOptions = { body?: unknown; rawBody?: string; bearer?: string; cookie?: string };

/** One HTTP call to the SFU's REST API; `path` is relative to `/api/v1`. */
export async function call(sfu: LocalSfu, method: string, path: string, options: CallOptions = {}): Promise<ApiReply> {
  const headers: Record<string, string> = {};
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sfu.url}/api/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** Logs in as the admin and returns the session token. */
export async function adminToken(sfu: LocalSfu): Promise<string> {
  const reply = await call(sfu, 'POST', '/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return loginResponseSchema.parse(reply.body).token;
}

/** An SFU whose admin the tests know, and that admin's session token. */
export async function startAdminSfu(): Promise<{ sfu: LocalSfu; admin: string }> {
  const sfu = await startSfu({ admin: ADMIN });
  return { sfu, admin: sfu.admin.token };
}
