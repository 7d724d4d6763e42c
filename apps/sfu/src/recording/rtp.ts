/** The fields of an RTP header (RFC 3550 §5.1) the recorder reads: its timestamp and where the payload is. */
export type RtpPacketInfo = { timestamp: number; sequenceNumber: number; payload: Buffer };

const FIXED_HEADER = 12;

/** RTCP under rtcp-mux (RFC 5761 §4): packet types 192–223 show up as payload types 64–95. */
export function isRtcp(packet: Buffer): boolean {
  const type = (packet[1] ?? 0) & 0x7f;
  return packet.length >= 2 && type >= 64 && type <= 95;
}

/** Undefined when `packet` is not a well-formed RTP version 2 packet. */
export function parseRtp(packet: Buffer): RtpPacketInfo | undefined {
  if (packet.length < FIXED_HEADER) return undefined;
  const first = packet.readUInt8(0);
  if (first >> 6 !== 2) return undefined;
  let offset = FIXED_HEADER + (first & 0x0f) * 4;
  if (first & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  const padding = first & 0x20 ? packet.readUInt8(packet.length - 1) : 0;
  const end = packet.length - padding;
  if (end < offset) return undefined;
  return {
    sequenceNumber: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    payload: packet.subarray(offset, end),
  };
}

/** VP8 (RFC 7741 §4.2): the first packet of a key frame (S=1, partition 0, frame tag bit P clear). */
function vp8KeyFrameStart(payload: Buffer): boolean {
  const first = payload[0];
  if (first === undefined || (first & 0x10) === 0 || (first & 0x07) !== 0) return false;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[offset++] ?? 0;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
    if (extension & 0x40) offset += 1;
    if (extension & 0x30) offset += 1;
  }
  const tag = payload[offset];
  return tag !== undefined && (tag & 0x01) === 0;
}

/** VP9 (RFC 9628 §4.2): the start of a frame (B=1) that is not inter-predicted (P=0), in its base spatial layer. */
function vp9KeyFrameStart(payload: Buffer): boolean {
  const first = payload[0];
  if (first === undefined) return false;
  const interPredicted = (first & 0x40) !== 0;
  const startOfFrame = (first & 0x08) !== 0;
  if (interPredicted || !startOfFrame) return false;
  if ((first & 0x20) === 0) return true;
  // L=1: the layer indices follow the picture ID; the key frame is spatial layer 0.
  let offset = 1;
  if (first & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
  return ((payload[offset] ?? 0) & 0x0e) === 0;
}

/** H.264 (RFC 6184 §5): an IDR slice or an SPS, alone, in a STAP-A or at the start of an FU-A. */
function h264KeyFrameStart(payload: Buffer): boolean {
  const type = (payload[0] ?? 0) & 0x1f;
  if (type === 5 || type === 7) return true;
  if (type === 24) {
    for (let offset = 1; offset + 3 <= payload.length;) {
      const size = payload.readUInt16BE(offset);
      const nal = (payload[offset + 2] ?? 0) & 0x1f;
      if (nal === 5 || nal === 7) return true;
      offset += 2 + size;
    }
    return false;
  }
  if (type === 28) {
    const header = payload[1] ?? 0;
    return (header & 0x80) !== 0 && (header & 0x1f) === 5;
  }
  return false;
}

/** Whether an RTP payload of `codec` (VP8, VP9, H264; anything else: audio) starts a picture a decoder can begin at. */
export function startsKeyFrame(codec: string, payload: Buffer): boolean {
  switch (codec) {
    case 'VP8':
      return vp8KeyFrameStart(payload);
    case 'VP9':
      return vp9KeyFrameStart(payload);
    case 'H264':
      return h264KeyFrameStart(payload);
    default:
      return true;
  }
}

/**
 * An empty Receiver Report followed by a BYE: ffmpeg's RTP demuxer ends its input at a BYE (and wants at least 12
 * bytes), then writes the file's trailer and exits. Stopping it with a signal would not interrupt a read that waits
 * for packets.
 */
export function rtcpBye(ssrc: number): Buffer {
  const packet = Buffer.alloc(16);
  packet.writeUInt8(0x80, 0);
  packet.writeUInt8(201, 1);
  packet.writeUInt16BE(1, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  packet.writeUInt8(0x81, 8);
  packet.writeUInt8(203, 9);
  packet.writeUInt16BE(1, 10);
  packet.writeUInt32BE(ssrc >>> 0, 12);
  return packet;
}
