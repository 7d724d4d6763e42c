import { RtpReceiveCounter } from '../../rtp/receiveCounter.js';
import type { RtpHeader } from '../../rtp/rtpPacket.js';
import { parseVp8KeyFrameSize, type Vp8FrameSize } from '../../rtp/vp8.js';
import type { ConsumerCreated, ReceiveCounters } from '../mediaEngine.js';

/** One consumer's stream as it arrives: counted by its primary SSRC, VP8 key frames measured. */
export class ReceivedStream {
  readonly consumerId: string;
  readonly ssrc: number;
  readonly #vp8PayloadType: number | undefined;
  readonly #counter = new RtpReceiveCounter();
  #frame: Vp8FrameSize | undefined;

  constructor(created: ConsumerCreated) {
    const ssrc = created.rtpParameters.encodings?.[0]?.ssrc;
    if (ssrc === undefined) throw new Error(`consumer ${created.consumerId} has no SSRC`);
    this.consumerId = created.consumerId;
    this.ssrc = ssrc;
    this.#vp8PayloadType = created.rtpParameters.codecs.find(
      (codec) => codec.mimeType.toLowerCase() === 'video/vp8',
    )?.payloadType;
  }

  receive(packet: Buffer, header: RtpHeader): void {
    if (!this.#counter.record(header.sequenceNumber, header.payloadLength)) return;
    if (header.payloadType !== this.#vp8PayloadType) return;
    const end = header.payloadOffset + header.payloadLength;
    const size = parseVp8KeyFrameSize(packet.subarray(header.payloadOffset, end));
    if (size) this.#frame = size;
  }

  counters(): ReceiveCounters {
    return {
      ...this.#counter.counts(),
      ...(this.#frame ? { frameWidth: this.#frame.width, frameHeight: this.#frame.height } : {}),
    };
  }
}
