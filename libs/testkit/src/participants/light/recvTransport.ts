import { performance } from 'node:perf_hooks';
import type { SignalClient } from '@huddle/client';
import { isRtcp, parseRtpHeader } from '../../rtp/rtpPacket.js';
import type { ConsumerCreated, ReceiveCounters } from '../mediaEngine.js';
import { ReceivedStream } from './receivedStream.js';
import { ReceiverFeedback } from './receiverFeedback.js';
import { TransportConnection } from './transportConnection.js';

/** libdatachannel needs one codec to accept the m-section; it filters nothing by payload type. */
const PLACEHOLDER_CODEC = { payloadType: 96, name: 'VP8', clockRate: 90000 };

/**
 * The receive transport: ONE m-section, negotiated once, for every consumer. libdatachannel hands every
 * SRTP packet of a connection with a single track to that track (it routes by SSRC only between several
 * tracks), so consumers need no renegotiation: a new consumer is one more entry in our SSRC table. Packets of
 * SSRCs we do not know (RTX, closed consumers) are not counted. Bare RTP sends nothing back (see
 * capabilities.ts for why mediasoup needs no feedback then); `asBrowser` sends Receiver Reports and
 * transport-cc feedback as a browser would (receiverFeedback.ts).
 */
export class RecvTransport {
  readonly #connection: TransportConnection;
  readonly #bySsrc = new Map<number, ReceivedStream>();
  readonly #byConsumer = new Map<string, ReceivedStream>();
  #feedback: ReceiverFeedback | undefined;

  private constructor(connection: TransportConnection) {
    this.#connection = connection;
  }

  /** Creates the server transport and connects to it (ICE + DTLS up). */
  static async open(signal: SignalClient, asBrowser: boolean): Promise<RecvTransport> {
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
      if (asBrowser) transport.#feedback = new ReceiverFeedback(track, () => transport.#byConsumer.values());
      track.onMessage((packet) => transport.#onPacket(packet));
      return transport;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  #onPacket(packet: Buffer): void {
    const feedback = this.#feedback;
    const arrivalMs = feedback ? performance.now() : 0;
    if (isRtcp(packet)) {
      feedback?.rtcp(packet, arrivalMs, this.#bySsrc);
      return;
    }
    const header = parseRtpHeader(packet);
    if (!header) return;
    feedback?.rtp(packet, arrivalMs);
    this.#bySsrc.get(header.ssrc)?.receive(packet, header, arrivalMs);
  }

  addConsumer(created: ConsumerCreated): void {
    const stream = new ReceivedStream(created);
    this.#bySsrc.set(stream.ssrc, stream);
    this.#byConsumer.set(stream.consumerId, stream);
    this.#feedback?.added(stream);
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
    this.#feedback?.close();
    this.#connection.close();
  }
}
