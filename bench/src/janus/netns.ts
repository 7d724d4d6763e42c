import { progress } from '../progress.js';
import { run, runQuietly } from '../run.js';

/**
 * Janus skips loopback interfaces when gathering ICE candidates, so it cannot do ICE over 127.0.0.1. It runs in
 * this network namespace instead, joined to the host by a veth pair: the bots stay on the host and reach Janus at
 * NS_ADDRESS over the veth (their ICE host candidate is HOST_ADDRESS), nothing is exposed beyond this machine.
 */
export const NAMESPACE = 'hbjanus';
export const HOST_ADDRESS = '10.77.0.1';
export const NS_ADDRESS = '10.77.0.2';
const HOST_LINK = 'hbj-host';
const NS_LINK = 'hbj-ns';
const PREFIX_LENGTH = 24;

/** Creates the namespace and veth pair, first removing leftovers of a crashed run. */
export async function createNamespace(): Promise<void> {
  await removeNamespace();
  await run('ip', ['netns', 'add', NAMESPACE]);
  await run('ip', ['link', 'add', HOST_LINK, 'type', 'veth', 'peer', 'name', NS_LINK]);
  await run('ip', ['link', 'set', NS_LINK, 'netns', NAMESPACE]);
  await run('ip', ['addr', 'add', `${HOST_ADDRESS}/${PREFIX_LENGTH}`, 'dev', HOST_LINK]);
  await run('ip', ['link', 'set', HOST_LINK, 'up']);
  await inNamespace('ip', ['addr', 'add', `${NS_ADDRESS}/${PREFIX_LENGTH}`, 'dev', NS_LINK]);
  await inNamespace('ip', ['link', 'set', NS_LINK, 'up']);
  await inNamespace('ip', ['link', 'set', 'lo', 'up']);
  progress('netns.created', { namespace: NAMESPACE, host: HOST_ADDRESS, inside: NS_ADDRESS });
}

/**
 * Idempotent: kills what still runs in the namespace (only a previous run of this harness puts processes there),
 * then deletes the veth pair (deleting one end deletes both) and the namespace.
 */
export async function removeNamespace(): Promise<void> {
  const namespaces = await run('ip', ['netns', 'list']);
  const exists = namespaces.split('\n').some((line) => line.split(' ')[0] === NAMESPACE);
  if (exists) {
    const pids = await namespacePids();
    if (pids.length > 0) {
      progress('netns.kill-leftovers', { namespace: NAMESPACE, pids: pids.join(',') });
      for (const pid of pids) signal(pid, 'SIGKILL');
      await waitGone(pids, 5000);
    }
  }
  // The host end can outlive the namespace if a run died between creating the pair and moving its peer.
  const removedLink = await runQuietly('ip', ['link', 'del', HOST_LINK]);
  if (exists) await run('ip', ['netns', 'del', NAMESPACE]);
  if (exists || removedLink) progress('netns.removed', { namespace: NAMESPACE });
}

function inNamespace(command: string, args: readonly string[]): Promise<string> {
  return run('ip', ['netns', 'exec', NAMESPACE, command, ...args]);
}

async function namespacePids(): Promise<number[]> {
  const out = await run('ip', ['netns', 'pids', NAMESPACE]);
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
