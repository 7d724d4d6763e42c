import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { peerMediaStats, waitFor, type InboundStream, type Participant, type PeerMediaStats } from '@huddle/testkit';
import { useSharedSfu } from '../support/sharedSfu.js';

const RECEIVERS = 5;
/** The SFU's default `media.initialOutgoingBitrate`. */
const INITIAL_OUTGOING_BITRATE = 1_000_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** ffmpeg processes started by this process (through their watchdog shell). */
function ourFfmpegs(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'ffmpeg') continue;
      if (parentOf(parentOf(pid)) === process.pid) pids.push(pid);
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function inbound(receiver: Participant, from: Participant, kind: 'audio' | 'video'): Promise<InboundStream> {
  const stream = (await receiver.stats()).inbound.find((entry) => entry.peerId === from.peerId && entry.kind === kind);
  if (!stream) throw new Error(`${receiver.name} has no ${kind} from ${from.name}`);
  return stream;
}

const numberOf = (entry: Record<string, unknown> | undefined, key: string): number => {
  const value = entry?.[key];
  return typeof value === 'number' ? value : 0;
};

/** What mediasoup learnt from a receiver's feedback: its video consumer's RTT and loss, its transport's estimate. */
function feedbackSeen(stats: PeerMediaStats): { rtt: number; packetsLost: number; availableOutgoingBitrate: number } {
  const video = stats.consumers.find((consumer) => consumer.kind === 'video');
  const outbound = video?.stats.find((entry) => entry['type'] === 'outbound-rtp');
  const recv = stats.transports.find((transport) => transport.direction === 'recv');
  const transport = recv?.stats.find((entry) => entry['type'] === 'webrtc-transport');
  return {
    rtt: numberOf(outbound, 'roundTripTime'),
    availableOutgoingBitrate: numberOf(transport, 'availableOutgoingBitrate'),
    packetsLost: numberOf(outbound, 'packetsLost'),
  };
}

