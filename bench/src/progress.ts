const started = performance.now();

export type ProgressFields = Record<string, string | number | boolean | undefined>;

/** One progress line on stderr: seconds since start, an event name, then key=value fields (easy to grep). */
export function progress(event: string, fields: ProgressFields = {}): void {
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : value}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`${seconds}s ${event}${parts.length > 0 ? ` ${parts.join(' ')}` : ''}\n`);
}
