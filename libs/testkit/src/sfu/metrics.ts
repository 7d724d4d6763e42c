/** One Prometheus gauge from the SFU's `/metrics` at `baseUrl`, summed over its label sets. */
export async function readMetric(baseUrl: string, name: string): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  let total = 0;
  let found = false;
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    found = true;
    total += Number(match[3]);
  }
  if (!found) throw new Error(`/metrics has no ${name}`);
  return total;
}
