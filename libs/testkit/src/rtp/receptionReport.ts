import type { ReportBlock } from './rtcpFeedback.js';

/**
 * What a receiver tells the sender about one RTP stream (RFC 3550 §6.4.1, A.3, A.8): it is fed every packet
 * (sequence number, RTP timestamp, arrival time) and the sender's Sender Reports, and yields report blocks.
 * Loss counts come from the stream's own receive counter; this keeps what a report adds: jitter, the
 * interval since the previous report, and the last Sender Report.
 */
export class ReceptionReport {
  readonly ssrc: number;
  readonly #clockRate: number;
  #jitter = 0;
  #lastTransit: number | undefined;
  #priorExpected = 0;
  #priorReceived = 0;
  #lastSenderReport = 0;
  #lastSenderReportAt = 0;

  constructor(ssrc: number, clockRate: number) {
    this.ssrc = ssrc;
    this.#clockRate = clockRate;
  }

  /** One RTP packet of the stream arrived at `arrivalMs` (any fixed origin). */
  packet(timestamp: number, arrivalMs: number): void {
    const transit = (arrivalMs * this.#clockRate) / 1000 - timestamp;
    if (this.#lastTransit !== undefined) {
      let difference = Math.abs(transit - this.#lastTransit);
      // RTP timestamps wrap at 2^32: take the nearer twin.
      if (difference > 2 ** 31) difference = Math.abs(difference - 2 ** 32);
      this.#jitter += (difference - this.#jitter) / 16;
    }
    this.#lastTransit = transit;
  }

  /** A Sender Report of this stream arrived (`ntpMiddle`: the middle 32 bits of its NTP timestamp). */
  senderReport(ntpMiddle: number, arrivalMs: number): void {
    this.#lastSenderReport = ntpMiddle;
    this.#lastSenderReportAt = arrivalMs;
  }

  /**
   * The report block as of `nowMs`, given the stream's counts so far (`expected` = extended highest − first + 1);
   * starts the next reporting interval.
   */
  block(counts: { received: number; expected: number; extendedHighest: number }, nowMs: number): ReportBlock {
    const expectedInterval = counts.expected - this.#priorExpected;
    const receivedInterval = counts.received - this.#priorReceived;
    const lostInterval = expectedInterval - receivedInterval;
    this.#priorExpected = counts.expected;
    this.#priorReceived = counts.received;
    const hasSenderReport = this.#lastSenderReportAt > 0 || this.#lastSenderReport !== 0;
    return {
      ssrc: this.ssrc,
      fractionLost:
        expectedInterval <= 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval),
      cumulativeLost: counts.expected - counts.received,
      extendedHighestSequence: counts.extendedHighest,
      jitter: this.#jitter,
      lastSenderReport: hasSenderReport ? this.#lastSenderReport : 0,
      delaySinceLastSenderReport: hasSenderReport ? ((nowMs - this.#lastSenderReportAt) * 65536) / 1000 : 0,
    };
  }
}
