// A pinned pnpm, installed from the npm registry into Huddle's cache: npm is the only tool a fresh machine has.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cacheDir } from './paths.mjs';
import { run } from './run.mjs';
import { SetupError, step } from './log.mjs';

export const pnpmVersion = '10.34.8';

const prefix = join(cacheDir, 'tools', `pnpm-${pnpmVersion}`);
const entry = join(prefix, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

/** Makes `pnpm` callable by name from package scripts (the root scripts run `pnpm --filter …`). */
function exposeOnPath() {
  const bin = join(prefix, 'node_modules', '.bin');
  if (!process.env.PATH?.split(delimiter).includes(bin))
    process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`;
}

export async function ensurePnpm() {
  exposeOnPath();
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
