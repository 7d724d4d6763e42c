import { describe, expect, it } from 'vitest';
import { pageStatsSchema, toSnapshot } from './snapshot.js';

/** What collectPageStats() returns for a receive PeerConnection (trimmed Chromium stats). */
const page = {
  selfPeerId: 'cat',
  connection: 'connected',
  owners: [{ trackId: 'track-ann', peerId: 'ann', source: 'camera', requestedLayer: '2', renderedWidth: 640 }],
  peerConnections: [
    { index: 0, connectionState: 'closed', stats: [] },
    {
      index: 1,
      connectionState: 'connected',
      stats: [
        { type: 'transport', id: 'T01', selectedCandidatePairId: 'CP1', bytesSent: 5 },
        {
          type: 'candidate-pair',
          id: 'CP1',
          localCandidateId: 'L1',
          remoteCandidateId: 'R1',
          currentRoundTripTime: 0.012,
        },
        { type: 'local-candidate', id: 'L1', candidateType: 'prflx', protocol: 'tcp' },
        { type: 'remote-candidate', id: 'R1', candidateType: 'host', protocol: 'tcp' },
        {
          type: 'inbound-rtp',
          id: 'IT01V1',
          kind: 'video',
          mid: '0',
          trackIdentifier: 'track-ann',
          timestamp: 1000,
          framesDecoded: 10,
          frameWidth: 1280,
          codecId: 'ignored',
        },
        {
          type: 'inbound-rtp',
          id: 'IT01V1234',
          kind: 'video',
          mid: 'probator',
          trackIdentifier: 'probator',
          timestamp: 1000,
          bytesReceived: 100,
        },
      ],
    },
  ],
  wallClock: 5000,
};

describe('toSnapshot', () => {
  it("tags each received stream with its owner and the page's requested layer", () => {
    const snapshot = toSnapshot(pageStatsSchema.parse(page));
    expect(snapshot.selfPeerId).toBe('cat');
    expect(snapshot.at).toBe(5000);
    expect(snapshot.inbound.map((sample) => [sample.key, sample.peerId, sample.source, sample.requestedLayer])).toEqual(
      [
        ['1/IT01V1', 'ann', 'camera', 2],
        ['1/IT01V1234', undefined, undefined, undefined],
      ],
    );
  });

  it('reads the selected candidate pair of each PeerConnection', () => {
    expect(toSnapshot(pageStatsSchema.parse(page)).routes).toEqual([
      {
        connection: 1,
        local: { type: 'prflx', protocol: 'tcp' },
        remote: { type: 'host', protocol: 'tcp' },
        rttMs: 12,
        availableOutgoingKbps: undefined,
      },
    ]);
  });

  it('refuses stats that are not what Chromium reports', () => {
    const stat = { type: 'inbound-rtp', id: 'x', kind: 'data', timestamp: 1 };
    const broken = { ...page, peerConnections: [{ index: 0, connectionState: 'connected', stats: [stat] }] };
    expect(pageStatsSchema.safeParse(broken).success).toBe(false);
  });
});
