import { mkdirSync, writeFileSync } from 'node:fs';
import { checkNothingLeft } from './leftovers.js';
import type { VethNamespace } from './netns.js';
import { progress } from './progress.js';
import { teardown } from './teardown.js';

/** Writes `<name>.json` and `<name>.md` into `dir`, prints the report and says where it is. */
export function writeReport(dir: string, name: string, results: { durationSeconds: number }, markdown: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${dir}${name}.md`, markdown);
  process.stdout.write(markdown);
  progress('done', { report: `${dir}${name}.md`, minutes: (results.durationSeconds / 60).toFixed(1) });
}

/**
 * Runs a benchmark's main: a failure is reported and sets exit code 1; either way everything started is torn
 * down and checked gone (with these network namespaces), then the process exits.
 */
export function runBench(main: () => Promise<void>, networks: readonly VethNamespace[]): void {
  main()
    .catch((error: unknown) => {
      progress('failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exitCode = 1;
    })
    .finally(async () => {
      await teardown();
      await checkNothingLeft(networks);
      // node-datachannel's native threads keep Node alive; its cleanup() crashes on tracks of closed connections
      // (use after free in TrackWrapper::CloseAll, seen in a core dump), so the process exits instead.
      process.exit();
    });
}
