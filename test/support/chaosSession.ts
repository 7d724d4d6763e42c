import {
  PROTOCOL_VERSION,
  parseNotification,
  type MediaSource,
  type Method,
  type RequestData,
  type ResponseData,
  type RtpCapabilities,
} from '@huddle/shared';
import { isSignalError } from '@huddle/client';
import { SignalProbe } from '@huddle/testkit';
import { fakeRtpParameters } from './fakeMedia.js';
import type { Prng } from './prng.js';
import { RawFrames } from './rawFrames.js';

/** What one chaos run counts, for its report and its assertions. */
export type ChaosTally = {
  sessions: number;
  requests: number;
  errors: Map<string, number>;
  /** Requests that got no reply at all within the timeout (never acceptable). */
  hung: string[];
};

type SessionState = {
  client: SignalProbe;
  peerId?: string;
  resumeToken?: string;
  capabilities?: RtpCapabilities;
  transports: Partial<Record<'send' | 'recv', string>>;
  producers: string[];
};

const SOURCES: readonly MediaSource[] = ['mic', 'camera', 'screen', 'screen-audio'];
const REQUEST_TIMEOUT_MS = 10_000;
const FAKE_DTLS = {
  role: 'client' as const,
  fingerprints: [{ algorithm: 'sha-256' as const, value: Array.from({ length: 32 }, () => 'AB').join(':') }],
};

/**
 * One random signaling session against a real SFU: a seeded script of valid and invalid requests (joins,
 * transports, produce, consume, moderation, chat, resumes from a second socket, garbage), with concurrent
 * duplicates, and a socket closed at a random point — often while a request is in flight.
 */
export class ChaosSession {
  readonly #url: string;
  readonly #rng: Prng;
  readonly #rooms: readonly string[];
  readonly #tally: ChaosTally;
  readonly #state: SessionState;
  /** Every socket this session opened; all are cut when it ends (a resume may still be connecting then). */
  readonly #sockets = new Set<SignalProbe>();
  #ended = false;

  private constructor(url: string, rng: Prng, rooms: readonly string[], tally: ChaosTally, client: SignalProbe) {
    this.#url = url;
    this.#rng = rng;
    this.#rooms = rooms;
    this.#tally = tally;
    this.#state = { client, transports: {}, producers: [] };
    this.#sockets.add(client);
  }

