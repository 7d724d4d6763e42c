import { fileURLToPath } from 'node:url';
import { createNamespace, removeNamespace, type VethNamespace } from '../netns.js';
import { ProcessRecord } from '../processRecord.js';
import { onTeardown } from '../teardown.js';

/**
 * The impaired participant's network: namespace `hbnet` joined to the host by a veth pair on 10.79.13.0/30
 * (the Janus benchmark uses `hbjanus` on 10.77.0.0/24). The SFU listens on the host end, so both the host's
 * browsers and the namespace's reach it there; shaping the pair's two ends shapes only the impaired participant.
 */
export const NETBENCH_NETWORK: VethNamespace = {
  namespace: 'hbnet',
  hostLink: 'hbn-host',
  nsLink: 'hbn-ns',
  hostAddress: '10.79.13.1',
  nsAddress: '10.79.13.2',
  prefixLength: 30,
};

/** The SFU and browsers this harness started, so that a run killed outright is cleaned by the next one. */
export const NETBENCH_PROCESSES = new ProcessRecord(
  fileURLToPath(new URL('../../../.huddle/bench-network-processes.json', import.meta.url)),
);

/**
 * Creates the namespace and veth pair, removed again by teardown (with the qdiscs on the pair and the nft table
 * inside); processes still running in the namespace are killed then.
 */
export async function setUpNetwork(): Promise<void> {
  onTeardown('network namespace', async () => {
    await removeNamespace(NETBENCH_NETWORK);
    NETBENCH_PROCESSES.clear();
  });
  await createNamespace(NETBENCH_NETWORK);
}
