import { describe, expect, it } from 'vitest';
import { analyzeWindow, describeRoute, type PageSamples } from './analyzeWindow.js';
import { inbound, snapshot, snapshotsOf, videoSeries } from './testSamples.js';

const load = {
  loadAverage1m: 1,
  machineBusyPercent: 50,
  hostBrowserCpuPercent: 60,
  impairedBrowserCpuPercent: 30,
  sfuCpuPercent: 5,
  othersCpuPercent: 20,
};
const link = {
  before: { down: 0, up: 0, at: 0 },
  after: { down: 500_000, up: 250_000, at: 10_000 },
  loss: undefined,
};

function page(name: string, impaired: boolean, selfPeerId: string, ...series: ReturnType<typeof videoSeries>[]) {
  const snapshots = snapshotsOf(...series).map((entry) => ({ ...entry, selfPeerId }));
  return { name, impaired, snapshots } satisfies PageSamples;
}

describe('analyzeWindow', () => {
  it("names streams by their owner's name and finds what the others see of the impaired participant", () => {
    const cat = page(
      'Cat',
      true,
      'cat-1',
      videoSeries('v-ann', 'ann-1', [0, 24, 24], 1280),
      videoSeries('v-bob', 'bob-1', [0, 12, 12], 640),
    );
    const ann = page(
      'Ann',
      false,
      'ann-1',
      videoSeries('v-cat', 'cat-1', [0, 10, 10], 320),
      videoSeries('v-bob', 'bob-1', [0, 24, 24], 1280),
    );
    const bob = page('Bob', false, 'bob-1', videoSeries('v-ann', 'ann-1', [0, 24, 24], 1280));
    const result = analyzeWindow({ pages: [ann, bob, cat], link, load });
    expect(result.seconds).toBe(2);
    expect(result.received.videos.map((video) => [video.from, video.fps, video.widthMedian])).toEqual([
      ['Ann', 24, 1280],
      ['Bob', 12, 640],
    ]);
    expect(result.seenByOthers.map((view) => [view.viewer, view.video?.from, view.video?.fps])).toEqual([
      ['Ann', 'Cat', 10],
      ['Bob', undefined, undefined],
    ]);
    expect(result.link).toEqual({ downKbps: 400, upKbps: 200 });
  });

  it('knows the impaired participant under each peer id it had (it joins again in some scenarios)', () => {
    const cat = page('Cat', true, 'cat-2', videoSeries('v-ann', 'ann-1', [0, 24], 1280));
    cat.snapshots[0] = { ...snapshot(1_000_000), selfPeerId: 'cat-1', inbound: cat.snapshots[0]?.inbound ?? [] };
    const audio = [0, 1].map((second) =>
      inbound({
        key: 'a',
        kind: 'audio',
        peerId: 'cat-1',
        timestamp: 1_000_000 + second * 1000,
        totalSamplesReceived: second * 48_000,
      }),
    );
    const ann = page('Ann', false, 'ann-1', audio);
    const result = analyzeWindow({ pages: [ann, cat], link, load });
    expect(result.seenByOthers[0]?.audio?.from).toBe('Cat');
  });
});

describe('describeRoute', () => {
  it('names protocol and candidate types, and the relay protocol', () => {
    const route = { connection: 0, remote: { type: 'host', protocol: 'udp' } };
    expect(describeRoute({ ...route, local: { type: 'host', protocol: 'udp' } })).toBe('udp host → host');
    expect(describeRoute({ ...route, local: { type: 'relay', protocol: 'udp', relayProtocol: 'tls' } })).toBe(
      'udp relay (tls) → host',
    );
  });
});
