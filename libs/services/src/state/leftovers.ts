import { rm } from 'node:fs/promises';
import { silentLogger, type ServiceLogger } from '../logger.js';
import { isSameProcessAlive, waitForExit } from '../process/procfs.js';
import { defaultStateDir, readRecords, removeRecord } from './records.js';

export type CleanupOptions = {
  /** Where the records are (see defaultStateDir()). */
  stateDir?: string;
  logger?: ServiceLogger;
};

export type CleanupReport = {
  /** Service processes that were still running and got SIGKILLed. */
  killed: { service: string; pid: number }[];
  /** Temporary dirs removed. */
  removedPaths: string[];
};

/**
 * Cleans up after starters that died without stopping their services (a SIGKILLed test run): kills each recorded
 * service process still running and removes its temporary dirs. Records of starters that still run (another test
 * file, another engineer's run) are left alone. Every start<Service>() calls this first.
 */
export async function cleanupLeftovers(options: CleanupOptions = {}): Promise<CleanupReport> {
  const stateDir = options.stateDir ?? defaultStateDir();
  const logger = options.logger ?? silentLogger;
  const report: CleanupReport = { killed: [], removedPaths: [] };
  for (const { file, record } of await readRecords(stateDir)) {
    if (!record) {
      logger.warn({ file }, 'removing an unreadable service record');
      await removeRecord(file);
      continue;
    }
    if (isSameProcessAlive(record.ownerPid, record.ownerStartTime)) continue;
    if (isSameProcessAlive(record.pid, record.startTime)) {
      try {
        process.kill(record.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      await waitForExit(record.pid, record.startTime, 5_000);
      report.killed.push({ service: record.service, pid: record.pid });
    }
    for (const path of record.removePaths) {
      await rm(path, { recursive: true, force: true });
      report.removedPaths.push(path);
    }
    await removeRecord(file);
    logger.info(
      { service: record.service, pid: record.pid, ownerPid: record.ownerPid, removed: record.removePaths },
      'cleaned up a leftover of a run that was killed',
    );
  }
  return report;
}
