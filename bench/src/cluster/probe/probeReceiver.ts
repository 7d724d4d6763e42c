import { PeerConnection, Video, type Track } from 'node-datachannel';
import { PROTOCOL_VERSION, type MediaKind, type NotificationData } from '@huddle/shared';
import { isRtcp, openSignal, parseRtpHeader, type RtpHeader } from '@huddle/testkit';
import { withTimeout } from '../../deadline.js';
import { bareCapabilities, PLACEHOLDER_CODEC, PROBE_MID, probeAnswerSdp, probeDtlsParameters } from './probeSdp.js';

type Signal = Awaited<ReturnType<typeof openSignal>>['signal'];
type Socket = Awaited<ReturnType<typeof openSignal>>['socket'];

/** One RTP packet as it reached the probe: when (performance.now(), ms), of which kind, its header and bytes. */
export type ProbePacket = { at: number; kind: MediaKind; header: RtpHeader; packet: Buffer };

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A receive-only meeting participant that timestamps every RTP packet the moment it reaches JavaScript — what the
 * test kit's lightweight participants do not expose (they only count). It negotiates the same bare RTP as they do
 * (one node-datachannel PeerConnection, one m-section, no feedback), so the SFU treats it like any of them.
 */
export class ProbeReceiver {
  readonly name: string;
  readonly peerId: string;
  readonly #signal: Signal;
  readonly #socket: Socket;
  readonly #pc: PeerConnection;
  /** Held on purpose: node-datachannel stops a track's callbacks once its JS wrapper is garbage-collected. */
  readonly #tracks: Track[] = [];
  readonly #kinds = new Map<number, MediaKind>();
  readonly #packets = { audio: 0, video: 0 };
  #listener: ((packet: ProbePacket) => void) | undefined;
  #left = false;

  private constructor(name: string, peerId: string, signal: Signal, socket: Socket, pc: PeerConnection) {
    this.name = name;
    this.peerId = peerId;
    this.#signal = signal;
    this.#socket = socket;
    this.#pc = pc;
  }

  /** Joins `room` through `url` (a node or the balancer) and resolves once its receive transport is up. */
  static async join(url: string, room: string, name: string): Promise<ProbeReceiver> {
    const { signal, socket } = await openSignal(url);
    let probe: ProbeReceiver | undefined;
    try {
      const joined = await signal.request('join', {
        protocolVersion: PROTOCOL_VERSION,
        roomId: room,
        displayName: name,
      });
      const server = await signal.request('createTransport', { direction: 'recv' });
      const pc = new PeerConnection(name, { iceServers: [], bindAddress: '127.0.0.1' });
      const created = new ProbeReceiver(name, joined.peerId, signal, socket, pc);
      probe = created;
      signal.onNotification('consumerCreated', (consumer) => created.#consumerCreated(consumer));
      await created.#connect(server.transportId, server);
      await signal.request('setRtpCapabilities', { rtpCapabilities: bareCapabilities(joined.routerRtpCapabilities) });
      return created;
    } catch (error) {
      if (probe) await probe.leave();
      else signal.close();
      throw error;
    }
  }

  /** Packets received so far, by kind. */
  get packets(): Readonly<Record<MediaKind, number>> {
    return this.#packets;
  }

  /** Every packet from now on goes to `listener` (undefined: none). */
  onPacket(listener: ((packet: ProbePacket) => void) | undefined): void {
    this.#listener = listener;
  }

  /** Resolves once both audio and video arrive. */
  async waitForMedia(timeoutMs = 20_000): Promise<void> {
    const started = Date.now();
    while (this.#packets.audio === 0 || this.#packets.video === 0) {
      if (Date.now() - started > timeoutMs) {
        throw new Error(`${this.name} received ${JSON.stringify(this.#packets)} packets within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Leaves the room and closes the connection and the socket; idempotent. */
  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    this.#listener = undefined;
    try {
      if (this.#signal.state === 'open') await this.#signal.request('leave', {}, { timeoutMs: 5_000 });
    } catch {
      // the SFU is gone or closed the session: closing below is all that is left
    }
    this.#pc.close();
    const closed =
      this.#socket.readyState === this.#socket.CLOSED
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.#socket.once('close', () => resolve()));
    this.#signal.close();
    await closed;
  }

  /**
   * Offer (our DTLS fingerprint) → connectTransport while the server's DTLS is still "new" → the made-up answer:
   * ICE, then DTLS with mediasoup as the server. Resolves when the track is open.
   */
  async #connect(transportId: string, server: Parameters<typeof probeAnswerSdp>[0]): Promise<void> {
    const video = new Video(PROBE_MID, 'RecvOnly');
    video.addVideoCodec(PLACEHOLDER_CODEC.payloadType, PLACEHOLDER_CODEC.name);
    const track = this.#pc.addTrack(video);
    this.#tracks.push(track);
    track.onMessage((packet) => this.#receive(packet));
    const opened = new Promise<void>((resolve) => track.onOpen(() => resolve()));
    const connected = new Promise<void>((resolve, reject) => {
      // node-datachannel keeps one callback per event: it stays installed and ignores what comes after the outcome.
      let settled = false;
      this.#pc.onStateChange((state) => {
        if (settled) return;
        if (state === 'connected') resolve();
        else if (state === 'failed' || state === 'closed') reject(new Error(`${this.name}: connection ${state}`));
        else return;
        settled = true;
      });
    });
    // Settled later than a timeout (e.g. 'closed' by leave()), it must not surface as an unhandled rejection.
    connected.catch(() => undefined);
    this.#pc.setLocalDescription('offer');
    const offer = this.#pc.localDescription();
    if (!offer) throw new Error('libdatachannel produced no offer');
    await this.#signal.request('connectTransport', { transportId, dtlsParameters: probeDtlsParameters(offer.sdp) });
    this.#pc.setRemoteDescription(probeAnswerSdp(server), 'answer');
    await withTimeout(connected, CONNECT_TIMEOUT_MS, `${this.name}: no connection to the SFU`);
    if (!track.isOpen()) await withTimeout(opened, CONNECT_TIMEOUT_MS, `${this.name}: the track did not open`);
  }

  #consumerCreated(consumer: NotificationData<'consumerCreated'>): void {
    const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
    if (ssrc === undefined) return;
    this.#kinds.set(ssrc, consumer.kind);
    // Closed consumers' SSRCs stay in the table: the probe lives for one measurement and sees a handful.
    this.#signal.request('resumeConsumer', { consumerId: consumer.consumerId }).catch(() => undefined);
  }

  #receive(packet: Buffer): void {
    const at = performance.now();
    if (isRtcp(packet)) return;
    const header = parseRtpHeader(packet);
    if (!header) return;
    const kind = this.#kinds.get(header.ssrc);
    if (!kind) return;
    this.#packets[kind] += 1;
    this.#listener?.({ at, kind, header, packet });
  }
}
