import type { LocalSfu } from '@huddle/testkit';

/** One Prometheus gauge from the SFU's `/metrics`, summed over its label sets. */
export async function gauge(sfu: LocalSfu, name: string): Promise<number> {
  const text = await (await fetch(`${sfu.url}/metrics`)).text();
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    found = true;
    total += Number(match[3]);
  }
  if (!found) throw new Error(`/metrics has no ${name}`);
  return total;
}
