import type { Grants, ResponseData, RoomRecording } from '@huddle/shared';
import { describe, expect, it } from 'vitest';
import { NotificationBus } from '../signaling/notifications.js';
import { Roster } from './roster.js';

const GRANTS: Grants = { publish: true, subscribe: true, screen: true, chat: true, moderate: false, record: true };
const RECORDING: RoomRecording = { recordingId: 'rec-1', startedAt: 1_000 };

function joinReply(recording: RoomRecording | null): ResponseData<'join'> {
  return {
    peerId: 'me',
    role: 'participant',
    resumeToken: 'token',
    routerRtpCapabilities: { codecs: [], headerExtensions: [] },
    peers: [],
    grants: GRANTS,
    recording,
  };
}

function resumeReply(recording: RoomRecording | null): ResponseData<'resume'> {
  return {
    peers: [],
    resumeToken: 'next',
    self: { role: 'participant', handRaised: false, producers: [], hostMuted: [] },
    recording,
  };
}

describe('Roster: the room being recorded', () => {
  it('takes it from the join reply, follows recordingChanged, and re-reads it on a resume', () => {
    const bus = new NotificationBus();
    const roster = new Roster(bus);
    const changes: Array<RoomRecording | null> = [];
    roster.on('recordingChanged', (recording) => changes.push(recording));

    roster.joined(joinReply(RECORDING));
    expect(roster.recording).toEqual(RECORDING);
    expect(roster.self?.grants.record).toBe(true);

    expect(bus.deliver('recordingChanged', { recording: null })).toBeUndefined();
    expect(roster.recording).toBeNull();
    // It started again while the socket was down: the resume reply says so.
    roster.resumed(resumeReply({ recordingId: 'rec-2', startedAt: 2_000 }));
    expect(roster.recording?.recordingId).toBe('rec-2');
    // The same recording again is no change.
    roster.resumed(resumeReply({ recordingId: 'rec-2', startedAt: 2_000 }));
    expect(changes.map((recording) => recording?.recordingId ?? null)).toEqual(['rec-1', null, 'rec-2']);
  });

  it('refuses a malformed recordingChanged and keeps what it knew', () => {
    const bus = new NotificationBus();
    const roster = new Roster(bus);
    roster.joined(joinReply(RECORDING));
    expect(bus.deliver('recordingChanged', { recording: { recordingId: 7 } })?.code).toBe('INVALID_FRAME');
    expect(roster.recording).toEqual(RECORDING);
  });
});
