import {
  joinParticipant,
  mediaDump,
  startSfu,
  type LocalSfu,
  type Participant,
  type SharedRtpSource,
} from '@huddle/testkit';
import { CpuQuotaGroup } from '../measure/cpuQuota.js';
import { progress } from '../progress.js';
import type { ReceiverCounters } from '../sfuUnderTest.js';
import { onTeardown } from '../teardown.js';
import { gridLayer } from './grid.js';
import { meetingSources } from './sources.js';
import type { MeetingUnderTest } from './meetingUnderTest.js';
import { BENCH_LIMITS_ENV } from '../huddle/benchLimits.js';
import { receiverCounters } from '../huddle/receiverCounters.js';

const ROOM = 'meeting';
const JOIN_BATCH = 5;

/**
 * Huddle in a meeting: N lightweight participants, each publishing 3-layer simulcast (and the first few a mic)
 * from ONE shared ffmpeg encode, each receiving everyone else as a browser would (RTX/NACK/transport-cc
 * negotiated, Receiver Reports and transport-cc feedback sent), asking for the layer the grid would show.
 * The SFU (Node process + its one worker) runs in one cgroup CPU quota.
 */
export class HuddleMeeting implements MeetingUnderTest {
  readonly name = 'Huddle';
  readonly #lastN: number;
  readonly #speakers: number;
  #sfu: LocalSfu | undefined;
  #quota: CpuQuotaGroup | undefined;
  #workerPids: number[] = [];
  #participants: Participant[] = [];
  /** Per participant: the layer asked for each remote peer's camera so far. */
  readonly #asked = new Map<Participant, Map<string, number>>();
  #video: SharedRtpSource | undefined;
  #audio: SharedRtpSource | undefined;
  #forgetTeardown: (() => void) | undefined;

  constructor(options: { lastN: number; speakers: number }) {
    this.#lastN = options.lastN;
    this.#speakers = options.speakers;
  }

  get size(): number {
    return this.#participants.length;
  }

  pids(): number[] {
    return this.#sfu ? [this.#sfu.pid] : [];
  }

  workerPids(): number[] {
    return this.#workerPids;
  }

  throttledShare(): number {
    const stat = this.#quota?.throttling();
    return !stat || stat.periods === 0 ? 0 : stat.throttledPeriods / stat.periods;
  }

  async start(cpuQuota: number, periodUs: number): Promise<void> {
    this.#forgetTeardown = onTeardown(this.name, () => this.stop());
    this.#sfu = await startSfu({
      workers: 1,
      env: { ...BENCH_LIMITS_ENV, HUDDLE_LOG_LEVEL: 'error', HUDDLE_LAST_N: String(this.#lastN) },
    });
    this.#workerPids = (await mediaDump(this.#sfu)).workers.map((worker) => worker.pid);
    this.#quota = CpuQuotaGroup.create(cpuQuota, 'huddle-meeting', periodUs);
    this.#quota.addProcessTree(this.#sfu.pid);
    ({ video: this.#video, audio: this.#audio } = meetingSources());
    progress('meeting.started', { sfu: this.name, url: this.#sfu.url, quota: cpuQuota, lastN: this.#lastN });
  }

  /** Joins participants until the meeting has `size`; then every one asks for the grid's layers. */
  async grow(size: number): Promise<void> {
    const sfu = this.#sfu;
    const video = this.#video;
    const audio = this.#audio;
    if (!sfu || !video || !audio) throw new Error('start the meeting first');
    while (this.#participants.length < size) {
      const batch = Array.from({ length: Math.min(JOIN_BATCH, size - this.#participants.length) }, (_, index) => {
        const number = this.#participants.length + index;
        const speaks = number < this.#speakers;
        return joinParticipant(sfu.url, ROOM, {
          kind: 'lightweight',
          name: `p${number}`,
          receiveAsBrowser: true,
          publish: speaks ? ['camera', 'mic'] : ['camera'],
          sharedMedia: { camera: video, mic: audio },
        });
      });
      const joined = await Promise.all(batch);
      this.#participants.push(...joined);
    }
    await this.#askForGridLayers(size);
  }

  async #askForGridLayers(size: number): Promise<void> {
    const layer = gridLayer(size, this.#lastN);
    let missing = 0;
    await Promise.all(
      this.#participants.map(async (participant) => {
        const asked = this.#asked.get(participant) ?? new Map<string, number>();
        this.#asked.set(participant, asked);
        for (const other of this.#participants) {
          if (other === participant || asked.get(other.peerId) === layer) continue;
          try {
            await participant.setPreferredLayers(other, { spatialLayer: layer, temporalLayer: 2 });
            asked.set(other.peerId, layer);
          } catch {
            missing += 1; // no consumer yet: asked again at the next step
          }
        }
      }),
    );
    progress('meeting.layers', { sfu: this.name, participants: size, layer, notYet: missing });
  }

  receiverStats(): Promise<ReceiverCounters[]> {
    return Promise.all(this.#participants.map(receiverCounters));
  }

  async stop(): Promise<void> {
    const leaving = this.#participants;
    this.#participants = [];
    this.#asked.clear();
    await Promise.all(leaving.map((participant) => participant.leave().catch(() => undefined)));
    await this.#video?.stop();
    await this.#audio?.stop();
    this.#video = undefined;
    this.#audio = undefined;
    await this.#sfu?.stop();
    this.#sfu = undefined;
    this.#workerPids = [];
    this.#quota?.remove();
    this.#quota = undefined;
    this.#forgetTeardown?.();
    this.#forgetTeardown = undefined;
  }
}
