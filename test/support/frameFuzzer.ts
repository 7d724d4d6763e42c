import { METHOD_NAMES, PROTOCOL_VERSION } from '@huddle/shared';
import { z } from 'zod';
import { fakeRtpParameters } from './fakeMedia.js';
import type { Prng } from './prng.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const jsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),
);

/** A frame to send and the reply id it must get back (null: the server cannot read an id from it). */
export type FuzzFrame = { payload: string | Buffer; replyId: number | null };

/** Valid request data per method: the fuzzer mutates these, so most frames get past the envelope. */
function templates(): Record<string, Json> {
  const rtp = jsonSchema.parse(JSON.parse(JSON.stringify(fakeRtpParameters('camera'))));
  return {
    join: { protocolVersion: PROTOCOL_VERSION, roomId: 'fuzz-room', displayName: 'Fuzzy' },
    resume: { protocolVersion: PROTOCOL_VERSION, peerId: 'p', resumeToken: 't' },
    createTransport: { direction: 'send' },
    connectTransport: {
      transportId: 't',
      dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] },
    },
    produce: { transportId: 't', kind: 'video', source: 'camera', rtpParameters: rtp, paused: false },
    setRtpCapabilities: {
      rtpCapabilities: {
        codecs: [{ kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: 100, clockRate: 48000, channels: 2 }],
      },
    },
    setConsumerPreferredLayers: { consumerId: 'c', spatialLayer: 1, temporalLayer: 2 },
    sendChat: { text: 'hello', to: 'someone' },
    getChatHistory: { beforeSeq: 10, limit: 20 },
    setHandRaised: { raised: true },
    sendReaction: { reaction: '👍' },
    kickParticipant: { peerId: 'p', reason: 'fuzz' },
    muteParticipant: { peerId: 'p', source: 'mic' },
  };
}

const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];
const NASTY_NUMBERS = [
  '1e400',
  '-1e400',
  '-1',
  '9007199254740993',
  '1.5',
  '-0',
  '1e-400',
  '123456789012345678901234567890',
];

/**
 * Structure-aware mutations of valid signaling frames: wrong types, huge strings and arrays, deep nesting,
 * `__proto__`/`constructor` keys, non-UTF-8 bytes, numbers out of range, broken envelopes.
 */
export class FrameFuzzer {
  readonly #rng: Prng;
  readonly #maxFrameBytes: number;
  readonly #templates = templates();
  #nextId = 1;

  /** `maxFrameBytes`: the server's `signaling.maxFrameBytes` (a larger frame is answered unread, id null). */
  constructor(rng: Prng, maxFrameBytes: number) {
    this.#rng = rng;
    this.#maxFrameBytes = maxFrameBytes;
  }

  next(): FuzzFrame {
    const frame = this.#frame();
    return Buffer.byteLength(frame.payload) > this.#maxFrameBytes ? { ...frame, replyId: null } : frame;
  }

  #frame(): FuzzFrame {
    const rng = this.#rng;
    const id = this.#nextId++;
    const kind = rng.int(0, 99);
    if (kind < 4) return { payload: this.#notUtf8(), replyId: null };
    if (kind < 8) return { payload: this.#brokenJson(), replyId: null };
    if (kind < 14) return this.#badEnvelope(id);
    if (kind < 18) return { payload: this.#rawNumbers(id), replyId: id };
    if (kind < 22) return { payload: this.#deepNesting(id), replyId: id };
    const method = rng.chance(0.9)
      ? rng.pick(METHOD_NAMES)
      : rng.pick(['', 'x'.repeat(70), 'constructor', '__proto__']);
    let data: Json = structuredClone(Object.hasOwn(this.#templates, method) ? (this.#templates[method] ?? {}) : {});
    const mutations = rng.int(0, 4);
    for (let index = 0; index < mutations; index += 1) data = this.#mutate(data, 0);
    return { payload: JSON.stringify({ id, method, data }), replyId: id };
  }

  #mutate(value: Json, depth: number): Json {
    const rng = this.#rng;
    if (depth > 6 || rng.chance(0.3)) return this.#randomValue();
    if (Array.isArray(value)) {
      if (value.length === 0 || rng.chance(0.2)) return [...value, this.#randomValue()];
      const index = rng.int(0, value.length - 1);
      const copy = [...value];
      copy[index] = this.#mutate(copy[index] ?? null, depth + 1);
      return copy;
    }
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      const roll = rng.int(0, 9);
      if (roll === 0 && keys.length > 0) {
        const dropped = rng.pick(keys);
        return Object.fromEntries(Object.entries(value).filter(([key]) => key !== dropped));
      }
      const copy: { [key: string]: Json } = { ...value };
      if (roll <= 2) copy[rng.pick(NASTY_KEYS)] = this.#randomValue();
      else if (keys.length > 0) {
        const key = rng.pick(keys);
        copy[key] = this.#mutate(copy[key] ?? null, depth + 1);
      }
      return copy;
    }
    return this.#randomValue();
  }

  #randomValue(): Json {
    const rng = this.#rng;
    switch (rng.int(0, 11)) {
      case 0:
        return null;
      case 1:
        return rng.chance(0.5);
      case 2:
        return rng.pick([0, -1, 2 ** 53, -(2 ** 31), 1.5, Number.MAX_VALUE, 4294967296]);
      case 3:
        return 'x'.repeat(rng.int(0, 70_000));
      case 4:
        return Array.from({ length: rng.int(0, 20_000) }, () => 1);
      case 5:
        return { [rng.pick(NASTY_KEYS)]: { [rng.pick(NASTY_KEYS)]: 1 } };
      case 6:
        return '\u202e\u200b\u0000\ud800';
      case 7:
        return [[[[[[[[]]]]]]]];
      case 8:
        return rng.pick(['mic', 'camera', 'send', 'recv', 'video', 'audio']);
      case 9:
        return {};
      case 10:
        return [];
      default:
        return String(rng.int(0, 1e9));
    }
  }

  #notUtf8(): Buffer {
    const bytes = [0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x31, 0x2c, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x7d];
    return Buffer.from(bytes.slice(0, this.#rng.int(8, bytes.length)));
  }

  #brokenJson(): string {
    return this.#rng.pick(['', '{', '{"id":', 'null', '[]', '"just a string"', '{"id":1,"method":"join",}', 'NaN']);
  }

  #badEnvelope(id: number): FuzzFrame {
    const rng = this.#rng;
    const badId = rng.pick<Json>([-1, 1.5, '7', null, 2 ** 60, [], {}]);
    const frames: FuzzFrame[] = [
      { payload: JSON.stringify({ id: badId, method: 'join', data: {} }), replyId: null },
      { payload: JSON.stringify({ method: 'join', data: {} }), replyId: null },
      { payload: JSON.stringify({ id, method: 42, data: {} }), replyId: id },
      { payload: JSON.stringify({ id, method: 'join', data: 'not an object' }), replyId: id },
      { payload: JSON.stringify({ id, method: 'x'.repeat(1_000), data: {} }), replyId: id },
      { payload: `{"id":${id},"method":"join","data":{"__proto__":{"polluted":true}}}`, replyId: id },
    ];
    // None of the bad ids is a non-negative safe integer: those frames are answered with id null.
    return rng.pick(frames);
  }

  #rawNumbers(id: number): string {
    const number = this.#rng.pick(NASTY_NUMBERS);
    return `{"id":${id},"method":"getChatHistory","data":{"limit":${number},"beforeSeq":${number}}}`;
  }

  #deepNesting(id: number): string {
    const depth = this.#rng.int(100, 20_000);
    return `{"id":${id},"method":"sendChat","data":{"text":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
  }
}
