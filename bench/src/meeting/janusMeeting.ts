import type { SharedRtpSource } from '@huddle/testkit';
import { JanusServer } from '../janus/janusProcess.js';
import { JanusSession, type JanusHandle } from '../janus/janusSession.js';
import { JANUS_NETWORK } from '../janus/netns.js';
import { createRoom, VIDEOROOM_PLUGIN } from '../janus/videoRoom.js';
import { createNamespace, removeNamespace } from '../netns.js';
import { progress } from '../progress.js';
import type { ReceiverCounters } from '../sfuUnderTest.js';
import { onTeardown } from '../teardown.js';
import { gridLayer } from './grid.js';
import { JanusParticipant } from './janusParticipant.js';
import { meetingSources } from './sources.js';
import type { MeetingUnderTest } from './meetingUnderTest.js';

const ROOM = 4321;
const JOIN_BATCH = 5;

/**
 * Janus 1.1 VideoRoom in a meeting: N participants each publishing simulcast (the same shared encode as Huddle's,
 * `ssrc-group:SIM`) and each subscribing to every other feed through one multistream subscriber, at the substream
 * the grid asks for. Janus has no last-N: every subscriber receives every other video. Janus runs in its network
 * namespace and cgroup CPU quota (bench/src/janus/).
 */
export class JanusMeeting implements MeetingUnderTest {
  readonly name = 'Janus 1.1.2';
  readonly #lastN: number;
  readonly #speakers: number;
  #server: JanusServer | undefined;
  #control: { session: JanusSession; handle: JanusHandle } | undefined;
  #participants: JanusParticipant[] = [];
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
    return this.#server ? [this.#server.pid] : [];
  }

  throttledShare(): number {
    const stat = this.#server?.quota?.throttling();
    return !stat || stat.periods === 0 ? 0 : stat.throttledPeriods / stat.periods;
  }

  async start(cpuQuota: number, periodUs: number): Promise<void> {
    this.#forgetTeardown = onTeardown(this.name, () => this.stop());
    await createNamespace(JANUS_NETWORK);
    this.#server = await JanusServer.start({ cpuQuota, cpuPeriodUs: periodUs });
    const session = await JanusSession.create(this.#server.baseUrl);
    const handle = await session.attach(VIDEOROOM_PLUGIN);
    this.#control = { session, handle };
    await createRoom(handle, { room: ROOM, publishers: 200, bitrate: 0 });
    ({ video: this.#video, audio: this.#audio } = meetingSources());
    progress('meeting.started', { sfu: this.name, quota: cpuQuota });
  }

  async grow(size: number): Promise<void> {
    const session = this.#control?.session;
    const video = this.#video;
    if (!session || !video) throw new Error('start the meeting first');
    while (this.#participants.length < size) {
      const count = Math.min(JOIN_BATCH, size - this.#participants.length);
      const batch = Array.from(
        { length: count },
        (_, index) => new JanusParticipant(session, ROOM, `p${this.#participants.length + index}`),
      );
      this.#participants.push(...batch);
      await Promise.all(
        batch.map((participant, index) =>
          participant.publish(
            video,
            this.#participants.length - count + index < this.#speakers ? this.#audio : undefined,
          ),
        ),
      );
    }
    // Everyone subscribes again to all the others (one multistream subscription each) at the grid's substream.
    const substream = gridLayer(size, this.#lastN);
    const feeds = this.#participants.map((participant) => participant.feed);
    for (let start = 0; start < this.#participants.length; start += JOIN_BATCH) {
      await Promise.all(
        this.#participants.slice(start, start + JOIN_BATCH).map((participant) =>
          participant.subscribe(
            feeds.filter((feed) => feed !== participant.feed),
            substream,
          ),
        ),
      );
    }
    progress('meeting.layers', { sfu: this.name, participants: size, layer: substream });
  }

  async receiverStats(): Promise<ReceiverCounters[]> {
    return this.#participants.map((participant) => participant.counters());
  }

  async stop(): Promise<void> {
    const leaving = this.#participants;
    this.#participants = [];
    for (const participant of leaving) await participant.close().catch(() => undefined);
    await this.#video?.stop();
    await this.#audio?.stop();
    this.#video = undefined;
    this.#audio = undefined;
    await this.#control?.session.destroy();
    this.#control = undefined;
    await this.#server?.stop();
    this.#server = undefined;
    await removeNamespace(JANUS_NETWORK);
    this.#forgetTeardown?.();
    this.#forgetTeardown = undefined;
  }
}
