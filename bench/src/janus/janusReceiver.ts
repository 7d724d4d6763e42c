import type { PeerConnection, Track } from 'node-datachannel';
import { RtpReceiveCounter, isRtcp, parseRtpHeader } from '@huddle/testkit';
import { withTimeout } from '../deadline.js';
import type { ReceiverCounters } from '../sfuUnderTest.js';
import { bareAnswer } from './bareAnswer.js';
import { createBotPeer, localDescriptionWithCandidates } from './botPeer.js';
import type { JanusHandle, JanusSession } from './janusSession.js';
import { joinAsSubscriber, startSubscription, VIDEOROOM_PLUGIN } from './videoRoom.js';

const FIRST_PACKET_TIMEOUT_MS = 10_000;

/**
 * One receiving bot: a VideoRoom subscriber to every stream of one feed, over a node-datachannel PeerConnection
 * that never decodes. It counts RTP per SSRC by sequence number (RTCP is skipped) and sends no feedback, so
 * Janus's cost is forwarding alone.
 */
export class JanusReceiverBot {
  private readonly streams = new Map<number, RtpReceiveCounter>();
  /** Held on purpose: node-datachannel drops a track's callbacks once its JS wrapper is garbage-collected. */
  private readonly tracks: Track[] = [];
  private firstPacket: (() => void) | undefined;

  private constructor(
    readonly id: string,
    private readonly handle: JanusHandle,
    private readonly peer: PeerConnection,
  ) {}

  /** Subscribes and resolves once the first RTP packet arrived; on failure nothing is left open. */
  /** `asBrowser`: answer Janus's offer as it is; otherwise without header extensions and RTCP feedback. */
  static async join(
    session: JanusSession,
    room: number,
    feed: number,
    id: string,
    asBrowser: boolean,
  ): Promise<JanusReceiverBot> {
    const handle = await session.attach(VIDEOROOM_PLUGIN);
    const peer = createBotPeer(id);
    const bot = new JanusReceiverBot(id, handle, peer);
    try {
      const receiving = new Promise<void>((resolve) => (bot.firstPacket = resolve));
      peer.onTrack((track) => {
        bot.tracks.push(track);
        track.onMessage((packet) => bot.count(packet));
      });
      const offer = await joinAsSubscriber(handle, room, feed);
      // libdatachannel answers a remote offer by itself (auto-negotiation), with the tracks it offers.
      const answer = await localDescriptionWithCandidates(peer, () => peer.setRemoteDescription(offer.sdp, 'offer'));
      await startSubscription(handle, asBrowser ? answer : bareAnswer(answer));
      await withTimeout(receiving, FIRST_PACKET_TIMEOUT_MS, `${id}: no RTP from Janus`);
      return bot;
    } catch (error) {
      await bot.close();
      throw error;
    }
  }

  counters(): ReceiverCounters {
    let packets = 0;
    let bytes = 0;
    let lost = 0;
    for (const counter of this.streams.values()) {
      const counts = counter.counts();
      packets += counts.packets;
      bytes += counts.bytes;
      lost += counts.packetsLost;
    }
    return { id: this.id, packets, bytes, expected: packets + lost, lost, streams: this.streams.size };
  }

  /** Idempotent: Janus tears its side down on detach, then the local PeerConnection goes. */
  async close(): Promise<void> {
    await this.handle.detach();
    this.peer.close();
  }

  private count(packet: Buffer): void {
    if (isRtcp(packet)) return;
    const header = parseRtpHeader(packet);
    if (!header) return;
    let counter = this.streams.get(header.ssrc);
    if (!counter) {
      counter = new RtpReceiveCounter();
      this.streams.set(header.ssrc, counter);
    }
    counter.record(header.sequenceNumber, header.payloadLength);
    this.firstPacket?.();
    this.firstPacket = undefined;
  }
}
