import { createSocket, type Socket } from 'node:dgram';
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
  type StunAttribute,
  type StunMessage,
  type TransportAddress,
} from '@huddle/services';

/** A TURN error response (401 Unauthorized, 403 Forbidden, 438 Stale Nonce …). */
export class TurnError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(`TURN error ${code} ${reason}`);
  }
}

const text = (type: number, value: string): StunAttribute => ({ type, value: Buffer.from(value, 'utf8') });

/** UDP transport protocol number in REQUESTED-TRANSPORT. */
const UDP = Buffer.from([17, 0, 0, 0]);

type Auth = { username: string; realm: Buffer; nonce: Buffer; key: Buffer };

/** A minimal TURN client over UDP (RFC 8656): Allocate with long-term credentials, CreatePermission, Send, Data. */
export class TurnClient {
  readonly #socket: Socket;
  readonly #pending = new Map<string, (message: StunMessage) => void>();
  readonly #data: { from: TransportAddress; data: Buffer }[] = [];
  #auth: Auth | undefined;

  private constructor(
    socket: Socket,
    readonly server: { host: string; port: number },
  ) {
    this.#socket = socket;
    socket.on('message', (packet) => {
      const message = decodeStun(packet);
      if (!message) return;
      if (message.method === StunMethod.data && message.cls === 'indication') {
        const peer = attribute(message, StunAttr.xorPeerAddress);
        const from = peer ? decodeXorAddress(peer, message.transactionId) : undefined;
        const data = attribute(message, StunAttr.data);
        if (from && data) this.#data.push({ from, data: Buffer.from(data) });
        return;
      }
      this.#pending.get(message.transactionId.toString('hex'))?.(message);
    });
  }

  static async open(host: string, port: number): Promise<TurnClient> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new TurnClient(socket, { host, port });
  }

  /** Sends a request (retransmitted every 250 ms, 8 times) and resolves with the response. */
  async request(method: number, attributes: StunAttribute[]): Promise<StunMessage> {
    const transactionId = newTransactionId();
    const auth = this.#auth;
    const signed = auth
      ? [...attributes, text(StunAttr.username, auth.username), { type: StunAttr.realm, value: auth.realm }]
      : attributes;
    const withNonce = auth ? [...signed, { type: StunAttr.nonce, value: auth.nonce }] : signed;
    const packet = encodeStun({ method, cls: 'request', transactionId, attributes: withNonce }, auth?.key);
    const key = transactionId.toString('hex');
    try {
      return await new Promise<StunMessage>((resolve, reject) => {
        let sent = 0;
        const send = (): void => {
          if (sent++ === 8) return reject(new Error(`no answer from TURN ${this.server.host}:${this.server.port}`));
          this.#socket.send(packet, this.server.port, this.server.host);
          timer = setTimeout(send, 250);
        };
        let timer = setTimeout(send, 0);
        this.#pending.set(key, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    } finally {
      this.#pending.delete(key);
    }
  }

  /** Throws TurnError for an error response. */
  static check(message: StunMessage): StunMessage {
    if (message.cls !== 'error') return message;
    const value = attribute(message, StunAttr.errorCode);
    const { code, reason } = value ? decodeErrorCode(value) : { code: 0, reason: 'without ERROR-CODE' };
    throw new TurnError(code, reason);
  }

  /** Allocate: the unauthenticated attempt is answered 401 with realm and nonce; then sign with the credentials. */
  async allocate(username: string, password: string): Promise<{ relayed: TransportAddress; lifetime: number }> {
    const transport = [{ type: StunAttr.requestedTransport, value: UDP }];
    const challenge = await this.request(StunMethod.allocate, transport);
    const realm = attribute(challenge, StunAttr.realm);
    const nonce = attribute(challenge, StunAttr.nonce);
    if (challenge.cls !== 'error' || !realm || !nonce) throw new Error('TURN server did not ask for credentials');
    this.#auth = { username, realm, nonce, key: longTermKey(username, realm.toString('utf8'), password) };
    const answer = TurnClient.check(await this.request(StunMethod.allocate, transport));
    const relayed = attribute(answer, StunAttr.xorRelayedAddress);
    const lifetime = attribute(answer, StunAttr.lifetime);
    const address = relayed ? decodeXorAddress(relayed, answer.transactionId) : undefined;
    if (!address || !lifetime) throw new Error('Allocate succeeded without a relayed address or lifetime');
    return { relayed: address, lifetime: lifetime.readUInt32BE(0) };
  }

  async createPermission(peer: { address: string; port: number }): Promise<void> {
    const value = encodeXorAddress(peer.address, peer.port);
    TurnClient.check(await this.request(StunMethod.createPermission, [{ type: StunAttr.xorPeerAddress, value }]));
  }

  /** A Send indication: the server relays `data` to `peer` from the relayed address. */
  send(peer: { address: string; port: number }, data: Buffer): void {
    const attributes = [
      { type: StunAttr.xorPeerAddress, value: encodeXorAddress(peer.address, peer.port) },
      { type: StunAttr.data, value: data },
    ];
    const packet = encodeStun({
      method: StunMethod.send,
      cls: 'indication',
      transactionId: newTransactionId(),
      attributes,
    });
    this.#socket.send(packet, this.server.port, this.server.host);
  }

  /** Data indications received so far (what peers sent to the relayed address). */
  get received(): readonly { from: TransportAddress; data: Buffer }[] {
    return this.#data;
  }

  /** Refresh with lifetime 0 (frees the allocation), then closes the socket. */
  async close(): Promise<void> {
    if (this.#auth) {
      const zero = Buffer.alloc(4);
      await this.request(StunMethod.refresh, [{ type: StunAttr.lifetime, value: zero }]).catch(() => undefined);
    }
    this.#socket.close();
  }
}
