import { joinParticipant, type Participant } from '@huddle/testkit';
import { progress } from '../progress.js';

const ROOMS = ['soak-a', 'soak-b', 'soak-c'];
/** Publishers (ffmpeg VP8 + Opus each, ~15 % of a core) and receivers kept in the rooms at once. */
const PUBLISHERS = 2;
const RECEIVERS = 9;

type Member = { participant: Participant; publisher: boolean };

export type ChurnCounts = { joins: number; leaves: number; crashes: number; failures: number };

/**
 * Churn: lightweight participants (two with real media) join and leave the rooms all the time; some leave
 * politely, some vanish (socket cut, the SFU must notice), and publishers are replaced now and then too.
 */
export class Churn {
  readonly #url: string;
  readonly #members = new Set<Member>();
  readonly counts: ChurnCounts = { joins: 0, leaves: 0, crashes: 0, failures: 0 };
  #next = 0;
  #departures = 0;
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(url: string) {
    this.#url = url;
  }

  /** Starts the churn: one change every `stepMs` until stop(). */
  start(stepMs: number): void {
    this.#loop ??= this.#run(stepMs);
  }

  /** Ends the churn: the step in flight finishes first (a join it makes is not left behind), then everyone leaves. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
    await Promise.all([...this.#members].map((member) => member.participant.leave()));
    this.#members.clear();
  }

  async #run(stepMs: number): Promise<void> {
    while (!this.#stopped) {
      await this.#step().catch((error: unknown) => {
        this.counts.failures += 1;
        progress('soak.churn-failed', { error: error instanceof Error ? error.message : String(error) });
      });
      if (!this.#stopped) await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  }

  async #step(): Promise<void> {
    const publishers = [...this.#members].filter((member) => member.publisher);
    const receivers = [...this.#members].filter((member) => !member.publisher);
    if (publishers.length < PUBLISHERS) return this.#join(true);
    if (receivers.length < RECEIVERS) return this.#join(false);
    // Full: someone goes (a publisher one time in eight), half of them without a word.
    const departure = this.#departures++;
    const pool = departure % 8 === 0 ? publishers : receivers;
    const leaving = pool[departure % pool.length];
    if (!leaving) return;
    this.#members.delete(leaving);
    if (departure % 2 === 0) {
      await leaving.participant.crash();
      this.counts.crashes += 1;
    } else {
      await leaving.participant.leave();
      this.counts.leaves += 1;
    }
  }

  async #join(publisher: boolean): Promise<void> {
    const index = this.#next++;
    const participant = await joinParticipant(this.#url, ROOMS[index % ROOMS.length] ?? 'soak-a', {
      name: `${publisher ? 'pub' : 'sub'}-${index}`,
      kind: 'lightweight',
      publish: publisher ? ['mic', 'camera'] : [],
    });
    this.#members.add({ participant, publisher });
    this.counts.joins += 1;
  }
}
