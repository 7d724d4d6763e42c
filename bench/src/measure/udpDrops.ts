import { readFileSync } from 'node:fs';

/**
 * UDP datagrams the kernel dropped because a socket's receive buffer was full (`RcvbufErrors` of the `Udp:` MIB),
 * in the network namespace of `pid` — `/proc/PID/net/snmp` shows that namespace's counters. Undefined if the
 * process is gone or the line is not there.
 */
export function udpReceiveBufferDrops(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/net/snmp`, 'utf8');
  } catch {
    return undefined;
  }
  const [names, values] = text.split('\n').filter((line) => line.startsWith('Udp:'));
  const index = names?.split(/\s+/).indexOf('RcvbufErrors') ?? -1;
  const value = index < 0 ? undefined : Number(values?.split(/\s+/)[index]);
  return value === undefined || Number.isNaN(value) ? undefined : value;
}
