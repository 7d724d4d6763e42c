import { progress } from './progress.js';
import { run, runQuietly } from './run.js';

/** A network namespace joined to the host by a veth pair: one /30 (or wider) with one address at each end. */
export type VethNamespace = {
  namespace: string;
  /** The veth end that stays on the host, and the one moved into the namespace. */
  hostLink: string;
  nsLink: string;
  hostAddress: string;
  nsAddress: string;
  prefixLength: number;
};

/** Creates the namespace and veth pair, first removing leftovers of a crashed run. */
export async function createNamespace(net: VethNamespace): Promise<void> {
  await removeNamespace(net);
  await run('ip', ['netns', 'add', net.namespace]);
  await run('ip', ['link', 'add', net.hostLink, 'type', 'veth', 'peer', 'name', net.nsLink]);
  await run('ip', ['link', 'set', net.nsLink, 'netns', net.namespace]);
  await run('ip', ['addr', 'add', `${net.hostAddress}/${net.prefixLength}`, 'dev', net.hostLink]);
  await run('ip', ['link', 'set', net.hostLink, 'up']);
  await inNamespace(net, 'ip', ['addr', 'add', `${net.nsAddress}/${net.prefixLength}`, 'dev', net.nsLink]);
  await inNamespace(net, 'ip', ['link', 'set', net.nsLink, 'up']);
  await inNamespace(net, 'ip', ['link', 'set', 'lo', 'up']);
  progress('netns.created', { namespace: net.namespace, host: net.hostAddress, inside: net.nsAddress });
}

/**
 * Idempotent: kills what still runs in the namespace (only a previous run of a harness puts processes there),
 * then deletes the veth pair (deleting one end deletes both, with their qdiscs) and the namespace (with its
 * nftables tables).
 */
export async function removeNamespace(net: VethNamespace): Promise<void> {
  const exists = await namespaceExists(net.namespace);
  if (exists) {
    const pids = await namespacePids(net.namespace);
    if (pids.length > 0) {
      progress('netns.kill-leftovers', { namespace: net.namespace, pids: pids.join(',') });
      for (const pid of pids) signal(pid, 'SIGKILL');
      await waitGone(pids, 5000);
    }
  }
  // The host end can outlive the namespace if a run died between creating the pair and moving its peer.
  const removedLink = await runQuietly('ip', ['link', 'del', net.hostLink]);
  if (exists) await run('ip', ['netns', 'del', net.namespace]);
  if (exists || removedLink) progress('netns.removed', { namespace: net.namespace });
}

export async function namespaceExists(namespace: string): Promise<boolean> {
  const namespaces = await run('ip', ['netns', 'list']);
  return namespaces.split('\n').some((line) => line.split(' ')[0] === namespace);
}

/** Runs a command inside the namespace and returns its stdout. */
export function inNamespace(net: VethNamespace, command: string, args: readonly string[]): Promise<string> {
  return run('ip', ['netns', 'exec', net.namespace, command, ...args]);
}

async function namespacePids(namespace: string): Promise<number[]> {
  const out = await run('ip', ['netns', 'pids', namespace]);
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

async function waitGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.filter(isAlive).join(',')} did not exit`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
