/** RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1). */
export const RTCP_TYPE = {
  senderReport: 200,
  receiverReport: 201,
  sourceDescription: 202,
  bye: 203,
  app: 204,
  transportFeedback: 205,
  payloadFeedback: 206,
} as const;

/** One packet of an RTCP compound packet: its type, count/format field and the first SSRC it carries. */
export type RtcpPacketHeader = {
  packetType: number;
  /** Report count, source count, or the feedback message type (FMT), depending on the packet type. */
  count: number;
  /** The sender's SSRC (SR, RR, feedback, APP) or the first chunk's SSRC (SDES, BYE); 0 when absent. */
  ssrc: number;
  byteLength: number;
};

/**
 * Splits an RTCP compound packet into its packets. Stops at the first malformed header, so a truncated
 * packet yields the packets before it.
 */
export function parseRtcpPackets(packet: Uint8Array): RtcpPacketHeader[] {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const packets: RtcpPacketHeader[] = [];
  let offset = 0;
  while (offset + 4 <= packet.length) {
    const first = view.getUint8(offset);
    if (first >> 6 !== 2) break;
    const byteLength = (view.getUint16(offset + 2) + 1) * 4;
    if (offset + byteLength > packet.length) break;
    packets.push({
      packetType: view.getUint8(offset + 1),
      count: first & 0x1f,
      ssrc: byteLength >= 8 ? view.getUint32(offset + 4) : 0,
      byteLength,
    });
    offset += byteLength;
  }
  return packets;
}
