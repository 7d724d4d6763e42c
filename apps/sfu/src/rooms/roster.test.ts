import type { NotificationData, NotificationName, PeerInfo } from '@huddle/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCH_MS, Roster, type RosterMember } from './roster.js';

class Member implements RosterMember {
  readonly received: string[] = [];
  constructor(readonly id: string) {}
  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    this.received.push(name === 'batch' ? JSON.stringify(data) : name);
  }
}

function info(peerId: string): PeerInfo {
  return {
    peerId,
    displayName: peerId,
    role: 'participant',
    state: 'connected',
    handRaised: false,
    producers: [],
    joinedAt: 0,
  };
}

describe('Roster', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends nobody a change that was queued before their join reply took its snapshot', () => {
    const members: Member[] = [];
    const roster = new Roster({ members: () => members, audience: () => 0 });
    const ann = new Member('ann');
    members.push(ann);
    roster.snapshotTaken('ann');
    roster.joined(info('ann'));
    const bob = new Member('bob');
    members.push(bob);
    roster.snapshotTaken('bob');
    roster.joined(info('bob'));
    roster.stateChanged('ann', 'reconnecting');
    vi.advanceTimersByTime(BATCH_MS);
    expect(ann.received).toEqual(['peerJoined']);
    expect(bob.received).toEqual(['peerStateChanged']);
    roster.close();
  });

  it('sends a member joined in an earlier window everything of the next one', () => {
    const members = [new Member('ann')];
    const roster = new Roster({ members: () => members, audience: () => 0 });
    roster.snapshotTaken('ann');
    vi.advanceTimersByTime(BATCH_MS);
    roster.joined(info('bob'));
    roster.left('cat');
    vi.advanceTimersByTime(BATCH_MS);
    expect(members[0]?.received).toHaveLength(1);
    expect(members[0]?.received[0]).toContain('peerJoined');
    expect(members[0]?.received[0]).toContain('peerLeft');
    roster.close();
  });
});
