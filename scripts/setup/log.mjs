// Progress output for the setup steps: one prefixed line per event, timings on long steps.
const started = Date.now();

export function step(message) {
  process.stdout.write(`\n[huddle] ${message}\n`);
}

export function info(message) {
  process.stdout.write(`[huddle]   ${message}\n`);
}

export function elapsed(since = started) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

export class SetupError extends Error {
  constructor(stepName, message) {
    super(`${stepName}: ${message}`);
    this.name = 'SetupError';
  }
}
