import { afterAll, beforeAll } from 'vitest';
import {
  joinParticipant,
  startSfu,
  type JoinParticipantOptions,
  type LocalSfu,
  type Participant,
} from '@huddle/testkit';

export type SharedSfu = {
  /** The SFU started for this describe block. */
  readonly sfu: LocalSfu;
  /** Joins `room`; whoever joined is made to leave after the block's last test. */
  join(room: string, options?: JoinParticipantOptions): Promise<Participant>;
};

/** Starts one SFU for the enclosing describe block and stops it (after everyone left) when the block ends. */
export function useSharedSfu(): SharedSfu {
  let started: LocalSfu | undefined;
  const everyone: Participant[] = [];
  beforeAll(async () => {
    started = await startSfu();
  });
  afterAll(async () => {
    await Promise.all(everyone.map((participant) => participant.leave()));
    await started?.stop();
  });
  const shared: SharedSfu = {
    get sfu(): LocalSfu {
      if (!started) throw new Error('the shared SFU is not started yet');
      return started;
    },
    async join(room, options) {
      const participant = await joinParticipant(shared.sfu.url, room, options);
      everyone.push(participant);
      return participant;
    },
  };
  return shared;
}
