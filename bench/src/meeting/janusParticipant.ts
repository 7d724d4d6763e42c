import { Audio, Video, type PeerConnection, type Track } from 'node-datachannel';
import {
  RtpReceiveCounter,
  isRtcp,
  parseRtpHeader,
  type SharedRtpSource,
  type SharedSubscription,
} from '@huddle/testkit';
import { createBotPeer, localDescriptionWithCandidates } from '../janus/botPeer.js';
import type { Jsep } from '../janus/janusMessages.js';
import type { JanusHandle, JanusSession } from '../janus/janusSession.js';
import { joinAsPublisher, publish, startSubscription, VIDEOROOM_PLUGIN } from '../janus/videoRoom.js';
import type { ReceiverCounters } from '../sfuUnderTest.js';

/**
 * Janus's simulcast from a publisher without RIDs: the offer's `a=ssrc-group:SIM` lists the layers' SSRCs,
 * smallest first. libdatachannel does not write that line, so it goes into the offer Janus sees.
 */
export function withSimulcastGroup(sdp: string, ssrcs: readonly number[]): string {
  const lines = sdp.split('\r\n');
  const firstSsrc = lines.findIndex((line) => line.startsWith(`a=ssrc:${ssrcs[0]} `));
  if (firstSsrc < 0) throw new Error('the offer declares no SSRC for the video layers');
  lines.splice(firstSsrc, 0, `a=ssrc-group:SIM ${ssrcs.join(' ')}`);
  return lines.join('\r\n');
}

/**
 * One meeting participant on Janus: a VideoRoom publisher (camera simulcast from the shared encode, a mic for
 * speakers) on its own PeerConnection, and one multistream subscriber handle + PeerConnection receiving every
 * other feed (Janus 1.1: one `join` with a `streams` list, each with the substream the grid asks for).
 * Receiving counts RTP per SSRC; Janus's offer is answered as it is (RTX, NACK, transport-cc), but no RTCP is
 * sent back.
 */
export class JanusParticipant {
  readonly name: string;
  feed = 0;
  readonly #session: JanusSession;
  readonly #room: number;
  readonly #subscriptions: SharedSubscription[] = [];
  readonly #tracks: Track[] = [];
  #publisher: { handle: JanusHandle; peer: PeerConnection } | undefined;
  #subscriber: { handle: JanusHandle; peer: PeerConnection; streams: Map<number, RtpReceiveCounter> } | undefined;

  constructor(session: JanusSession, room: number, name: string) {
    this.#session = session;
    this.#room = room;
    this.name = name;
  }

  async publish(video: SharedRtpSource, audio: SharedRtpSource | undefined): Promise<void> {
    const handle = await this.#session.attach(VIDEOROOM_PLUGIN);
    const peer = createBotPeer(`${this.name}-pub`);
    this.#publisher = { handle, peer };
    this.feed = await joinAsPublisher(handle, this.#room, this.name);
    const sources: Array<{ kind: 'video' | 'audio'; source: SharedRtpSource }> = [
      { kind: 'video', source: video },
      ...(audio ? [{ kind: 'audio' as const, source: audio }] : []),
    ];
    let videoSsrcs: number[] = [];
    for (const { kind, source } of sources) {
      // Packets come before the track exists (and before it opens): those are dropped, as a camera's would be.
      const sink: { track?: Track } = {};
      const subscription = await source.subscribe((packet) => {
        const track = sink.track;
        if (!track?.isOpen()) return;
        try {
          track.sendMessageBinary(packet.data);
        } catch {
          // closed meanwhile
        }
      });
      this.#subscriptions.push(subscription);
      const media = kind === 'video' ? new Video('video', 'SendOnly') : new Audio('audio', 'SendOnly');
      const payloadType = subscription.encodings[0]?.payloadType ?? 96;
      if (media instanceof Video) media.addVP8Codec(payloadType);
      else media.addOpusCodec(payloadType);
      for (const encoding of subscription.encodings) {
        media.addSSRC(encoding.ssrc, subscription.cname, this.name, `${this.name}-${kind}`);
      }
      if (kind === 'video') videoSsrcs = subscription.encodings.map((encoding) => encoding.ssrc);
      sink.track = peer.addTrack(media);
      this.#tracks.push(sink.track);
    }
    const offer = await localDescriptionWithCandidates(peer, () => peer.setLocalDescription());
    const up = handle.waitForEvent('webrtcup');
    const answer = await publish(handle, { ...offer, sdp: withSimulcastGroup(offer.sdp, videoSsrcs) });
    peer.setRemoteDescription(answer.sdp, 'answer');
    await up;
  }

  /** (Re)subscribes to `feeds`, each at `substream`: a new handle and PeerConnection replace the old ones. */
  async subscribe(feeds: readonly number[], substream: number): Promise<void> {
    await this.#closeSubscriber();
    if (feeds.length === 0) return;
    const handle = await this.#session.attach(VIDEOROOM_PLUGIN);
    const peer = createBotPeer(`${this.name}-sub`);
    const streams = new Map<number, RtpReceiveCounter>();
    this.#subscriber = { handle, peer, streams };
    peer.onTrack((track) => {
      this.#tracks.push(track);
      track.onMessage((packet) => {
        if (isRtcp(packet)) return;
        const header = parseRtpHeader(packet);
        if (!header) return;
        let counter = streams.get(header.ssrc);
        if (!counter) {
          counter = new RtpReceiveCounter();
          streams.set(header.ssrc, counter);
        }
        counter.record(header.sequenceNumber, header.payloadLength);
      });
    });
    const reply = await handle.message({
      request: 'join',
      ptype: 'subscriber',
      room: this.#room,
      streams: feeds.map((feed) => ({ feed, substream })),
    });
    const offer: Jsep | undefined = reply.jsep;
    if (offer?.type !== 'offer')
      throw new Error(`${this.name}: Janus sent no subscriber offer: ${JSON.stringify(reply.data)}`);
    const answer = await localDescriptionWithCandidates(peer, () => peer.setRemoteDescription(offer.sdp, 'offer'));
    await startSubscription(handle, answer);
  }

  counters(): ReceiverCounters {
    let packets = 0;
    let bytes = 0;
    let lost = 0;
    for (const counter of this.#subscriber?.streams.values() ?? []) {
      const counts = counter.counts();
      packets += counts.packets;
      bytes += counts.bytes;
      lost += counts.packetsLost;
    }
    return {
      id: this.name,
      packets,
      bytes,
      expected: packets + lost,
      lost,
      streams: this.#subscriber?.streams.size ?? 0,
    };
  }

  async #closeSubscriber(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    await subscriber?.handle.detach();
    subscriber?.peer.close();
  }

  /** Idempotent. */
  async close(): Promise<void> {
    await this.#closeSubscriber();
    for (const subscription of this.#subscriptions.splice(0)) await subscription.stop();
    const publisher = this.#publisher;
    this.#publisher = undefined;
    await publisher?.handle.detach();
    publisher?.peer.close();
  }
}
