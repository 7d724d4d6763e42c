import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ErrorReply } from './janusMessages.js';

/** A failure Janus reported (core API error, or a plugin's error_code). */
export class JanusError extends Error {
  constructor(
    readonly code: number,
    reason: string,
    readonly request: string,
  ) {
    super(`Janus ${request}: error ${code}: ${reason}`);
  }
}

export function newTransaction(): string {
  return randomUUID();
}

/**
 * One HTTP exchange with Janus's REST API: sends `body` (POST) or nothing (GET), parses the JSON reply, turns a
 * Janus error into JanusError and validates the rest against `schema`, so callers get typed data or a clear error.
 */
export async function janusHttp<S extends z.ZodType>(
  url: string,
  schema: S,
  what: string,
  body?: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  const response = await fetch(url, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
    signal,
  });
  if (!response.ok) throw new Error(`Janus ${what}: HTTP ${response.status} ${await response.text()}`);
  const json: unknown = await response.json();
  const error = ErrorReply.safeParse(json);
  if (error.success) throw new JanusError(error.data.error.code, error.data.error.reason, what);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`Janus ${what}: unexpected reply ${JSON.stringify(json)}: ${parsed.error.message}`);
  }
  return parsed.data;
}
