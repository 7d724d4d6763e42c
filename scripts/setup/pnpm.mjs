// A pinned pnpm, installed from the npm registry into Huddle's cache: npm is the only tool a fresh machine has.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './paths.mjs';
import { run } from './run.mjs';
import { SetupError, step } from './log.mjs';

export const pnpmVersion = '10.34.8';

const prefix = join(cacheDir, 'tools', `pnpm-${pnpmVersion}`);
const entry = join(prefix, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

export async function ensurePnpm() {
  if (existsSync(entry)) return entry;
  step(`Installing pnpm ${pnpmVersion} into ${prefix}`);
  const code = await run('npm', [
    'install',
    '--prefix',
    prefix,
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `pnpm@${pnpmVersion}`,
  ]);
  if (code !== 0 || !existsSync(entry)) throw new SetupError('pnpm', `npm install pnpm@${pnpmVersion} failed`);
  return entry;
}

export function pnpm(entryPath, args, options) {
  return run(process.execPath, [entryPath, ...args], options);
}
