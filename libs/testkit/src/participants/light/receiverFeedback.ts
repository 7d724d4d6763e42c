import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Track } from 'node-datachannel';
import { buildReceiverReports, parseSenderReports } from '../../rtp/rtcpFeedback.js';
import { rtpHeaderExtension } from '../../rtp/rtpPacket.js';
import { TransportCcRecorder } from '../../rtp/transportCcRecorder.js';
import type { ReceivedStream } from './receivedStream.js';

/** A browser sends a Receiver Report about once a second and transport-cc feedback about every 100 ms. */
const RECEIVER_REPORT_INTERVAL_MS = 1_000;
const TRANSPORT_CC_INTERVAL_MS = 100;

/**
 * The feedback a browser's receive side gives the SFU, for a lightweight receiver in `receiveAsBrowser` mode:
 * a Receiver Report block per received stream (loss, extended highest sequence number, jitter, LSR/DLSR from
 * the SFU's Sender Reports) and transport-cc feedback from every packet's transport-wide sequence number.
 * Sent with track.sendMessageBinary: libdatachannel protects a packet as SRTCP when its second byte is an RTCP
 * packet type.
 */
export class ReceiverFeedback {
  readonly #track: Track;
  readonly #streams: () => Iterable<ReceivedStream>;
  readonly #senderSsrc = randomInt(1, 2 ** 32 - 1);
  readonly #transportCc = new TransportCcRecorder(this.#senderSsrc);
  readonly #timers: NodeJS.Timeout[];
  #transportCcExtensionId: number | undefined;
  #mediaSsrc = 0;

  constructor(track: Track, streams: () => Iterable<ReceivedStream>) {
    this.#track = track;
    this.#streams = streams;
    this.#timers = [
      setInterval(() => this.#sendReceiverReports(), RECEIVER_REPORT_INTERVAL_MS),
      setInterval(() => this.#sendTransportCc(), TRANSPORT_CC_INTERVAL_MS),
    ];
    for (const timer of this.#timers) timer.unref();
  }

  /** A consumer's stream was added: its extension id (the same for all consumers of a transport). */
  added(stream: ReceivedStream): void {
    this.#transportCcExtensionId ??= stream.transportCcExtensionId;
    if (this.#mediaSsrc === 0) this.#mediaSsrc = stream.ssrc;
  }

  /** Any RTP packet of the transport (also RTX and probation packets: transport-cc counts them all). */
  rtp(packet: Buffer, arrivalMs: number): void {
    if (this.#transportCcExtensionId === undefined) return;
    const value = rtpHeaderExtension(packet, this.#transportCcExtensionId);
    if (value && value.length >= 2) this.#transportCc.record(((value[0] ?? 0) << 8) | (value[1] ?? 0), arrivalMs);
  }

  /** An RTCP packet from the SFU: its Sender Reports go to their streams. */
  rtcp(packet: Buffer, arrivalMs: number, bySsrc: ReadonlyMap<number, ReceivedStream>): void {
    for (const report of parseSenderReports(packet)) bySsrc.get(report.ssrc)?.senderReport(report.ntpMiddle, arrivalMs);
  }

  close(): void {
    for (const timer of this.#timers) clearInterval(timer);
  }

  #sendReceiverReports(): void {
    const now = performance.now();
    const blocks = [...this.#streams()].map((stream) => stream.reportBlock(now));
    if (blocks.length > 0) this.#send(buildReceiverReports(this.#senderSsrc, blocks));
  }

  #sendTransportCc(): void {
    const feedback = this.#transportCc.feedback(this.#mediaSsrc);
    if (feedback) this.#send(feedback);
  }

  #send(packet: Buffer): void {
    try {
      if (this.#track.isOpen()) this.#track.sendMessageBinary(packet);
    } catch {
      // the connection closed meanwhile: nothing to report to any more
    }
  }
}
