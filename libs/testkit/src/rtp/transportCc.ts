import { RTCP_TYPE } from './rtcpPacket.js';

/** The transport-wide sequence number header extension (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
export const TRANSPORT_CC_URI = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';

/** Transport-layer feedback FMT 15: transport-wide congestion control feedback. */
export const TRANSPORT_CC_FMT = 15;

/** Receive deltas count in 250 µs; the reference time in 64 ms. */
const DELTA_UNIT_MS = 0.25;
const REFERENCE_UNIT_MS = 64;
/** A two-bit status vector chunk holds 7 symbols. */
const SYMBOLS_PER_CHUNK = 7;

/** What a feedback packet reports: packets base..base+count−1 (16-bit), each with its arrival time or missing. */
export type TransportCcFeedback = {
  senderSsrc: number;
  mediaSsrc: number;
  baseSequence: number;
  /** Arrival time in ms (any fixed origin) per packet from baseSequence on; undefined = not received. */
  arrivals: ReadonlyArray<number | undefined>;
  /** The feedback packet count (8 bits, wraps). */
  feedbackCount: number;
};

/**
 * Builds one transport-cc feedback packet. Every status chunk is a two-bit status vector (7 packets each):
 * 0 not received, 1 received with a small delta (0…63.75 ms, one byte), 2 received with a large or negative
 * delta (two bytes, signed). Deltas count from the reference time for the first received packet and from the
 * previous received packet after that, in 250 µs units.
 */
export function buildTransportCcFeedback(feedback: TransportCcFeedback): Buffer {
  const { arrivals } = feedback;
  const firstArrival = arrivals.find((arrival) => arrival !== undefined);
  if (firstArrival === undefined) throw new Error('a transport-cc feedback needs at least one received packet');
  const referenceTime = Math.floor(firstArrival / REFERENCE_UNIT_MS);
  let previous = referenceTime * REFERENCE_UNIT_MS;
  const symbols: number[] = [];
  const deltas: Buffer[] = [];
  for (const arrival of arrivals) {
    if (arrival === undefined) {
      symbols.push(0);
      continue;
    }
    const delta = Math.round((arrival - previous) / DELTA_UNIT_MS);
    previous += delta * DELTA_UNIT_MS;
    if (delta >= 0 && delta <= 0xff) {
      symbols.push(1);
      deltas.push(Buffer.from([delta]));
    } else {
      symbols.push(2);
      const large = Buffer.alloc(2);
      large.writeInt16BE(Math.max(-0x8000, Math.min(0x7fff, delta)));
      deltas.push(large);
    }
  }
  const chunks = Buffer.alloc(Math.ceil(symbols.length / SYMBOLS_PER_CHUNK) * 2);
  for (let chunk = 0; chunk * SYMBOLS_PER_CHUNK < symbols.length; chunk++) {
    let value = 0xc000; // status vector chunk, two-bit symbols
    for (let index = 0; index < SYMBOLS_PER_CHUNK; index++) {
      const symbol = symbols[chunk * SYMBOLS_PER_CHUNK + index] ?? 0;
      value |= symbol << (12 - index * 2);
    }
    chunks.writeUInt16BE(value, chunk * 2);
  }
  const body = Buffer.concat([chunks, ...deltas]);
  const unpadded = 20 + body.length;
  const packet = Buffer.alloc(Math.ceil(unpadded / 4) * 4);
  packet[0] = 0x80 | TRANSPORT_CC_FMT;
  packet[1] = RTCP_TYPE.transportFeedback;
  packet.writeUInt16BE(packet.length / 4 - 1, 2);
  packet.writeUInt32BE(feedback.senderSsrc >>> 0, 4);
  packet.writeUInt32BE(feedback.mediaSsrc >>> 0, 8);
  packet.writeUInt16BE(feedback.baseSequence & 0xffff, 12);
  packet.writeUInt16BE(arrivals.length, 14);
  packet.writeUInt32BE((((referenceTime & 0xffffff) << 8) | (feedback.feedbackCount & 0xff)) >>> 0, 16);
  body.copy(packet, 20);
  return packet;
}

/** A transport-cc feedback packet read back: which packets arrived and their arrival times from the reference. */
export type ParsedTransportCc = {
  baseSequence: number;
  feedbackCount: number;
  /** Arrival times in ms since the reference time's origin; undefined = reported lost. */
  arrivals: Array<number | undefined>;
};

/** Parses a transport-cc feedback packet (any chunk kind); undefined when it is not one or is malformed. */
export function parseTransportCcFeedback(packet: Uint8Array): ParsedTransportCc | undefined {
  if (packet.length < 20 || packet[0] === undefined || packet[0] >> 6 !== 2) return undefined;
  if ((packet[0] & 0x1f) !== TRANSPORT_CC_FMT || packet[1] !== RTCP_TYPE.transportFeedback) return undefined;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const baseSequence = view.getUint16(12);
  const count = view.getUint16(14);
  const word = view.getUint32(16);
  const symbols: number[] = [];
  let offset = 20;
  while (symbols.length < count) {
    if (offset + 2 > packet.length) return undefined;
    const chunk = view.getUint16(offset);
    offset += 2;
    if ((chunk & 0x8000) === 0) {
      const symbol = (chunk >> 13) & 0x3;
      for (let run = chunk & 0x1fff; run > 0; run--) symbols.push(symbol);
    } else if ((chunk & 0x4000) === 0) {
      for (let index = 0; index < 14; index++) symbols.push((chunk >> (13 - index)) & 0x1);
    } else {
      for (let index = 0; index < SYMBOLS_PER_CHUNK; index++) symbols.push((chunk >> (12 - index * 2)) & 0x3);
    }
  }
  let time = (word >>> 8) * REFERENCE_UNIT_MS;
  const arrivals: Array<number | undefined> = [];
  for (const symbol of symbols.slice(0, count)) {
    if (symbol === 0) {
      arrivals.push(undefined);
      continue;
    }
    const size = symbol === 1 ? 1 : 2;
    if (offset + size > packet.length) return undefined;
    time += (size === 1 ? view.getUint8(offset) : view.getInt16(offset)) * DELTA_UNIT_MS;
    offset += size;
    arrivals.push(time);
  }
  return { baseSequence, feedbackCount: word & 0xff, arrivals };
}
