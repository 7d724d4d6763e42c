import type { PacketFilter } from './nftRules.js';

/** What is done to the impaired participant's link: rate caps each way and a UDP packet filter. */
export type Impairment = PacketFilter & {
  /** Cap towards the participant (tbf on the host end of the veth pair), kbit/s. */
  downKbps?: number;
  /** Cap from the participant (tbf on the namespace end), kbit/s. */
  upKbps?: number;
};

/** "down 400 kbit/s, 5 % loss both ways" — for tables and progress lines. */
export function describeImpairment(impairment: Impairment): string {
  const parts: string[] = [];
  if (impairment.downKbps !== undefined) parts.push(`down ${rate(impairment.downKbps)}`);
  if (impairment.upKbps !== undefined) parts.push(`up ${rate(impairment.upKbps)}`);
  if (impairment.lossPercent !== undefined) parts.push(`${impairment.lossPercent} % UDP loss both ways`);
  if (impairment.blockUdp) parts.push('UDP blocked');
  return parts.length === 0 ? 'none' : parts.join(', ');
}

export function rate(kbps: number): string {
  return kbps >= 1000 && kbps % 100 === 0 ? `${kbps / 1000} Mbit/s` : `${kbps} kbit/s`;
}
