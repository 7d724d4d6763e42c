import { Audio, Video, type PeerConnection, type Track } from 'node-datachannel';
import { FfmpegRtpSource, type SourcePacket } from '@huddle/testkit';
import { progress } from '../progress.js';
import { createBotPeer, localDescriptionWithCandidates } from './botPeer.js';
import type { JanusSession, JanusHandle } from './janusSession.js';
import { joinAsPublisher, publish, VIDEOROOM_PLUGIN } from './videoRoom.js';

/** RTP the publisher sent to Janus, per kind. */
export type PublisherSendCounts = Record<'audio' | 'video', { packets: number; bytes: number }>;

/**
 * The bench publisher: ffmpeg's VP8 test pattern (one ~500 kbit/s layer) and Opus tone, forwarded packet by
 * packet (RTP and ffmpeg's Sender Reports) into a node-datachannel PeerConnection published in a VideoRoom.
 * The SDP declares ffmpeg's own SSRCs and payload types, so packets go out unchanged.
 */
export class JanusPublisherBot {
  private readonly counts: PublisherSendCounts = {
    audio: { packets: 0, bytes: 0 },
    video: { packets: 0, bytes: 0 },
  };
  private readonly sources: FfmpegRtpSource[] = [];
  private readonly tracks = new Map<'audio' | 'video', Track>();
  private peer: PeerConnection | undefined;
  private handle: JanusHandle | undefined;
  private feedId: number | undefined;

  constructor(
    private readonly session: JanusSession,
    private readonly room: number,
  ) {}

  /** The feed id subscribers ask for; set once start() resolved. */
  get feed(): number {
    if (this.feedId === undefined) throw new Error('the publisher has not joined yet');
    return this.feedId;
  }

  /** Resolves once Janus reports the PeerConnection up (webrtcup); on failure call stop(). */
  async start(): Promise<void> {
    const video = await FfmpegRtpSource.start({ kind: 'video' }, (packet) => this.forward('video', packet));
    this.sources.push(video);
    const audio = await FfmpegRtpSource.start({ kind: 'audio' }, (packet) => this.forward('audio', packet));
    this.sources.push(audio);

    this.handle = await this.session.attach(VIDEOROOM_PLUGIN);
    this.feedId = await joinAsPublisher(this.handle, this.room, 'bench-publisher');

    const peer = createBotPeer('janus-publisher');
    this.peer = peer;
    for (const source of [video, audio]) {
      const encoding = source.encodings[0];
      if (!encoding) throw new Error(`ffmpeg ${source.kind} source has no encoding`);
      const media = source.kind === 'video' ? new Video('video', 'SendOnly') : new Audio('audio', 'SendOnly');
      if (media instanceof Video) media.addVP8Codec(encoding.payloadType);
      else media.addOpusCodec(encoding.payloadType);
      media.addSSRC(encoding.ssrc, source.cname, 'bench-publisher', `bench-${source.kind}`);
      this.tracks.set(source.kind, peer.addTrack(media));
    }
    const offer = await localDescriptionWithCandidates(peer, () => peer.setLocalDescription());
    const up = this.handle.waitForEvent('webrtcup');
    const answer = await publish(this.handle, offer);
    peer.setRemoteDescription(answer.sdp, 'answer');
    await up;
    progress('janus.publisher-up', { feed: this.feedId });
  }

  sendCounts(): PublisherSendCounts {
    return structuredClone(this.counts);
  }

  /** Idempotent: stops ffmpeg, closes the PeerConnection, detaches from Janus. */
  async stop(): Promise<void> {
    for (const source of this.sources.splice(0)) await source.stop();
    this.tracks.clear();
    this.peer?.close();
    this.peer = undefined;
    await this.handle?.detach();
    this.handle = undefined;
  }

  private forward(kind: 'audio' | 'video', packet: SourcePacket): void {
    const track = this.tracks.get(kind);
    // Packets arrive from ffmpeg before the PeerConnection is up; those are dropped, as a camera's would be.
    if (!track?.isOpen()) return;
    if (track.sendMessageBinary(packet.data) && !packet.rtcp) {
      this.counts[kind].packets += 1;
      this.counts[kind].bytes += packet.data.length;
    }
  }
}