  static async run(url: string, rng: Prng, rooms: readonly string[], tally: ChaosTally): Promise<void> {
    const session = new ChaosSession(url, rng, rooms, tally, await SignalProbe.connect(url));
    tally.sessions += 1;
    try {
      await session.#script();
    } finally {
      session.#ended = true;
      for (const socket of session.#sockets) socket.socket.terminate();
    }
  }

  async #script(): Promise<void> {
    const rng = this.#rng;
    if (rng.chance(0.15)) {
      // Close during join: 0–3 ms after sending it (the leak this suite was written for).
      void this.#request('join', this.#joinData());
      await sleep(rng.int(0, 3));
      return;
    }
    if (!(await this.#join())) return;
    const steps = rng.int(2, 14);
    for (let step = 0; step < steps; step += 1) {
      if (rng.chance(0.08)) {
        // Close mid-request: the reply never reaches us, the server must clean up anyway.
        void this.#action();
        await sleep(rng.int(0, 5));
        return;
      }
      await this.#action();
      if (this.#state.client.socket.readyState !== this.#state.client.socket.OPEN) return;
    }
    if (rng.chance(0.5)) await this.#request('leave', {});
  }

  #joinData(): RequestData<'join'> {
    const rng = this.#rng;
    return {
      protocolVersion: PROTOCOL_VERSION,
      roomId: rng.pick(this.#rooms),
      displayName: rng.chance(0.05) ? 'Eve\u202egnp.exe' : `chaos-${rng.int(1, 999)}`,
    };
  }

  async #join(): Promise<boolean> {
    const joined = await this.#request('join', this.#joinData());
    if (!joined) return false;
    this.#state.peerId = joined.peerId;
    this.#state.resumeToken = joined.resumeToken;
    this.#state.capabilities = joined.routerRtpCapabilities;
    return true;
  }

  async #action(): Promise<void> {
    const rng = this.#rng;
    const state = this.#state;
    const roll = rng.int(0, 19);
    switch (roll) {
      case 0:
      case 1: {
        const direction = rng.pick(['send', 'recv'] as const);
        const copies = rng.chance(0.3) ? rng.int(2, 6) : 1;
        const created = await Promise.all(
          Array.from({ length: copies }, () => this.#request('createTransport', { direction })),
        );
        const first = created.find((reply) => reply !== undefined);
        if (first) state.transports[direction] = first.transportId;
        return;
      }
      case 2: {
        const capabilities = rng.chance(0.85) && state.capabilities ? state.capabilities : { codecs: [] };
        await this.#request('setRtpCapabilities', { rtpCapabilities: capabilities });
        return;
      }
      case 3: {
        const known = [state.transports.send, state.transports.recv].filter((id) => id !== undefined);
        const transportId = rng.pick([...known, 'nope']);
        await this.#request('connectTransport', { transportId, dtlsParameters: FAKE_DTLS });
        return;
      }
      case 4:
      case 5: {
        const source = rng.pick(SOURCES);
        const kind = source === 'mic' || source === 'screen-audio' ? 'audio' : 'video';
        const transportId = state.transports.send ?? 'none';
        const rtpParameters = rng.chance(0.9) ? fakeRtpParameters(source) : { codecs: [] };
        const copies = rng.chance(0.3) ? rng.int(2, 4) : 1;
        const replies = await Promise.all(
          Array.from({ length: copies }, () =>
            this.#request('produce', { transportId, kind, source, rtpParameters, paused: rng.chance(0.3) }),
          ),
        );
        for (const reply of replies) if (reply) state.producers.push(reply.producerId);
        return;
      }
      case 6: {
        const producerId = rng.chance(0.8) && state.producers.length > 0 ? rng.pick(state.producers) : 'nope';
        const method = rng.pick(['closeProducer', 'pauseProducer', 'resumeProducer'] as const);
        await this.#request(method, { producerId });
        return;
      }
      case 7:
      case 8: {
        const consumers = this.#consumerIds();
        const consumerId = consumers.length > 0 ? rng.pick(consumers) : 'nope';
        const method = rng.pick(['pauseConsumer', 'resumeConsumer'] as const);
        if (rng.chance(0.3))
          await this.#request('setConsumerPreferredLayers', { consumerId, spatialLayer: rng.int(0, 3) });
        else await this.#request(method, { consumerId });
        return;
      }
      case 9: {
        const producers = this.#remoteProducerIds();
        await this.#request('consume', { producerId: producers.length > 0 ? rng.pick(producers) : 'nope' });
        return;
      }
      case 10:
        await this.#request('sendChat', { text: `hello ${rng.int(0, 1e6)}` });
        return;
      case 11:
        await this.#request('getChatHistory', { limit: rng.int(1, 200) });
        return;
      case 12:
        await this.#request('setHandRaised', { raised: rng.chance(0.5) });
        return;
      case 13: {
        const peers = this.#otherPeerIds();
        const peerId = peers.length > 0 ? rng.pick(peers) : 'nope';
        if (rng.chance(0.5)) await this.#request('kickParticipant', { peerId, reason: 'chaos' });
        else await this.#request('muteParticipant', { peerId, source: rng.pick(SOURCES) });
        return;
      }
      case 14:
        await this.#resumeElsewhere();
        return;
      case 15:
        await this.#garbage();
        return;
      case 16:
        await this.#request('ping', {});
        return;
      case 17:
        await this.#request('requestUnmute', { source: rng.pick(SOURCES) });
        return;
      case 18:
        await this.#request('sendReaction', { reaction: '👍' });
        return;
      default:
        state.client.socket.terminate();
    }
  }

  /** A resume from a second socket: it takes the session over, the first socket is closed by the server. */
  async #resumeElsewhere(): Promise<void> {
    const { peerId, resumeToken } = this.#state;
    if (peerId === undefined || resumeToken === undefined) return;
    const second = await SignalProbe.connect(this.#url);
    this.#sockets.add(second);
    if (this.#ended) {
      second.socket.terminate();
      return;
    }
    const previous = this.#state.client;
    this.#state.client = second;
    const resumed = await this.#request('resume', { protocolVersion: PROTOCOL_VERSION, peerId, resumeToken });
    if (resumed) this.#state.resumeToken = resumed.resumeToken;
    if (this.#rng.chance(0.3)) previous.socket.terminate();
    else setTimeout(() => previous.socket.terminate(), 3_000).unref();
  }

  async #garbage(): Promise<void> {
    const rng = this.#rng;
    const id = rng.int(1, 1e6);
    const frames: Array<{ payload: string | Buffer; replyId: number | null }> = [
      { payload: '{"id":', replyId: null },
      { payload: JSON.stringify({ id, method: 'join', data: { protocolVersion: 'x' } }), replyId: id },
      { payload: JSON.stringify({ id, method: 'teleport', data: {} }), replyId: id },
      { payload: `{"id":${id},"method":"produce","data":{"__proto__":{"admin":true}}}`, replyId: id },
      { payload: Buffer.from([0xff, 0xfe, 0x00]), replyId: null },
    ];
    const { payload, replyId } = rng.pick(frames);
    this.#tally.requests += 1;
    try {
      const reply = await RawFrames.over(this.#state.client.socket).send(payload, replyId, REQUEST_TIMEOUT_MS);
      this.#count(reply.ok ? 'ok' : reply.error.code);
    } catch (error) {
      this.#failed('garbage', error);
    }
  }

  async #request<M extends Method>(method: M, data: RequestData<M>): Promise<ResponseData<M> | undefined> {
    this.#tally.requests += 1;
    try {
      const result = await this.#state.client.request(method, data, REQUEST_TIMEOUT_MS);
      this.#count('ok');
      return result;
    } catch (error) {
      // The server's refusals count by code; no reply at all (a timeout, a closed socket) is something else.
      if (isSignalError(error) && error.code !== 'TIMEOUT' && error.code !== 'CONNECTION_CLOSED')
        this.#count(error.code);
      else this.#failed(method, error);
      return undefined;
    }
  }

  #count(code: string): void {
    this.#tally.errors.set(code, (this.#tally.errors.get(code) ?? 0) + 1);
  }

  /** A request that got no reply: fine when our own socket closed first, a hang otherwise. */
  #failed(method: string, error: unknown): void {
    const closed = this.#state.client.socket.readyState !== this.#state.client.socket.OPEN;
    if (closed) {
      this.#count('socket-closed');
      return;
    }
    this.#tally.hung.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
  }

  #consumerIds(): string[] {
    return this.#state.client.notifications
      .filter((entry) => entry.name === 'consumerCreated')
      .map((entry) => parseNotification('consumerCreated', entry.data).consumerId);
  }

  #remoteProducerIds(): string[] {
    return this.#state.client.notifications
      .filter((entry) => entry.name === 'consumerCreated')
      .map((entry) => parseNotification('consumerCreated', entry.data).producerId);
  }

  #otherPeerIds(): string[] {
    return this.#state.client.notifications
      .filter((entry) => entry.name === 'peerJoined')
      .map((entry) => parseNotification('peerJoined', entry.data).peer.peerId);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
