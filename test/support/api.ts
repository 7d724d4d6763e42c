import { callApi, startSfu, type ApiReply, type CallOptions, type LocalSfu } from '@huddle/testkit';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** The admin account of an SFU whose password the tests know (`startSfu({ admin: ADMIN })`). */
export const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };

/** One HTTP call to the SFU's REST API; `path` is relative to `/api/v1`. */
export function call(sfu: LocalSfu, method: string, path: string, options: CallOptions = {}): Promise<ApiReply> {
  return callApi(sfu.url, method, path, options);
}

/** An SFU whose admin the tests know, and that admin's session token. */
export async function startAdminSfu(): Promise<{ sfu: LocalSfu; admin: string }> {
  const sfu = await startSfu({ admin: ADMIN });
  return { sfu, admin: sfu.admin.token };
}
