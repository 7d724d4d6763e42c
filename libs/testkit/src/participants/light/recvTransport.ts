import type { SignalClient } from '@huddle/client';
import { isRtcp, parseRtpHeader } from '../../rtp/rtpPacket.js';
import type { ConsumerCreated, ReceiveCounters } from '../mediaEngine.js';
import { ReceivedStream } from './receivedStream.js';
import { TransportConnection } from './transportConnection.js';

/** libdatachannel needs one codec to accept the m-section; it filters nothing by payload type. */
const PLACEHOLDER_CODEC = { payloadType: 96, name: 'VP8', clockRate: 90000 };

/**
 * The receive transport: ONE m-section, negotiated once, for every consumer. libdatachannel hands every
 * SRTP packet of a connection with a single track to that track (it routes by SSRC only between several
 * tracks), so consumers need no renegotiation: a new consumer is one more entry in our SSRC table. Packets of
 * SSRCs we do not know (RTX, closed consumers) and RTCP are dropped here; nothing is sent back (see
 * capabilities.ts for why mediasoup needs no feedback from us).
 */
export class RecvTransport {
  readonly #connection: TransportConnection;
  readonly #bySsrc = new Map<number, ReceivedStream>();
  readonly #byConsumer = new Map<string, ReceivedStream>();

  private constructor(connection: TransportConnection) {
    this.#connection = connection;
  }

  /** Creates the server transport and connects to it (ICE + DTLS up). */
  static async open(signal: SignalClient): Promise<RecvTransport> {
    const connection = await TransportConnection.open(signal, 'recv');
    try {
      const transport = new RecvTransport(connection);
      const { track } = await connection.addTrack({
        kind: 'video',
        direction: 'RecvOnly',
        codec: PLACEHOLDER_CODEC,
        ssrcs: [],
        cname: '',
      });
      track.onMessage((packet) => transport.#onPacket(packet));
      return transport;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  #onPacket(packet: Buffer): void {
    if (isRtcp(packet)) return;
    const header = parseRtpHeader(packet);
    if (!header) return;
    this.#bySsrc.get(header.ssrc)?.receive(packet, header);
  }

  addConsumer(created: ConsumerCreated): void {
    const stream = new ReceivedStream(created);
    this.#bySsrc.set(stream.ssrc, stream);
    this.#byConsumer.set(stream.consumerId, stream);
  }

  removeConsumer(consumerId: string): void {
    const stream = this.#byConsumer.get(consumerId);
    if (!stream) return;
    this.#byConsumer.delete(consumerId);
    this.#bySsrc.delete(stream.ssrc);
  }

  counters(): Map<string, ReceiveCounters> {
    return new Map([...this.#byConsumer].map(([consumerId, stream]) => [consumerId, stream.counters()]));
  }

  close(): void {
    this.#connection.close();
  }
}
