import { describe, expect, it } from 'vitest';
import { SignalError } from '@huddle/client';
import { actionErrorMessage, joinErrorMessage, mediaErrorMessage } from './humanErrors.js';

describe('human error messages', () => {
  it('explains why a join failed', () => {
    expect(joinErrorMessage(new SignalError('ROOM_FULL', 'room is full'))).toMatch(/meeting is full/);
    expect(joinErrorMessage(new SignalError('ROOM_LOCKED', 'room is locked'))).toMatch(/meeting is locked/);
    expect(joinErrorMessage(new SignalError('CONNECTION_CLOSED', 'could not connect'))).toMatch(
      /reach the Huddle server/,
    );
  });

  it('uses the server’s validation wording', () => {
    const error = new SignalError('INVALID_PARAMS', 'invalid', {
      details: [{ message: 'chat messages are limited to 2000 characters' }],
    });
    expect(actionErrorMessage(error)).toBe('Chat messages are limited to 2000 characters.');
  });

  it('says what to do about a blocked or missing device', () => {
    expect(mediaErrorMessage(new DOMException('no', 'NotAllowedError'), 'camera')).toMatch(/^Camera access is blocked/);
    expect(mediaErrorMessage(new DOMException('no', 'NotFoundError'), 'microphone')).toBe(
      'No microphone found. Connect one, or join without it.',
    );
  });
});
