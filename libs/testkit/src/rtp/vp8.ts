/** The size a VP8 key frame announces (RFC 6386 §9.1). */
export type Vp8FrameSize = { width: number; height: number };

/**
 * Reads the frame size from an RTP payload carrying the first packet of a VP8 key frame; undefined for any
 * other packet. Lets a receiver that does not decode tell which simulcast layer reaches it.
 *
 * Layout: the RTP payload descriptor (RFC 7741 §4.2, 1–6 bytes), then — in the first packet of a frame (S=1,
 * partition 0) — the VP8 frame tag (3 bytes, bit 0 clear for a key frame), the start code 9d 01 2a and two
 * little-endian 16-bit fields whose low 14 bits are width and height (the top 2 bits are a scaling hint).
 */
export function parseVp8KeyFrameSize(payload: Uint8Array): Vp8FrameSize | undefined {
  const first = payload[0];
  if (first === undefined) return undefined;
  const startOfPartition = (first & 0x10) !== 0;
  const partitionIndex = first & 0x07;
  if (!startOfPartition || partitionIndex !== 0) return undefined;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[offset++];
    if (extension === undefined) return undefined;
    if (extension & 0x80) {
      const pictureId = payload[offset];
      if (pictureId === undefined) return undefined;
      offset += pictureId & 0x80 ? 2 : 1; // M bit: 15-bit picture ID
    }
    if (extension & 0x40) offset += 1; // TL0PICIDX
    if (extension & 0x30) offset += 1; // TID/Y/KEYIDX
  }
  if (payload.length < offset + 10) return undefined;
  const frameTag = payload[offset] ?? 1;
  if (frameTag & 0x01) return undefined; // inter frame
  if (payload[offset + 3] !== 0x9d || payload[offset + 4] !== 0x01 || payload[offset + 5] !== 0x2a) return undefined;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return {
    width: view.getUint16(offset + 6, true) & 0x3fff,
    height: view.getUint16(offset + 8, true) & 0x3fff,
  };
}
