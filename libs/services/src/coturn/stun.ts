import { createHash, createHmac, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** A minimal STUN (RFC 8489) / TURN (RFC 8656) codec: enough to probe coturn and to run an Allocate. */
export const STUN_MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
const FINGERPRINT_XOR = 0x5354554e;

export const StunMethod = {
  binding: 0x001,
  allocate: 0x003,
  refresh: 0x004,
  send: 0x006,
  data: 0x007,
  createPermission: 0x008,
} as const;

/** Indexed by the class's two bits (C1 C0). */
const CLASSES = ['request', 'indication', 'success', 'error'] as const;
export type StunClass = (typeof CLASSES)[number];

export const StunAttr = {
  mappedAddress: 0x0001,
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  xorPeerAddress: 0x0012,
  data: 0x0013,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
  software: 0x8022,
  fingerprint: 0x8028,
} as const;

export type StunAttribute = { type: number; value: Buffer };

export type StunMessage = {
  method: number;
  cls: StunClass;
  transactionId: Buffer;
  attributes: StunAttribute[];
};

export function newTransactionId(): Buffer {
  return randomBytes(12);
}

function messageType(method: number, cls: StunClass): number {
  const bits = CLASSES.indexOf(cls);
  return ((method & 0xf80) << 2) | ((method & 0x070) << 1) | (method & 0x00f) | ((bits & 2) << 7) | ((bits & 1) << 4);
}

function splitType(type: number): { method: number; cls: StunClass } {
  const method = ((type & 0x3e00) >> 2) | ((type & 0x00e0) >> 1) | (type & 0x000f);
  const bits = ((type & 0x0100) >> 7) | ((type & 0x0010) >> 4);
  return { method, cls: CLASSES[bits] ?? 'request' };
}

function encodeAttribute({ type, value }: StunAttribute): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

function header(message: Omit<StunMessage, 'attributes'>, bodyLength: number): Buffer {
  const buffer = Buffer.alloc(HEADER_BYTES);
  buffer.writeUInt16BE(messageType(message.method, message.cls), 0);
  buffer.writeUInt16BE(bodyLength, 2);
  buffer.writeUInt32BE(STUN_MAGIC_COOKIE, 4);
  message.transactionId.copy(buffer, 8);
  return buffer;
}

/** The long-term credential key: MD5(username ":" realm ":" password). */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  return createHash('md5').update(`${username}:${realm}:${password}`).digest();
}

/** Encodes `message`, adding MESSAGE-INTEGRITY (when a key is given) and FINGERPRINT. */
export function encodeStun(message: StunMessage, integrityKey?: Buffer): Buffer {
  let body = Buffer.concat(message.attributes.map(encodeAttribute));
  if (integrityKey) {
    const signed = Buffer.concat([header(message, body.length + 24), body]);
    const mac = createHmac('sha1', integrityKey).update(signed).digest();
    body = Buffer.concat([body, encodeAttribute({ type: StunAttr.messageIntegrity, value: mac })]);
  }
  const unprinted = Buffer.concat([header(message, body.length + 8), body]);
  const fingerprint = Buffer.alloc(4);
  fingerprint.writeUInt32BE((crc32(unprinted) ^ FINGERPRINT_XOR) >>> 0);
  return Buffer.concat([unprinted, encodeAttribute({ type: StunAttr.fingerprint, value: fingerprint })]);
}

/** Decodes one STUN message; undefined for anything else (bad cookie, truncated attributes). */
export function decodeStun(data: Buffer): StunMessage | undefined {
  if (data.length < HEADER_BYTES || (data[0] ?? 0) & 0xc0 || data.readUInt32BE(4) !== STUN_MAGIC_COOKIE) {
    return undefined;
  }
  const length = data.readUInt16BE(2);
  if (HEADER_BYTES + length > data.length) return undefined;
  const attributes: StunAttribute[] = [];
  for (let offset = HEADER_BYTES; offset + 4 <= HEADER_BYTES + length;) {
    const type = data.readUInt16BE(offset);
    const size = data.readUInt16BE(offset + 2);
    if (offset + 4 + size > data.length) return undefined;
    attributes.push({ type, value: data.subarray(offset + 4, offset + 4 + size) });
    offset += 4 + size + ((4 - (size % 4)) % 4);
  }
  return { ...splitType(data.readUInt16BE(0)), transactionId: data.subarray(8, 20), attributes };
}

export function attribute(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((entry) => entry.type === type)?.value;
}

export type TransportAddress = { family: 4 | 6; address: string; port: number };

/** XOR-MAPPED-ADDRESS / XOR-RELAYED-ADDRESS / XOR-PEER-ADDRESS value → address (undefined when malformed). */
export function decodeXorAddress(value: Buffer, transactionId: Buffer): TransportAddress | undefined {
  if (value.length < 8) return undefined;
  const port = value.readUInt16BE(2) ^ (STUN_MAGIC_COOKIE >>> 16);
  const mask = Buffer.alloc(16);
  mask.writeUInt32BE(STUN_MAGIC_COOKIE, 0);
  transactionId.copy(mask, 4);
  const bytes = Buffer.from(value.subarray(4).map((byte, index) => byte ^ (mask[index] ?? 0)));
  if (value[1] === 0x01 && bytes.length === 4) return { family: 4, address: bytes.join('.'), port };
  if (value[1] === 0x02 && bytes.length === 16) {
    const groups = Array.from({ length: 8 }, (_, index) => bytes.readUInt16BE(index * 2).toString(16));
    return { family: 6, address: groups.join(':'), port };
  }
  return undefined;
}

/** The XOR-…-ADDRESS value of an IPv4 address. */
export function encodeXorAddress(address: string, port: number): Buffer {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) {
    throw new Error(`not an IPv4 address: ${address}`);
  }
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  value.writeUInt16BE(port ^ (STUN_MAGIC_COOKIE >>> 16), 2);
  value.writeUInt32BE((Buffer.from(octets).readUInt32BE(0) ^ STUN_MAGIC_COOKIE) >>> 0, 4);
  return value;
}

/** ERROR-CODE value → `{ code, reason }`. */
export function decodeErrorCode(value: Buffer): { code: number; reason: string } {
  return { code: ((value[2] ?? 0) & 0x7) * 100 + (value[3] ?? 0), reason: value.subarray(4).toString('utf8') };
}
