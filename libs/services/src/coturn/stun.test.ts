import { createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  attribute,
  decodeErrorCode,
  decodeStun,
  decodeXorAddress,
  encodeStun,
  encodeXorAddress,
  longTermKey,
  newTransactionId,
  StunAttr,
  StunMethod,
} from './stun.js';

describe('STUN codec', () => {
  it('round-trips a signed Allocate request with a valid MESSAGE-INTEGRITY and FINGERPRINT', () => {
    const transactionId = newTransactionId();
    const key = longTermKey('user', 'realm', 'pass');
    const attributes = [{ type: StunAttr.username, value: Buffer.from('user') }];
    const packet = encodeStun({ method: StunMethod.allocate, cls: 'request', transactionId, attributes }, key);
    // type 0x0003, length = USERNAME (8) + MESSAGE-INTEGRITY (24) + FINGERPRINT (8)
    expect(packet.readUInt16BE(0)).toBe(0x0003);
    expect(packet.readUInt16BE(2)).toBe(40);
    const decoded = decodeStun(packet);
    if (!decoded) throw new Error('the encoded message does not decode');
    expect(decoded).toMatchObject({ method: StunMethod.allocate, cls: 'request' });
    expect(decoded.transactionId.equals(transactionId)).toBe(true);
    expect(attribute(decoded, StunAttr.username)?.toString()).toBe('user');

    const signed = Buffer.from(packet.subarray(0, 20 + 8));
    signed.writeUInt16BE(8 + 24, 2);
    const mac = createHmac('sha1', key).update(signed).digest();
    expect(attribute(decoded, StunAttr.messageIntegrity)?.equals(mac)).toBe(true);
    const printed = Buffer.from(packet.subarray(0, packet.length - 8));
    expect(attribute(decoded, StunAttr.fingerprint)?.readUInt32BE(0)).toBe((crc32(printed) ^ 0x5354554e) >>> 0);
  });

  it('encodes message classes into the type bits (success 0x0101, error 0x0111, indication 0x0016)', () => {
    const transactionId = newTransactionId();
    const type = (method: number, cls: 'success' | 'error' | 'indication'): number =>
      encodeStun({ method, cls, transactionId, attributes: [] }).readUInt16BE(0);
    expect(type(StunMethod.binding, 'success')).toBe(0x0101);
    expect(type(StunMethod.binding, 'error')).toBe(0x0111);
    expect(type(StunMethod.send, 'indication')).toBe(0x0016);
    expect(
      decodeStun(encodeStun({ method: StunMethod.data, cls: 'indication', transactionId, attributes: [] })),
    ).toMatchObject({ method: StunMethod.data, cls: 'indication' });
  });

  it('XORs addresses with the magic cookie, and reads error codes', () => {
    const value = encodeXorAddress('192.0.2.1', 32_853);
    expect(value.toString('hex')).toBe('0001a147e112a643');
    expect(decodeXorAddress(value, newTransactionId())).toEqual({ family: 4, address: '192.0.2.1', port: 32_853 });
    expect(decodeErrorCode(Buffer.from([0, 0, 4, 1, ...Buffer.from('Unauthorized')]))).toEqual({
      code: 401,
      reason: 'Unauthorized',
    });
  });

  it('returns undefined for what is not STUN', () => {
    expect(decodeStun(Buffer.from('hello, this is not a stun message'))).toBeUndefined();
    expect(decodeStun(Buffer.alloc(10))).toBeUndefined();
  });
});
