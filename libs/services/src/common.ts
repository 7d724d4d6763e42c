import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ServiceLogger } from './logger.js';

/** Options every start<Service>() takes. */
export type CommonOptions = {
  /** The address to listen on: 127.0.0.1 by default. */
  host?: string;
  /** The port to listen on: a free one by default. */
  port?: number;
  /**
   * A persistent dir for the service's data and config, kept by stop() (and reused by the next start). By default
   * a fresh temporary dir is made and stop() removes it.
   */
  dataDir?: string;
  /** How long the service may take to answer its readiness probe (30 s by default). */
  readyTimeoutMs?: number;
  /** How long stop() waits after the graceful stop signal before it SIGKILLs (10 s by default). */
  stopTimeoutMs?: number;
  /** Where run records live, for cleanupLeftovers() (see defaultStateDir()). */
  stateDir?: string;
  logger?: ServiceLogger;
};

/** What every start<Service>() resolves with. */
export type RunningService = {
  readonly service: string;
  readonly host: string;
  readonly port: number;
  /** How clients connect (redis://…, postgres://…, http://…, turn:…). */
  readonly url: string;
  readonly dataDir: string;
  /** The service program's pid. */
  readonly pid: number;
  /** Graceful stop, SIGKILL after stopTimeoutMs; removes a temporary dataDir; idempotent. */
  stop(): Promise<void>;
};

export const DEFAULT_READY_TIMEOUT_MS = 30_000;
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/** Thrown for options that cannot work, before anything starts. */
export class ServiceOptionError extends Error {
  override readonly name = 'ServiceOptionError';
}

export function checkHost(host: string): string {
  if (isIP(host) === 0) throw new ServiceOptionError(`host must be an IP address, got ${JSON.stringify(host)}`);
  return host;
}

export function checkPort(port: number, what = 'port'): number {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ServiceOptionError(`${what} must be an integer from 1 to 65535, got ${port}`);
  }
  return port;
}

/** The URL form of a host (IPv6 in brackets). */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

export type WorkDir = { path: string; temporary: boolean; remove(): Promise<void> };

/** The caller's persistent dir (created if missing), or a fresh temporary one. */
export async function workDir(service: string, dataDir: string | undefined): Promise<WorkDir> {
  if (dataDir !== undefined) {
    const path = resolve(dataDir);
    await mkdir(path, { recursive: true });
    return { path, temporary: false, remove: async () => undefined };
  }
  const path = await mkdtemp(join(tmpdir(), `huddle-${service}-`));
  return { path, temporary: true, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Runs `stop` once; later calls get the same promise. */
export function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}