describe('lightweight participants (raw RTP over node-datachannel) against a real SFU', () => {
  const shared = useSharedSfu();
  const join = (room: string, name: string, publish: Array<'camera' | 'mic'> = []): Promise<Participant> =>
    shared.join(room, { kind: 'lightweight', name, publish });

  it(`delivers simulcast camera + mic to ${RECEIVERS} receivers with < 1 % loss; layer 0 is smaller; pause stops packets`, async () => {
    const publisher = await join('light', 'Publisher', ['camera', 'mic']);
    const receivers: Participant[] = [];
    for (let index = 0; index < RECEIVERS; index++) receivers.push(await join('light', `receiver-${index}`));
    for (const receiver of receivers) {
      await receiver.waitForMedia(publisher, { kind: 'video', minBitrate: 100_000 });
      await receiver.waitForMedia(publisher, { kind: 'audio', minBitrate: 10_000 });
    }
    await sleep(3_000);
    for (const receiver of receivers) {
      for (const kind of ['audio', 'video'] as const) {
        const stream = await inbound(receiver, publisher, kind);
        expect(stream.packets, `${receiver.name} ${kind}`).toBeGreaterThan(kind === 'audio' ? 150 : 100);
        expect(stream.lossRate, `${receiver.name} ${kind} loss`).toBeLessThan(0.01);
      }
    }

    // Layer 0 (160×90, 80 kbit/s) against layer 2 (640×360, 500 kbit/s), told apart by VP8 key-frame size.
    const [low, high] = receivers;
    if (!low || !high) throw new Error('receivers missing');
    await low.setPreferredLayers(publisher, { spatialLayer: 0, temporalLayer: 0 });
    const small = await waitFor(
      async () => {
        const stream = await inbound(low, publisher, 'video');
        return stream.frameWidth === 160 && stream.layers?.spatialLayer === 0 ? stream : undefined;
      },
      { timeoutMs: 10_000, description: 'a layer-0 key frame' },
    );
    await sleep(2_000);
    const lowVideo = await inbound(low, publisher, 'video');
    const highVideo = await inbound(high, publisher, 'video');
    console.info(
      `layer 0: ${small.frameWidth}×${small.frameHeight}, ${Math.round(lowVideo.bitrate / 1000)} kbit/s; ` +
        `layer 2: ${highVideo.frameWidth}×${highVideo.frameHeight}, ${Math.round(highVideo.bitrate / 1000)} kbit/s`,
    );
    expect(small.frameHeight).toBe(90);
    expect(highVideo).toMatchObject({ frameWidth: 640, frameHeight: 360 });
    expect(lowVideo.bitrate).toBeLessThan(150_000);
    expect(highVideo.bitrate).toBeGreaterThan(300_000);
    expect(lowVideo.lossRate).toBeLessThan(0.01);

    // Back to layer 2: the receiver switches up again (needs every layer's Sender Report to have reached mediasoup).
    await low.setPreferredLayers(publisher, { spatialLayer: 2, temporalLayer: 0 });
    await waitFor(async () => (await inbound(low, publisher, 'video')).frameWidth === 640, {
      timeoutMs: 10_000,
      description: 'a layer-2 key frame after switching back',
    });

    // Muting pauses the producer and stops the packets at every receiver; unmuting brings them back.
    await publisher.setMuted('camera', true);
    await sleep(500);
    const frozen = await Promise.all(
      receivers.map(async (receiver) => (await inbound(receiver, publisher, 'video')).packets),
    );
    const sentFrozen = (await publisher.stats()).outbound.find((stream) => stream.source === 'camera')?.packets;
    await sleep(1_500);
    const later = await Promise.all(
      receivers.map(async (receiver) => (await inbound(receiver, publisher, 'video')).packets),
    );
    expect(later).toEqual(frozen);
    expect((await publisher.stats()).outbound.find((stream) => stream.source === 'camera')?.packets).toBe(sentFrozen);
    for (const receiver of receivers) {
      expect((await inbound(receiver, publisher, 'audio')).bitrate, 'audio keeps flowing').toBeGreaterThan(10_000);
    }
    await publisher.setMuted('camera', false);
    for (const receiver of receivers) await receiver.waitForMedia(publisher, { kind: 'video', minBitrate: 100_000 });
    await Promise.all([publisher, ...receivers].map((participant) => participant.leave()));
  });

  it('publishes camera and mic at once, and leaves no ffmpeg behind', async () => {
    const publisher = await join('light-ffmpeg', 'Publisher');
    // Both at once: the send transport negotiates one m-section at a time.
    await Promise.all([publisher.publish('camera'), publisher.publish('mic')]);
    expect(ourFfmpegs().length).toBeGreaterThanOrEqual(2);
    const receiver = await join('light-ffmpeg', 'Receiver');
    await receiver.waitForMedia(publisher, { kind: 'video', minBitrate: 100_000 });
    await receiver.waitForMedia(publisher, { kind: 'audio' });
    await Promise.all([publisher.leave(), receiver.leave()]);
    expect(ourFfmpegs()).toEqual([]);
  });

  it(
    'as a browser, sends Receiver Reports and transport-cc feedback that mediasoup uses; bare RTP sends none',
    { timeout: 90_000 },
    async () => {
      const publisher = await join('light-feedback', 'Publisher', ['camera', 'mic']);
      const browserLike = await shared.join('light-feedback', {
        kind: 'lightweight',
        name: 'Browser',
        receiveAsBrowser: true,
      });
      const bare = await join('light-feedback', 'Bare');
      for (const receiver of [browserLike, bare])
        await receiver.waitForMedia(publisher, { kind: 'video', minBitrate: 100_000 });
      // The recv transport starts at the configured initial estimate (media.initialOutgoingBitrate, 1 Mbit/s by
      // default) and only transport-cc feedback moves it: without feedback it stays there.
      const seen = await waitFor(
        async () => {
          const stats = feedbackSeen(await peerMediaStats(shared.sfu, browserLike.peerId));
          return stats.rtt > 0 &&
            stats.availableOutgoingBitrate > 0 &&
            stats.availableOutgoingBitrate !== INITIAL_OUTGOING_BITRATE
            ? stats
            : undefined;
        },
        { timeoutMs: 45_000, description: 'an RTT from Receiver Reports and a bandwidth estimate from transport-cc' },
      );
      const bareStats = feedbackSeen(await peerMediaStats(shared.sfu, bare.peerId));
      console.info(
        `browser-like receiver: RTT ${seen.rtt.toFixed(2)} ms, available outgoing ${Math.round(seen.availableOutgoingBitrate / 1000)} kbit/s; ` +
          `bare: RTT ${bareStats.rtt}, available ${bareStats.availableOutgoingBitrate}`,
      );
      expect(seen.rtt).toBeLessThan(100);
      // A feedback that reported packets lost would drive the estimate down towards nothing.
      expect(seen.availableOutgoingBitrate).toBeGreaterThan(300_000);
      expect(seen.packetsLost, 'loss as the Receiver Reports tell it').toBe(0);
      expect(bareStats.rtt, 'no Receiver Reports, no RTT').toBe(0);
      expect((await inbound(browserLike, publisher, 'video')).lossRate).toBeLessThan(0.01);
      await Promise.all([publisher, browserLike, bare].map((participant) => participant.leave()));
    },
  );
});
