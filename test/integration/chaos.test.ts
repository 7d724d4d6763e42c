import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, callListResponseSchema, participantListResponseSchema } from '@huddle/shared';
import { expectNoMediaLeft, mediaDump, startSfu, type LocalSfu } from '@huddle/testkit';
import { ChaosSession, type ChaosTally } from '../support/chaosSession.js';
import { eventually } from '../support/eventually.js';
import { Prng, runSeed } from '../support/prng.js';

const SESSIONS = Number(process.env.HUDDLE_CHAOS_SESSIONS ?? 2000);
const CONCURRENCY = 24;
/** A worker is SIGKILLed after every this many sessions. */
const KILL_EVERY = 500;
const SEED = runSeed();
const replay = `replay with: HUDDLE_SEED=${SEED} pnpm exec vitest run test/integration/chaos.test.ts`;

/** The calls still running and who is in them, for a failure message. */
async function describeCalls(sfu: LocalSfu): Promise<string> {
  const calls = callListResponseSchema.parse(await sfu.admin.get('/calls')).calls;
  const described = await Promise.all(
    calls.map(async (call) => ({
      ...call,
      participants: participantListResponseSchema
        .parse(await sfu.admin.get(`/rooms/${call.room}/participants`))
        .participants.map(({ peerId, state, displayName, producers }) => ({ peerId, state, displayName, producers })),
    })),
  );
  return JSON.stringify(described);
}

describe(`chaos: ${SESSIONS} random sessions (seed ${SEED})`, () => {
  let sfu: LocalSfu;
  const trouble: string[] = [];
  const failedRequests: string[] = [];

  beforeAll(async () => {
    sfu = await startSfu({
      workers: 2,
      env: {
        HUDDLE_ROOM_EMPTY_GRACE_MS: '300',
        HUDDLE_RECONNECT_GRACE_MS: '600',
        HUDDLE_HEARTBEAT_MS: '1000',
        HUDDLE_RATE_PER_SECOND: '2000',
        HUDDLE_RATE_BURST: '2000',
        HUDDLE_MAX_CONNECTIONS_PER_IP: '10000',
        HUDDLE_LOBBY_MAX_WAIT_SECONDS: '1',
        // A room spans both workers after a few consumers, so pipes are part of the chaos.
        HUDDLE_CONSUMER_BUDGET: '4',
        HUDDLE_LOG_LEVEL: process.env.HUDDLE_CHAOS_LOG ? 'debug' : 'warn',
      },
    });
    await sfu.admin.post('/rooms', { slug: 'chaos-lobby', lobby: true });
    sfu.watchOutput((line) => {
      if (process.env.HUDDLE_CHAOS_LOG) appendFileSync(process.env.HUDDLE_CHAOS_LOG, `${line}\n`);
      if (/unhandled promise rejection|uncaught|"level":60/i.test(line)) trouble.push(line);
      if (line.includes('"request failed"')) failedRequests.push(line.slice(0, 2_000));
    });
  });

  afterAll(async () => {
    await sfu.stop();
  });

  it(
    'leaves no room, peer, transport, producer or consumer behind, and never crashes',
    { timeout: 600_000 },
    async () => {
      const tally: ChaosTally = { sessions: 0, requests: 0, errors: new Map(), hung: [] };
      const rooms = ['chaos-a', 'chaos-b', 'chaos-c', 'chaos-d', 'chaos-lobby'];
      let next = 0;
      let killed = 0;
      const runner = async (): Promise<void> => {
        for (;;) {
          const index = next++;
          if (index >= SESSIONS) return;
          if (index > 0 && index % KILL_EVERY === 0) {
            const workers = (await mediaDump(sfu)).workers;
            const victim = workers[index % workers.length];
            if (victim) {
              process.kill(victim.pid, 'SIGKILL');
              killed += 1;
            }
          }
          await ChaosSession.run(sfu.wsUrl, new Prng(SEED + index), rooms, tally).catch((error: unknown) => {
            tally.hung.push(`session ${index}: ${error instanceof Error ? error.message : String(error)}`);
          });
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, runner));

      const summary = [...tally.errors.entries()].sort().map(([code, count]) => `${code}=${count}`);
      process.stdout.write(
        `chaos: ${tally.sessions} sessions, ${tally.requests} requests, ${killed} workers killed; ${summary.join(' ')}\n`,
      );
      expect(tally.hung, replay).toEqual([]);
      const known = new Set<string>([...ERROR_CODES, 'ok', 'socket-closed']);
      expect(
        [...tally.errors.keys()].filter((code) => !known.has(code)),
        replay,
      ).toEqual([]);
      expect(failedRequests, replay).toEqual([]);
      expect(tally.errors.get('INTERNAL') ?? 0, replay).toBe(0);

      await eventually(async () => {
        const left = { rooms: await sfu.metric('huddle_rooms'), peers: await sfu.metric('huddle_peers') };
        expect(left, `${replay}\nleft: ${await describeCalls(sfu)}`).toEqual({ rooms: 0, peers: 0 });
      }, 30_000);
      await expectNoMediaLeft(sfu, 20_000);
      const workers = (await mediaDump(sfu)).workers;
      for (const worker of workers) {
        expect({ worker: worker.index, producers: worker.producers, transports: worker.transports }, replay).toEqual({
          worker: worker.index,
          producers: 0,
          transports: 0,
        });
      }
      expect(await sfu.metric('huddle_worker_consumers'), replay).toBe(0);
      expect(sfu.child.exitCode, replay).toBeNull();
      expect((await sfu.health()).status).toBe('ok');
      expect(trouble, replay).toEqual([]);
    },
  );
});
