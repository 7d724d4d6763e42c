// Where setup keeps what outlives a clone (pinned tools, the built mediasoup worker) and what belongs to this clone.
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const cacheDir =
  process.env.HUDDLE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huddle');

// Per-clone state written by setup (ignored by git): the worker binary this clone uses.
export const localStateDir = join(repoRoot, '.huddle');
export const workerPointerFile = join(localStateDir, 'worker.json');
