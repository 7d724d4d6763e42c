import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { attribute, decodeStun, decodeXorAddress, encodeStun, newTransactionId, StunAttr, StunMethod } from './stun.js';
import type { TransportAddress } from './stun.js';

/** Sends one STUN Binding request over UDP; resolves with the mapped address of the answer, or undefined. */
export function stunBinding(host: string, port: number, timeoutMs = 1_000): Promise<TransportAddress | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    const transactionId = newTransactionId();
    const done = (address: TransportAddress | undefined): void => {
      clearTimeout(timer);
      socket.close();
      resolve(address);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once('error', () => done(undefined));
    socket.on('message', (data) => {
      const message = decodeStun(data);
      if (!message || message.method !== StunMethod.binding || !message.transactionId.equals(transactionId)) return;
      const mapped = attribute(message, StunAttr.xorMappedAddress);
      done(message.cls === 'success' && mapped ? decodeXorAddress(mapped, transactionId) : undefined);
    });
    socket.send(encodeStun({ method: StunMethod.binding, cls: 'request', transactionId, attributes: [] }), port, host);
  });
}
