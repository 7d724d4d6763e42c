import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Every running service leaves a record here (one JSON file), removed when it stops. A record whose owner (the Node
 * process that started the service) is gone marks a leftover of a killed run: see cleanupLeftovers().
 */
export function defaultStateDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return process.env.HUDDLE_SERVICES_STATE_DIR ?? join(tmpdir(), `huddle-services-${uid}`);
}

export const recordSchema = z.object({
  service: z.string().min(1),
  command: z.string(),
  pid: z.number().int().positive(),
  startTime: z.number().int().nonnegative(),
  ownerPid: z.number().int().positive(),
  ownerStartTime: z.number().int().nonnegative(),
  /** Temporary dirs of this service, removed with a leftover. */
  removePaths: z.array(z.string()),
  startedAt: z.string(),
});
export type ServiceRecord = z.infer<typeof recordSchema>;

export type StoredRecord = { file: string; record: ServiceRecord | undefined };

function recordFile(stateDir: string, record: Pick<ServiceRecord, 'service' | 'pid'>): string {
  return join(stateDir, `${record.service}-${record.pid}.json`);
}

export async function writeRecord(stateDir: string, record: ServiceRecord): Promise<string> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = recordFile(stateDir, record);
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
  return file;
}

export async function removeRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** Every record in `stateDir`; `record` is undefined for a file that is not a valid record. */
export async function readRecords(stateDir: string): Promise<StoredRecord[]> {
  let names: string[];
  try {
    names = await readdir(stateDir);
  } catch {
    return [];
  }
  const stored: StoredRecord[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.json'))) {
    const file = join(stateDir, name);
    try {
      const parsed = recordSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      stored.push({ file, record: parsed.success ? parsed.data : undefined });
    } catch {
      stored.push({ file, record: undefined });
    }
  }
  return stored;
}
