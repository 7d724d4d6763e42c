import { progress } from './progress.js';

type Cleanup = { name: string; run: () => Promise<void> | void };

const cleanups: Cleanup[] = [];
let installed = false;
let tearingDown: Promise<void> | undefined;

/**
 * Registers a cleanup to run (last registered first) by teardown(), on SIGINT/SIGTERM, or on an uncaught error,
 * so a benchmark that fails or is interrupted still removes its processes, namespaces and cgroups.
 * Returns a function that unregisters it (call it after cleaning up normally).
 */
export function onTeardown(name: string, run: Cleanup['run']): () => void {
  installHandlers();
  const cleanup = { name, run };
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Runs every registered cleanup once, even if some fail. */
export function teardown(): Promise<void> {
  tearingDown ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop() as Cleanup;
      try {
        await cleanup.run();
      } catch (error) {
        progress('teardown.failed', { step: cleanup.name, error: String(error) });
      }
    }
  })().finally(() => {
    tearingDown = undefined;
  });
  return tearingDown;
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  const fatal = (reason: string, code: number) => {
    progress('teardown.start', { reason });
    void teardown().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => fatal('SIGINT', 130));
  process.once('SIGTERM', () => fatal('SIGTERM', 143));
  process.on('uncaughtException', (error) => {
    progress('fatal', { error: error.stack ?? String(error) });
    fatal('uncaughtException', 1);
  });
  process.on('unhandledRejection', (error) => {
    progress('fatal', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    fatal('unhandledRejection', 1);
  });
}
