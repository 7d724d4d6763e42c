// Points mediasoup at the worker binary that `npm start` / `npm test` built and cached (scripts/setup/worker.mjs).
// Imported first by main.ts: mediasoup reads MEDIASOUP_WORKER_BIN once, when it is first loaded.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const pointerFile = fileURLToPath(new URL('../../../../.huddle/worker.json', import.meta.url));
const pointerSchema = z.object({ bin: z.string(), version: z.string() });

function resolveWorkerBinary(): string {
  const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
  if (fromEnv) return fromEnv;
  if (!existsSync(pointerFile)) {
    throw new Error(`mediasoup worker not set up (${pointerFile} missing): run "npm start" or "npm run setup" first`);
  }
  return pointerSchema.parse(JSON.parse(readFileSync(pointerFile, 'utf8'))).bin;
}

const workerBinary = resolveWorkerBinary();
if (!existsSync(workerBinary)) {
  throw new Error(`mediasoup worker binary ${workerBinary} is missing: run "npm run setup" to rebuild it`);
}
process.env.MEDIASOUP_WORKER_BIN = workerBinary;
