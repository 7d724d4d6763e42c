import { RTCP_TYPE } from './rtcpPacket.js';

/** One report block of a Receiver Report (RFC 3550 §6.4.1). */
export type ReportBlock = {
  ssrc: number;
  /** Packets lost since the previous report / packets expected since then, as an 8-bit fixed-point fraction. */
  fractionLost: number;
  /** Packets lost since reception began (24-bit signed, clamped). */
  cumulativeLost: number;
  /** Highest sequence number received, extended with its wraparound cycles in the top 16 bits. */
  extendedHighestSequence: number;
  /** Interarrival jitter, in RTP timestamp units. */
  jitter: number;
  /** The middle 32 bits of the NTP timestamp of the last Sender Report received from this source; 0 if none. */
  lastSenderReport: number;
  /** Delay since that Sender Report arrived, in 1/65536 s; 0 if none. */
  delaySinceLastSenderReport: number;
};

const REPORT_BLOCK_BYTES = 24;
/** RC is 5 bits: at most 31 blocks per Receiver Report; more blocks go into further RRs of the compound. */
const MAX_BLOCKS = 31;

function receiverReport(senderSsrc: number, blocks: readonly ReportBlock[]): Buffer {
  const packet = Buffer.alloc(8 + blocks.length * REPORT_BLOCK_BYTES);
  packet[0] = 0x80 | blocks.length;
  packet[1] = RTCP_TYPE.receiverReport;
  packet.writeUInt16BE(packet.length / 4 - 1, 2);
  packet.writeUInt32BE(senderSsrc >>> 0, 4);
  for (const [index, block] of blocks.entries()) {
    const offset = 8 + index * REPORT_BLOCK_BYTES;
    const lost = Math.max(-0x800000, Math.min(0x7fffff, Math.round(block.cumulativeLost)));
    packet.writeUInt32BE(block.ssrc >>> 0, offset);
    packet.writeUInt32BE(
      ((Math.min(255, Math.max(0, block.fractionLost)) << 24) | (lost & 0xffffff)) >>> 0,
      offset + 4,
    );
    packet.writeUInt32BE(block.extendedHighestSequence >>> 0, offset + 8);
    packet.writeUInt32BE(Math.max(0, Math.round(block.jitter)) >>> 0, offset + 12);
    packet.writeUInt32BE(block.lastSenderReport >>> 0, offset + 16);
    packet.writeUInt32BE(Math.max(0, Math.round(block.delaySinceLastSenderReport)) >>> 0, offset + 20);
  }
  return packet;
}

/** Receiver Reports for `blocks` as one compound packet (31 blocks per RR); an empty RR when there is none. */
export function buildReceiverReports(senderSsrc: number, blocks: readonly ReportBlock[]): Buffer {
  const packets: Buffer[] = [];
  for (let start = 0; start < blocks.length || packets.length === 0; start += MAX_BLOCKS) {
    packets.push(receiverReport(senderSsrc, blocks.slice(start, start + MAX_BLOCKS)));
  }
  return Buffer.concat(packets);
}

/** The Sender Reports of an RTCP compound packet: each sender's SSRC and the middle 32 bits of its NTP time. */
export function parseSenderReports(packet: Uint8Array): Array<{ ssrc: number; ntpMiddle: number }> {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const reports: Array<{ ssrc: number; ntpMiddle: number }> = [];
  let offset = 0;
  while (offset + 4 <= packet.length) {
    if (view.getUint8(offset) >> 6 !== 2) break;
    const byteLength = (view.getUint16(offset + 2) + 1) * 4;
    if (offset + byteLength > packet.length) break;
    if (view.getUint8(offset + 1) === RTCP_TYPE.senderReport && byteLength >= 28) {
      const ntpMiddle = ((view.getUint16(offset + 10) << 16) | view.getUint16(offset + 12)) >>> 0;
      reports.push({ ssrc: view.getUint32(offset + 4), ntpMiddle });
    }
    offset += byteLength;
  }
  return reports;
}
