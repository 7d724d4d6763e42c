import { readdirSync } from 'node:fs';
import { namespaceExists, removeNamespace, type VethNamespace } from './netns.js';
import { removeStaleQuotaGroups } from './measure/cpuQuota.js';
import { commandOf, processTree } from './measure/procTree.js';
import type { ProcessRecord } from './processRecord.js';
import { progress } from './progress.js';

export type Leftovers = {
  /** The namespaces (with their veth pairs) a harness creates. */
  networks: readonly VethNamespace[];
  /** Processes an earlier run recorded as started (see ProcessRecord). */
  processes?: ProcessRecord;
};

/** Before a run: whatever a crashed earlier run left (processes, namespaces, veth pairs, empty cgroups) goes. */
export async function cleanLeftovers(leftovers: Leftovers): Promise<void> {
  const killed = leftovers.processes?.killLeftovers() ?? [];
  if (killed.length > 0) progress('leftovers.killed', { pids: killed.join(',') });
  for (const net of leftovers.networks) await removeNamespace(net);
  removeStaleQuotaGroups((line) => progress('leftovers', { note: line }));
}

/** After a run: reports (and fails the run on) any child process, namespace or cgroup still there. */
export async function checkNothingLeft(networks: readonly VethNamespace[]): Promise<void> {
  const problems: string[] = [];
  // tsx keeps an esbuild service as a child of this script: it is the runner's, not something the bench started.
  const children = processTree([process.pid]).filter(
    (entry) => entry.pid !== process.pid && commandOf(entry.pid) !== 'esbuild',
  );
  if (children.length > 0) problems.push(`processes still running: ${children.map((entry) => entry.pid).join(', ')}`);
  for (const net of networks) {
    if (await namespaceExists(net.namespace)) problems.push(`namespace ${net.namespace}`);
  }
  const groups = readdirSync('/sys/fs/cgroup/cpu').filter((entry) => entry.startsWith(`huddle-bench-${process.pid}`));
  if (groups.length > 0) problems.push(`cgroups: ${groups.join(', ')}`);
  if (problems.length > 0) {
    progress('leftovers.found', { problems: problems.join('; ') });
    process.exitCode = 1;
  } else {
    progress('leftovers.none', { checked: 'processes, network namespaces, cgroups' });
  }
}
