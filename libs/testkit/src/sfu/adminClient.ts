import { loginResponseSchema } from '@huddle/shared';

/** A REST call that did not answer 2xx: the status and the server's error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(method: string, path: string, status: number, body: unknown) {
    super(`${method} /api/v1${path} answered ${status}: ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

export type ApiReply = { status: number; headers: Headers; body: unknown };

/** The SFU's REST API (`/api/v1`), logged in as its admin. */
export type AdminClient = {
  /** Any call; resolves with whatever status came back. */
  call(method: string, path: string, body?: unknown): Promise<ApiReply>;
  get(path: string): Promise<unknown>;
  post(path: string, body?: unknown): Promise<unknown>;
  patch(path: string, body: unknown): Promise<unknown>;
  delete(path: string): Promise<unknown>;
  /** The admin session token (send it as `Authorization: Bearer …`). */
  readonly token: string;
};

/** How a REST call authenticates and what it sends (`rawBody` goes out as it is, e.g. malformed JSON). */
export type CallOptions = { body?: unknown; rawBody?: string; bearer?: string; cookie?: string };

/** One call to the REST API of the SFU at `baseUrl`; `path` is relative to `/api/v1`. Any status resolves. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiReply> {
  const headers: Record<string, string> = {};
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** Logs in with the admin credentials and returns a client that sends the session token on every call. */
export async function loginAdmin(baseUrl: string, username: string, password: string): Promise<AdminClient> {
  const login = await callApi(baseUrl, 'POST', '/auth/login', { body: { username, password } });
  if (login.status !== 200) throw new ApiError('POST', '/auth/login', login.status, login.body);
  const { token } = loginResponseSchema.parse(login.body);
  const call = (method: string, path: string, body?: unknown): Promise<ApiReply> =>
    callApi(baseUrl, method, path, { body, bearer: token });
  const expectOk = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const reply = await call(method, path, body);
    if (reply.status < 200 || reply.status > 299) throw new ApiError(method, path, reply.status, reply.body);
    return reply.body;
  };
  return {
    token,
    call,
    get: (path) => expectOk('GET', path),
    post: (path, body) => expectOk('POST', path, body ?? {}),
    patch: (path, body) => expectOk('PATCH', path, body),
    delete: (path) => expectOk('DELETE', path),
  };
}
