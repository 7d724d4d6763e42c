/** The fields of an RTP header (RFC 3550 §5.1) a receiver needs to count and classify packets. */
export type RtpHeader = {
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** Where the payload starts (after CSRCs and the header extension). */
  payloadOffset: number;
  /** Payload bytes, padding excluded. */
  payloadLength: number;
};

const FIXED_HEADER = 12;

/**
 * RTP and RTCP share a port under rtcp-mux; RFC 5761 §4 tells them apart by the second byte: RTCP packet
 * types 192–223 show up there as payload types 64–95, which RTP must not use.
 */
export function isRtcp(packet: Uint8Array): boolean {
  if (packet.length < 2) return false;
  const type = (packet[1] ?? 0) & 0x7f;
  return type >= 64 && type <= 95;
}

/** Parses an RTP header; undefined when `packet` is not a well-formed RTP version 2 packet. */
export function parseRtpHeader(packet: Uint8Array): RtpHeader | undefined {
  if (packet.length < FIXED_HEADER) return undefined;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const first = view.getUint8(0);
  if (first >> 6 !== 2) return undefined;
  const second = view.getUint8(1);
  let offset = FIXED_HEADER + (first & 0x0f) * 4;
  if (first & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  const padding = first & 0x20 ? view.getUint8(packet.length - 1) : 0;
  const payloadLength = packet.length - offset - padding;
  if (payloadLength < 0) return undefined;
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payloadOffset: offset,
    payloadLength,
  };
}

/**
 * The value of header extension `id` (RFC 8285: one-byte 0xBEDE or two-byte 0x100X form); undefined when the
 * packet carries none with that id.
 */
export function rtpHeaderExtension(packet: Uint8Array, id: number): Uint8Array | undefined {
  if (packet.length < FIXED_HEADER || ((packet[0] ?? 0) & 0x10) === 0) return undefined;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const start = FIXED_HEADER + ((packet[0] ?? 0) & 0x0f) * 4;
  if (packet.length < start + 4) return undefined;
  const profile = view.getUint16(start);
  const end = start + 4 + view.getUint16(start + 2) * 4;
  if (end > packet.length) return undefined;
  const oneByte = profile === 0xbede;
  if (!oneByte && (profile & 0xfff0) !== 0x1000) return undefined;
  let offset = start + 4;
  while (offset < end) {
    const first = view.getUint8(offset);
    if (first === 0) {
      offset += 1; // padding
      continue;
    }
    const elementId = oneByte ? first >> 4 : first;
    if (oneByte && elementId === 15) return undefined;
    const length = oneByte ? (first & 0x0f) + 1 : view.getUint8(offset + 1);
    const valueStart = offset + (oneByte ? 1 : 2);
    if (valueStart + length > end) return undefined;
    if (elementId === id) return packet.subarray(valueStart, valueStart + length);
    offset = valueStart + length;
  }
  return undefined;
}
