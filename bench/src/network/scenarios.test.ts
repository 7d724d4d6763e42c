import { describe, expect, it } from 'vitest';
import { describeImpairment } from './impairment.js';
import { capsOf, describeCheck, SCENARIOS, selectScenarios } from './scenarios.js';

const names = (list: readonly { name: string }[]): string[] => list.map((scenario) => scenario.name);

describe('the scenario table', () => {
  it('has the scenarios of issue 13, each named once', () => {
    expect(names(SCENARIOS)).toEqual([
      'baseline',
      'down-1000',
      'down-600',
      'down-400',
      'down-250',
      'up-300',
      'loss-2',
      'loss-5',
      'loss-10',
      'udp-blocked',
      'drop-and-recover',
      'relay-only',
    ]);
  });

  it('carries the targets: 400 kbit/s, 250 kbit/s, 5 % loss, recovery', () => {
    const checks = Object.fromEntries(SCENARIOS.map((scenario) => [scenario.name, scenario.checks.map(describeCheck)]));
    expect(checks['down-400']).toEqual([
      'every remote video ≥ 15 fps',
      'no freeze over 0.5 s',
      'audio concealment < 1 %',
    ]);
    expect(checks['down-250']).toEqual(['every remote video ≥ 10 fps', 'audio concealment < 1 %']);
    expect(checks['loss-5']).toEqual(['freezes ≤ 1 s per 15 s per remote video', 'audio concealment ≤ 2 %']);
    expect(checks['drop-and-recover']).toEqual(['back to full layers ≤ 10 s after the cap is lifted']);
    expect(checks.baseline).toEqual([]);
  });

  it('makes the impaired participant join again where the impairment concerns call setup', () => {
    const rejoining = SCENARIOS.filter((scenario) => scenario.kind === 'steady' && scenario.rejoin);
    expect(names(rejoining)).toEqual(['udp-blocked', 'relay-only']);
    const relay = SCENARIOS.find((scenario) => scenario.name === 'relay-only');
    expect(relay?.kind === 'steady' && relay.relayOnly).toBe(true);
  });
});

describe('selectScenarios', () => {
  it('runs all by default and a subset with --quick', () => {
    expect(selectScenarios([], false)).toEqual(SCENARIOS);
    expect(names(selectScenarios([], true))).toEqual([
      'baseline',
      'down-400',
      'up-300',
      'loss-5',
      'udp-blocked',
      'drop-and-recover',
      'relay-only',
    ]);
  });

  it('runs named scenarios in table order, quick or not', () => {
    expect(names(selectScenarios(['loss-10', 'baseline'], true))).toEqual(['baseline', 'loss-10']);
  });

  it('names the valid scenarios when one is unknown', () => {
    expect(() => selectScenarios(['down-400', 'down-100'], false)).toThrow(
      /unknown scenario "down-100"; the scenarios are: baseline, down-1000, .*relay-only/,
    );
  });
});

describe('capsOf', () => {
  it('lists each rate cap once, drop-and-recover included', () => {
    expect(capsOf(SCENARIOS)).toEqual([
      { direction: 'down', kbps: 1000 },
      { direction: 'down', kbps: 600 },
      { direction: 'down', kbps: 400 },
      { direction: 'down', kbps: 250 },
      { direction: 'up', kbps: 300 },
      { direction: 'down', kbps: 2000 },
      { direction: 'down', kbps: 300 },
    ]);
    expect(capsOf(selectScenarios(['loss-5'], false))).toEqual([]);
  });
});

describe('describeImpairment', () => {
  it('says what is done to the link', () => {
    expect(describeImpairment({})).toBe('none');
    expect(describeImpairment({ downKbps: 2000, upKbps: 300 })).toBe('down 2 Mbit/s, up 300 kbit/s');
    expect(describeImpairment({ downKbps: 1500 })).toBe('down 1.5 Mbit/s');
    expect(describeImpairment({ lossPercent: 5 })).toBe('5 % UDP loss both ways');
    expect(describeImpairment({ blockUdp: true })).toBe('UDP blocked');
  });
});
