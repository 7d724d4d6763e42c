import { readFileSync } from 'node:fs';
import { inNamespace, type VethNamespace } from '../netns.js';
import { progress } from '../progress.js';
import { run, runQuietly } from '../run.js';
import { describeImpairment, type Impairment } from './impairment.js';
import { NFT_TABLE, nftRuleSet, parseNftLoss, type MeasuredLoss } from './nftRules.js';
import { tbfArgs } from './tbf.js';

/** Bytes that crossed the veth pair so far, seen from the host end: down = towards the namespace. */
export type LinkBytes = { down: number; up: number; at: number };

/** Puts impairments on the namespace's veth pair and takes them off (qdiscs on both ends, nft inside). */
export class LinkShaper {
  readonly #net: VethNamespace;

  constructor(net: VethNamespace) {
    this.#net = net;
  }

  /** Replaces whatever impairment is in place with this one. */
  async apply(impairment: Impairment): Promise<void> {
    await this.clear();
    const net = this.#net;
    if (impairment.downKbps !== undefined) await run('tc', tbfArgs(net.hostLink, impairment.downKbps));
    if (impairment.upKbps !== undefined) await inNamespace(net, 'tc', tbfArgs(net.nsLink, impairment.upKbps));
    const rules = nftRuleSet(net.nsLink, impairment);
    if (rules !== undefined) await run('ip', ['netns', 'exec', net.namespace, 'nft', '-f', '-'], rules);
    progress('impairment', { set: describeImpairment(impairment) });
  }

  /** Removes every qdisc and rule this class adds (each step is a no-op when there is nothing to remove). */
  async clear(): Promise<void> {
    const net = this.#net;
    await runQuietly('tc', ['qdisc', 'del', 'dev', net.hostLink, 'root']);
    await runQuietly('ip', ['netns', 'exec', net.namespace, 'tc', 'qdisc', 'del', 'dev', net.nsLink, 'root']);
    await runQuietly('ip', ['netns', 'exec', net.namespace, 'nft', 'delete', 'table', 'inet', NFT_TABLE]);
  }

  /** What the packet filter dropped since it was set; undefined when no filter is in place. */
  async loss(): Promise<MeasuredLoss | undefined> {
    const net = this.#net;
    try {
      const json = await inNamespace(net, 'nft', ['-j', 'list', 'counters', 'table', 'inet', NFT_TABLE]);
      return parseNftLoss(json);
    } catch {
      return undefined;
    }
  }

  /** The host end's counters: what it transmits goes to the namespace. */
  bytes(): LinkBytes {
    const read = (counter: string): number =>
      Number(readFileSync(`/sys/class/net/${this.#net.hostLink}/statistics/${counter}`, 'utf8').trim());
    return { down: read('tx_bytes'), up: read('rx_bytes'), at: Date.now() };
  }
}

/** Average rates between two readings, kbit/s (IP packets with their headers, as the caps count them). */
export function linkKbps(before: LinkBytes, after: LinkBytes): { downKbps: number; upKbps: number } {
  const seconds = (after.at - before.at) / 1000;
  const kbps = (bytes: number): number => (seconds > 0 ? (bytes * 8) / 1000 / seconds : 0);
  return { downKbps: kbps(after.down - before.down), upKbps: kbps(after.up - before.up) };
}
