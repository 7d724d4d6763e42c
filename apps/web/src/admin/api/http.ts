import { z } from 'zod';

const API_BASE = '/api/v1';

const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** A refused REST call: the server's `{ error: { code, message, details } }`, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

async function send(method: Method, path: string, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached.');
  }
  if (response.ok) return response;
  const parsed = errorBodySchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ApiError(response.status, 'HTTP', `The server answered ${response.status}.`);
  const { code, message, details } = parsed.data.error;
  throw new ApiError(response.status, code, message, details);
}

/** Calls the API and validates the JSON reply against the shared schema. */
export async function requestJson<S extends z.ZodType>(
  schema: S,
  method: Method,
  path: string,
  body?: unknown,
): Promise<z.output<S>> {
  const response = await send(method, path, body);
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) throw new ApiError(response.status, 'BAD_RESPONSE', 'The server sent an unexpected reply.');
  return parsed.data;
}

/** Calls a route that answers 204 No Content. */
export async function requestEmpty(method: Method, path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
}

export function eventsUrl(): string {
  return `${API_BASE}/events`;
}
