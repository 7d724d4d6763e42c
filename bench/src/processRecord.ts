import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { processTree, readProcStat } from './measure/procTree.js';

const recordSchema = z.array(
  z.object({ pid: z.number().int().positive(), startTicks: z.number().int().nonnegative() }),
);

/**
 * The processes a run started (an SFU, browsers), kept in a file while they run. A run killed outright cannot
 * stop them; the next run reads the file and kills whichever of them is still the same process (same pid and
 * start time), with its descendants.
 */
export class ProcessRecord {
  readonly #file: string;
  #entries: z.infer<typeof recordSchema> = [];

  constructor(file: string) {
    this.#file = file;
  }

  /** Adds live processes to the record (a pid that is already gone is skipped). */
  add(pids: readonly number[]): void {
    for (const pid of pids) {
      const stat = readProcStat(pid);
      if (stat && !this.#entries.some((entry) => entry.pid === pid)) {
        this.#entries.push({ pid, startTicks: stat.startTicks });
      }
    }
    mkdirSync(dirname(this.#file), { recursive: true });
    writeFileSync(this.#file, `${JSON.stringify(this.#entries)}\n`);
  }

  /** After a normal stop: nothing left to kill. */
  clear(): void {
    this.#entries = [];
    rmSync(this.#file, { force: true });
  }

  /** Kills what an earlier run recorded and that still runs; returns the pids killed. */
  killLeftovers(): number[] {
    let recorded: z.infer<typeof recordSchema>;
    try {
      recorded = recordSchema.parse(JSON.parse(readFileSync(this.#file, 'utf8')));
    } catch {
      // No record (the last run ended normally) or an unreadable one: nothing that can be trusted to kill.
      rmSync(this.#file, { force: true });
      return [];
    }
    const roots = recorded.filter((entry) => readProcStat(entry.pid)?.startTicks === entry.startTicks);
    const victims = processTree(roots.map((entry) => entry.pid)).map((stat) => stat.pid);
    for (const pid of victims) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Exited meanwhile.
      }
    }
    rmSync(this.#file, { force: true });
    return victims;
  }
}
