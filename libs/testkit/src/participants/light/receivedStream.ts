import { TRANSPORT_CC_URI } from '../../rtp/transportCc.js';
import { RtpReceiveCounter } from '../../rtp/receiveCounter.js';
import { ReceptionReport } from '../../rtp/receptionReport.js';
import type { ReportBlock } from '../../rtp/rtcpFeedback.js';
import type { RtpHeader } from '../../rtp/rtpPacket.js';
import { parseVp8KeyFrameSize, type Vp8FrameSize } from '../../rtp/vp8.js';
import type { ConsumerCreated, ReceiveCounters } from '../mediaEngine.js';

/** One consumer's stream as it arrives: counted by its primary SSRC, VP8 key frames measured. */
export class ReceivedStream {
  readonly consumerId: string;
  readonly ssrc: number;
  readonly #vp8PayloadType: number | undefined;
  readonly #counter = new RtpReceiveCounter();
  readonly #report: ReceptionReport;
  /** The transport-wide sequence number extension's id in this consumer's packets, if negotiated. */
  readonly transportCcExtensionId: number | undefined;
  #frame: Vp8FrameSize | undefined;

  constructor(created: ConsumerCreated) {
    const ssrc = created.rtpParameters.encodings?.[0]?.ssrc;
    if (ssrc === undefined) throw new Error(`consumer ${created.consumerId} has no SSRC`);
    this.consumerId = created.consumerId;
    this.ssrc = ssrc;
    this.#vp8PayloadType = created.rtpParameters.codecs.find(
      (codec) => codec.mimeType.toLowerCase() === 'video/vp8',
    )?.payloadType;
    this.#report = new ReceptionReport(ssrc, created.rtpParameters.codecs[0]?.clockRate ?? 90000);
    this.transportCcExtensionId = created.rtpParameters.headerExtensions?.find(
      (extension) => extension.uri === TRANSPORT_CC_URI,
    )?.id;
  }

  receive(packet: Buffer, header: RtpHeader, arrivalMs: number): void {
    if (!this.#counter.record(header.sequenceNumber, header.payloadLength)) return;
    this.#report.packet(header.timestamp, arrivalMs);
    if (header.payloadType !== this.#vp8PayloadType) return;
    const end = header.payloadOffset + header.payloadLength;
    const size = parseVp8KeyFrameSize(packet.subarray(header.payloadOffset, end));
    if (size) this.#frame = size;
  }

  senderReport(ntpMiddle: number, arrivalMs: number): void {
    this.#report.senderReport(ntpMiddle, arrivalMs);
  }

  /** This stream's Receiver Report block as of now (starts the next reporting interval). */
  reportBlock(nowMs: number): ReportBlock {
    return this.#report.block(this.#counter.reportCounts(), nowMs);
  }

  counters(): ReceiveCounters {
    return {
      ...this.#counter.counts(),
      ...(this.#frame ? { frameWidth: this.#frame.width, frameHeight: this.#frame.height } : {}),
    };
  }
}
