import { readFileSync, readdirSync } from 'node:fs';
import { NAMESPACE, removeNamespace } from './janus/netns.js';
import { removeStaleQuotaGroups } from './measure/cpuQuota.js';
import { processTree } from './measure/procTree.js';
import { progress } from './progress.js';
import { run } from './run.js';

/** Before a run: whatever a crashed earlier run left (namespace, veth pair, empty cgroups) goes. */
export async function cleanLeftovers(): Promise<void> {
  await removeNamespace();
  removeStaleQuotaGroups((line) => progress('leftovers', { note: line }));
}

/** After a run: reports (and fails the run on) any child process, namespace or cgroup still there. */
export async function checkNothingLeft(): Promise<void> {
  const problems: string[] = [];
  // tsx keeps an esbuild service as a child of this script: it is the runner's, not something the bench started.
  const children = processTree([process.pid]).filter(
    (entry) => entry.pid !== process.pid && commandOf(entry.pid) !== 'esbuild',
  );
  if (children.length > 0) problems.push(`processes still running: ${children.map((entry) => entry.pid).join(', ')}`);
  const namespaces = await run('ip', ['netns', 'list']);
  if (namespaces.split('\n').some((line) => line.split(' ')[0] === NAMESPACE)) problems.push(`namespace ${NAMESPACE}`);
  const groups = readdirSync('/sys/fs/cgroup/cpu').filter((entry) => entry.startsWith(`huddle-bench-${process.pid}`));
  if (groups.length > 0) problems.push(`cgroups: ${groups.join(', ')}`);
  if (problems.length > 0) {
    progress('leftovers.found', { problems: problems.join('; ') });
    process.exitCode = 1;
  } else {
    progress('leftovers.none', { checked: 'processes, network namespace, cgroups' });
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
