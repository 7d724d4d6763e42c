import { readFile, readdir, readlink } from 'node:fs/promises';

const TCP_LISTEN = '0A';

/** Socket inodes bound to local `port` (TCP: listening only), from /proc/<pid>/net/<protocol>{,6}. */
async function boundInodes(pid: number, port: number, protocol: 'tcp' | 'udp'): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of [protocol, `${protocol}6`]) {
    let text: string;
    try {
      text = await readFile(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      const localPort = Number.parseInt(fields[1]?.split(':')[1] ?? '', 16);
      if (localPort !== port || (protocol === 'tcp' && fields[3] !== TCP_LISTEN)) continue;
      if (fields[9] !== undefined) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/**
 * Whether process `pid` itself holds a socket bound to `port` (UDP, or listening TCP): a readiness check that
 * another program on the same port cannot pass. Needs the rights to read /proc/<pid>/fd (ours, or root).
 */
export async function holdsPort(pid: number, port: number, protocol: 'tcp' | 'udp'): Promise<boolean> {
  const inodes = await boundInodes(pid, port, protocol);
  if (inodes.size === 0) return false;
  for (const fd of await readdir(`/proc/${pid}/fd`).catch((): string[] => [])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode !== undefined && inodes.has(inode)) return true;
  }
  return false;
}
