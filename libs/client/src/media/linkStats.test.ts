import { describe, expect, it } from 'vitest';
import type { ConsumerStats } from './consumerStats.js';
import { linkSample, selectedPath, sendSide, type LinkStats } from './linkStats.js';
import { outboundLayers } from './publicationStats.js';

type Entry = { id: string; type: string } & Record<string, unknown>;

function report(...entries: Entry[]): RTCStatsReport {
  return new Map(entries.map((entry) => [entry.id, entry]));
}

const relayPath: Entry[] = [
  { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP2' },
  {
    id: 'CP1',
    type: 'candidate-pair',
    localCandidateId: 'L1',
    remoteCandidateId: 'R1',
    state: 'failed',
    nominated: false,
  },
  {
    id: 'CP2',
    type: 'candidate-pair',
    localCandidateId: 'L2',
    remoteCandidateId: 'R1',
    state: 'succeeded',
    nominated: true,
    currentRoundTripTime: 0.042,
    availableOutgoingBitrate: 900_000,
  },
  { id: 'L1', type: 'local-candidate', candidateType: 'host', protocol: 'udp' },
  { id: 'L2', type: 'local-candidate', candidateType: 'relay', protocol: 'udp', relayProtocol: 'tcp' },
  { id: 'R1', type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
];

function consumer(consumerId: string, counters: Partial<ConsumerStats>): ConsumerStats {
  return {
    consumerId,
    peerId: 'ann',
    source: 'camera',
    kind: 'video',
    framesDecoded: null,
    frameWidth: null,
    frameHeight: null,
    packetsReceived: null,
    packetsLost: null,
    bytesReceived: null,
    audioLevel: null,
    ...counters,
  };
}

describe('link statistics', () => {
  it('finds the selected candidate pair and its candidates', () => {
    expect(selectedPath(report(...relayPath))).toEqual({
      localType: 'relay',
      remoteType: 'host',
      protocol: 'udp',
      relayProtocol: 'tcp',
      rttMs: 42,
      availableOutgoingBitrate: 900_000,
    });
    // Without the transport's pointer: the nominated, succeeded pair.
    expect(selectedPath(report(...relayPath.slice(1)))?.localType).toBe('relay');
    expect(selectedPath(report())).toBeNull();
  });

  it('adds up what is sent and what the SFU reports lost of it', () => {
    const send = sendSide(
      report(
        { id: 'O1', type: 'outbound-rtp', ssrc: 1, bytesSent: 1000, packetsSent: 10 },
        { id: 'O2', type: 'outbound-rtp', ssrc: 2, bytesSent: 500, packetsSent: 5 },
        { id: 'RI1', type: 'remote-inbound-rtp', ssrc: 1, packetsLost: 1, fractionLost: 0.01 },
        { id: 'RI2', type: 'remote-inbound-rtp', ssrc: 2, packetsLost: 2, fractionLost: 0.2 },
      ),
    );
    expect(send).toMatchObject({ bytesSent: 1500, packetsSent: 15, packetsLost: 3, path: null });
  });

  it('turns two readings into bitrates, losses, frame rates and the relay flag', () => {
    const previous: LinkStats = {
      at: 10_000,
      send: { path: null, bytesSent: 0, packetsSent: 0, packetsLost: 0 },
      recv: { path: null },
      consumers: [consumer('c1', { bytesReceived: 0, packetsReceived: 100, packetsLost: 0, framesDecoded: 0 })],
    };
    const current: LinkStats = {
      at: 12_000,
      send: { path: selectedPath(report(...relayPath)), bytesSent: 250_000, packetsSent: 300, packetsLost: 15 },
      recv: { path: null },
      consumers: [
        consumer('c1', { bytesReceived: 100_000, packetsReceived: 290, packetsLost: 10, framesDecoded: 48 }),
        consumer('c2', { bytesReceived: 5_000, packetsReceived: 40 }),
      ],
    };
    const sample = linkSample(previous, current);
    expect(sample).toMatchObject({
      seconds: 2,
      rttMs: 42,
      sendBitrate: 1_000_000,
      receiveBitrate: 400_000,
      uplinkLoss: 0.05,
      downlinkLoss: 0.05,
      availableOutgoingBitrate: 900_000,
      relayed: true,
    });
    // A consumer new in the second reading has no interval yet.
    expect(sample.consumers).toEqual([
      {
        consumerId: 'c1',
        peerId: 'ann',
        source: 'camera',
        kind: 'video',
        bitrate: 400_000,
        packetsReceived: 190,
        packetsLost: 10,
        fps: 24,
      },
    ]);
  });

  it('reads a sender’s outbound streams with their codec and the SFU’s loss reports, lowest layer first', () => {
    const layers = outboundLayers(
      report(
        { id: 'C1', type: 'codec', mimeType: 'video/VP8', payloadType: 96 },
        { id: 'OB', type: 'outbound-rtp', ssrc: 22, rid: 'r1', active: false, bytesSent: 9, codecId: 'C1' },
        {
          id: 'OA',
          type: 'outbound-rtp',
          ssrc: 11,
          rid: 'r0',
          active: true,
          bytesSent: 5,
          packetsSent: 1,
          frameWidth: 320,
          scalabilityMode: 'L1T3',
          codecId: 'C1',
        },
        { id: 'RA', type: 'remote-inbound-rtp', ssrc: 11, localId: 'OA', fractionLost: 0, roundTripTime: 0.01 },
      ),
    );
    expect(layers.map((entry) => [entry.rid, entry.active, entry.mimeType])).toEqual([
      ['r0', true, 'video/VP8'],
      ['r1', false, 'video/VP8'],
    ]);
    expect(layers[0]).toMatchObject({ frameWidth: 320, scalabilityMode: 'L1T3', fractionLost: 0, roundTripTime: 0.01 });
    expect(layers[1]).toMatchObject({ packetsSent: 0, framesEncoded: null, fractionLost: null });
  });
});
