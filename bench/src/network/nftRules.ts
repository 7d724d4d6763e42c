import { z } from 'zod';

/** What the packet filter inside the namespace does to the impaired participant's UDP. */
export type PacketFilter = {
  /** Drop this share of UDP packets (a whole percent, 1–99), independently in each direction. */
  lossPercent?: number;
  /** Drop every UDP packet both ways: media can only go over ICE-TCP (or a TURN relay over TCP/TLS). */
  blockUdp?: boolean;
};

export const NFT_TABLE = 'huddle_netbench';

/** Named counters per direction: every UDP packet on the link, and the ones dropped. */
const COUNTERS = ['udp_in', 'udp_in_dropped', 'udp_out', 'udp_out_dropped'] as const;

/**
 * The nftables rule set (for `nft -f -` inside the namespace) that applies `filter` on `link`, or undefined
 * when the filter does nothing. Multi-line on purpose: nft does not parse a one-line `table { chain { … } }`.
 */
export function nftRuleSet(link: string, filter: PacketFilter): string | undefined {
  const { lossPercent, blockUdp = false } = filter;
  if (lossPercent !== undefined && (!Number.isInteger(lossPercent) || lossPercent < 1 || lossPercent > 99)) {
    throw new RangeError(`loss must be a whole percent from 1 to 99, not ${lossPercent}`);
  }
  if (!/^[\w.-]{1,15}$/.test(link)) throw new RangeError(`not an interface name: ${JSON.stringify(link)}`);
  if (!blockUdp && lossPercent === undefined) return undefined;
  const drop = blockUdp ? '' : `numgen random mod 100 < ${lossPercent} `;
  const chain = (hook: 'input' | 'output', match: 'iifname' | 'oifname', counter: 'udp_in' | 'udp_out'): string[] => [
    `  chain ${hook} {`,
    `    type filter hook ${hook} priority 0; policy accept;`,
    `    ${match} "${link}" meta l4proto udp counter name "${counter}"`,
    `    ${match} "${link}" meta l4proto udp ${drop}counter name "${counter}_dropped" drop`,
    '  }',
  ];
  return [
    `table inet ${NFT_TABLE} {`,
    ...COUNTERS.flatMap((name) => [`  counter ${name} {`, '  }']),
    ...chain('input', 'iifname', 'udp_in'),
    ...chain('output', 'oifname', 'udp_out'),
    '}',
    '',
  ].join('\n');
}

const listSchema = z.object({ nftables: z.array(z.unknown()) });
const counterSchema = z.object({ counter: z.object({ name: z.string(), packets: z.number().int().nonnegative() }) });

/** UDP packets the filter dropped, in % of those it saw, each way (from `nft -j list counters table …`). */
export type MeasuredLoss = { inPercent: number; outPercent: number; packets: number };

export function parseNftLoss(json: string): MeasuredLoss {
  const packets = new Map<string, number>();
  for (const entry of listSchema.parse(JSON.parse(json)).nftables) {
    const parsed = counterSchema.safeParse(entry);
    if (parsed.success) packets.set(parsed.data.counter.name, parsed.data.counter.packets);
  }
  const share = (name: 'udp_in' | 'udp_out'): number => {
    const seen = packets.get(name) ?? 0;
    return seen > 0 ? ((packets.get(`${name}_dropped`) ?? 0) / seen) * 100 : 0;
  };
  return {
    inPercent: share('udp_in'),
    outPercent: share('udp_out'),
    packets: (packets.get('udp_in') ?? 0) + (packets.get('udp_out') ?? 0),
  };
}
