import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERROR_CODES, responseFrameSchema, serverFrameSchema, type ResponseFrame } from '@huddle/shared';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { FrameFuzzer, type FuzzFrame } from '../support/frameFuzzer.js';
import { Prng, runSeed } from '../support/prng.js';

const FRAMES = Number(process.env.HUDDLE_FUZZ_FRAMES ?? 100_000);
const SOCKETS = 4;
/** The SFU's default `signaling.maxFrameBytes`. */
const MAX_FRAME_BYTES = 65_536;
const SEED = runSeed();
const replay = `replay with: HUDDLE_SEED=${SEED} pnpm exec vitest run test/integration/fuzz.test.ts`;

/** Frames in flight per socket: replies may come back out of order (requests run concurrently). */
const WINDOW = 32;

/**
 * A raw signaling socket that keeps WINDOW frames in flight and matches each reply to a frame by id (a reply
 * with id null answers one of the frames the server could not read an id from).
 */
class RawSocket {
  readonly #socket: WebSocket;
  readonly #outstanding = new Map<number | null, number>();
  #inFlight = 0;
  #wake: (() => void) | undefined;
  readonly problems: string[] = [];
  readonly codes = new Map<string, number>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (raw) => this.#onMessage(raw.toString()));
    socket.on('close', () => this.#wake?.());
  }

  static async open(url: string): Promise<RawSocket> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RawSocket(socket);
  }

  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  #onMessage(text: string): void {
    const frame = serverFrameSchema.safeParse(JSON.parse(text));
    if (!frame.success) {
      this.problems.push(`not a protocol frame: ${text.slice(0, 300)}`);
      return;
    }
    if ('notification' in frame.data) return;
    const reply: ResponseFrame = responseFrameSchema.parse(frame.data);
    const waiting = this.#outstanding.get(reply.id) ?? 0;
    if (waiting === 0) {
      this.problems.push(`a reply with id ${reply.id} that no frame in flight expects: ${text.slice(0, 300)}`);
      return;
    }
    if (waiting === 1) this.#outstanding.delete(reply.id);
    else this.#outstanding.set(reply.id, waiting - 1);
    const code = reply.ok ? 'ok' : reply.error.code;
    this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
    this.#inFlight -= 1;
    this.#wake?.();
  }

  /** Sends a frame once fewer than WINDOW are in flight. */
  async send(frame: FuzzFrame): Promise<void> {
    while (this.#inFlight >= WINDOW && this.open) await this.#waitForReply();
    this.#outstanding.set(frame.replyId, (this.#outstanding.get(frame.replyId) ?? 0) + 1);
    this.#inFlight += 1;
    this.#socket.send(frame.payload, { binary: false });
  }

  /** Waits for every reply; the frames still unanswered after `timeoutMs` are reported. */
  async drain(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inFlight > 0 && this.open && Date.now() < deadline) await this.#waitForReply(deadline - Date.now());
    if (this.#inFlight > 0) {
      this.problems.push(`${this.#inFlight} frames got no reply: ${JSON.stringify([...this.#outstanding])}`);
    }
  }

  #waitForReply(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  close(): void {
    this.#socket.terminate();
  }
}

describe(`fuzzer: ${FRAMES} mutated frames (seed ${SEED})`, () => {
  let sfu: LocalSfu;
  const trouble: string[] = [];

  beforeAll(async () => {
    sfu = await startSfu({
      env: {
        HUDDLE_RATE_PER_SECOND: '100000',
        HUDDLE_RATE_BURST: '100000',
        HUDDLE_ROOM_EMPTY_GRACE_MS: '200',
        HUDDLE_RECONNECT_GRACE_MS: '0',
      },
    });
    sfu.watchOutput((line) => {
      if (/unhandled promise rejection|uncaught|"level":60|"request failed"/i.test(line))
        trouble.push(line.slice(0, 1_500));
    });
  });

  afterAll(async () => {
    await sfu.stop();
  });

  it('answers every frame with a typed error or a valid reply, and never crashes', { timeout: 600_000 }, async () => {
    const codes = new Map<string, number>();
    let sent = 0;
    const worker = async (index: number): Promise<string[]> => {
      const fuzzer = new FrameFuzzer(new Prng(SEED + index), MAX_FRAME_BYTES);
      const problems: string[] = [];
      let socket = await RawSocket.open(sfu.wsUrl);
      const retire = async (): Promise<void> => {
        await socket.drain();
        problems.push(...socket.problems);
        for (const [code, count] of socket.codes) codes.set(code, (codes.get(code) ?? 0) + count);
        socket.close();
      };
      while (sent < FRAMES) {
        sent += 1;
        if (!socket.open) {
          await retire();
          socket = await RawSocket.open(sfu.wsUrl);
        }
        await socket.send(fuzzer.next());
      }
      await retire();
      return problems;
    };
    const problems = (await Promise.all(Array.from({ length: SOCKETS }, (_, index) => worker(index)))).flat();
    const summary = [...codes.entries()].sort().map(([code, count]) => `${code}=${count}`);
    process.stdout.write(`fuzzer: ${sent} frames; ${summary.join(' ')}\n`);

    expect(problems, replay).toEqual([]);
    const known = new Set<string>([...ERROR_CODES, 'ok']);
    expect(
      [...codes.keys()].filter((code) => !known.has(code)),
      replay,
    ).toEqual([]);
    expect(codes.get('INTERNAL') ?? 0, replay).toBe(0);
    expect(trouble, replay).toEqual([]);
    expect(sfu.child.exitCode, replay).toBeNull();
    expect((await sfu.health()).status).toBe('ok');
  });
});
