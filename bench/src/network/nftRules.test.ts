import { describe, expect, it } from 'vitest';
import { NFT_TABLE, nftRuleSet, parseNftLoss } from './nftRules.js';

describe('nftRuleSet', () => {
  it('drops N % of UDP on the link each way, counting what it sees and drops', () => {
    expect(nftRuleSet('hbn-ns', { lossPercent: 5 })).toBe(
      [
        `table inet ${NFT_TABLE} {`,
        '  counter udp_in {',
        '  }',
        '  counter udp_in_dropped {',
        '  }',
        '  counter udp_out {',
        '  }',
        '  counter udp_out_dropped {',
        '  }',
        '  chain input {',
        '    type filter hook input priority 0; policy accept;',
        '    iifname "hbn-ns" meta l4proto udp counter name "udp_in"',
        '    iifname "hbn-ns" meta l4proto udp numgen random mod 100 < 5 counter name "udp_in_dropped" drop',
        '  }',
        '  chain output {',
        '    type filter hook output priority 0; policy accept;',
        '    oifname "hbn-ns" meta l4proto udp counter name "udp_out"',
        '    oifname "hbn-ns" meta l4proto udp numgen random mod 100 < 5 counter name "udp_out_dropped" drop',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('drops every UDP packet both ways when UDP is blocked', () => {
    const rules = nftRuleSet('hbn-ns', { blockUdp: true }) ?? '';
    expect(rules).toContain('    iifname "hbn-ns" meta l4proto udp counter name "udp_in_dropped" drop\n');
    expect(rules).toContain('    oifname "hbn-ns" meta l4proto udp counter name "udp_out_dropped" drop\n');
    expect(rules).not.toContain('numgen');
  });

  it('has nothing to do without loss or blocking', () => {
    expect(nftRuleSet('hbn-ns', {})).toBeUndefined();
  });

  it('refuses a loss nft cannot express and a name that is not an interface', () => {
    for (const lossPercent of [0, 100, 2.5, -1, Number.NaN]) {
      expect(() => nftRuleSet('hbn-ns', { lossPercent })).toThrow(RangeError);
    }
    expect(() => nftRuleSet('eth0"; flush ruleset; "', { lossPercent: 5 })).toThrow(/not an interface name/);
  });
});

describe('parseNftLoss', () => {
  it('reads the named counters of `nft -j list counters`', () => {
    const counter = (name: string, packets: number) => ({
      counter: { family: 'inet', name, table: NFT_TABLE, handle: 2, packets, bytes: packets * 100 },
    });
    const json = JSON.stringify({
      nftables: [
        { metainfo: { version: '1.0.6', json_schema_version: 1 } },
        counter('udp_in', 2000),
        counter('udp_in_dropped', 100),
        counter('udp_out', 1000),
        counter('udp_out_dropped', 20),
      ],
    });
    expect(parseNftLoss(json)).toEqual({ inPercent: 5, outPercent: 2, packets: 3000 });
  });

  it('reads no traffic as no loss, and refuses what is not nft JSON', () => {
    expect(parseNftLoss(JSON.stringify({ nftables: [] }))).toEqual({ inPercent: 0, outPercent: 0, packets: 0 });
    expect(() => parseNftLoss('{"rules": []}')).toThrow();
  });
});
