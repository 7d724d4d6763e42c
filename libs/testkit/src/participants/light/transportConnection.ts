import type { SignalClient } from '@huddle/client';
import { Audio, Video, type Direction, type PeerConnection, type Track } from 'node-datachannel';
import { localDtlsParameters, localMids } from './localSdp.js';
import { connected, createPeerConnection, opened } from './peerConnection.js';
import { remoteSdp, type RemoteMediaSection, type SdpCodec, type ServerTransport } from './remoteSdp.js';

/** One m-section of ours: a codec and, when sending, the SSRCs of its encodings (several = simulcast). */
export type LocalMedia = {
  kind: 'audio' | 'video';
  direction: Extract<Direction, 'SendOnly' | 'RecvOnly'>;
  codec: SdpCodec;
  ssrcs: readonly number[];
  cname: string;
};

function describe(mid: string, media: LocalMedia): Video | Audio {
  const { payloadType, name } = media.codec;
  if (media.kind === 'video') {
    const video = new Video(mid, media.direction);
    video.addVideoCodec(payloadType, name);
    return video;
  }
  const audio = new Audio(mid, media.direction);
  audio.addAudioCodec(payloadType, name);
  return audio;
}

/**
 * One mediasoup WebRtcTransport (created through signaling) and the node-datachannel PeerConnection
 * talking to it. We are always the offerer and make the answer up from the server's parameters
 * (remoteSdp), because the order of the first negotiation matters:
 * 1. setLocalDescription(offer) — yields our DTLS fingerprint, starts no connectivity checks yet;
 * 2. connectTransport (fingerprint, role client) — must reach the SFU while the transport's DTLS state is
 *    still "new": once ICE is up mediasoup would pick the DTLS role itself and the SFU refuses a late connect;
 * 3. setRemoteDescription(answer) — ICE starts, then DTLS with mediasoup as the server.
 * Later m-sections renegotiate the same way without step 2.
 */
export class TransportConnection {
  readonly transportId: string;
  readonly #signal: SignalClient;
  readonly #server: ServerTransport;
  readonly #pc: PeerConnection;
  readonly #sections = new Map<string, RemoteMediaSection>();
  /** node-datachannel closes a track when its JS object is garbage-collected: hold every one while we live. */
  readonly #tracks: Track[] = [];
  #connected = false;
  /** Negotiations run one at a time (two sources may be published at once). */
  #queue: Promise<unknown> = Promise.resolve();
  /** The answer's session version, raised by every renegotiation (RFC 3264 §8). */
  #version = 0;

  private constructor(signal: SignalClient, server: ServerTransport & { transportId: string }, pc: PeerConnection) {
    this.#signal = signal;
    this.#server = server;
    this.transportId = server.transportId;
    this.#pc = pc;
  }

  static async open(signal: SignalClient, direction: 'send' | 'recv'): Promise<TransportConnection> {
    const server = await signal.request('createTransport', { direction });
    return new TransportConnection(signal, server, createPeerConnection(`${direction}-${server.transportId}`));
  }

  /** Adds an m-section for `media`, (re)negotiates, and resolves with its track once open. */
  addTrack(media: LocalMedia): Promise<{ track: Track; mid: string }> {
    const added = this.#queue.then(() => this.#addTrack(media));
    this.#queue = added.catch(() => undefined);
    return added;
  }

  async #addTrack(media: LocalMedia): Promise<{ track: Track; mid: string }> {
    const mid = String(this.#sections.size);
    const description = describe(mid, media);
    for (const ssrc of media.ssrcs) description.addSSRC(ssrc, media.cname);
    const track = this.#pc.addTrack(description);
    this.#tracks.push(track);
    this.#sections.set(mid, {
      mid,
      kind: media.kind,
      direction: media.direction === 'SendOnly' ? 'recvonly' : 'sendonly',
      codecs: [media.codec],
    });
    await this.#negotiate();
    await opened(track);
    return { track, mid };
  }

  async #negotiate(): Promise<void> {
    this.#pc.setLocalDescription('offer');
    const offer = this.#pc.localDescription();
    if (!offer) throw new Error('libdatachannel produced no offer');
    // An answer lists the offer's m-sections in the offer's order.
    const sections = localMids(offer.sdp).map((mid) => {
      const section = this.#sections.get(mid);
      if (!section) throw new Error(`the local offer has an unknown m-section ${mid}`);
      return section;
    });
    const answer = remoteSdp(this.#server, sections, ++this.#version);
    if (this.#connected) {
      this.#pc.setRemoteDescription(answer, 'answer');
      return;
    }
    await this.#signal.request('connectTransport', {
      transportId: this.transportId,
      dtlsParameters: localDtlsParameters(offer.sdp),
    });
    this.#pc.setRemoteDescription(answer, 'answer');
    // State changes arrive asynchronously, so listening after setRemoteDescription misses none.
    await connected(this.#pc);
    this.#connected = true;
  }

  close(): void {
    this.#pc.close();
  }
}
