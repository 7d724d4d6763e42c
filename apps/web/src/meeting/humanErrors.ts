import { CHAT_MAX_LENGTH, type ErrorCode } from '@huddle/shared';
import { isSignalError, UnsupportedBrowserError, type CloseReason } from '@huddle/client';
import { z } from 'zod';

// Every error a person may see is worded here, and only here.

const GENERIC = 'Something went wrong. Try again in a moment.';

const CONNECTION: Partial<Record<ErrorCode, string>> = {
  CONNECTION_CLOSED: 'Can’t reach the Huddle server. Check your internet connection, then try again.',
  TIMEOUT: 'The Huddle server is not answering. Try again in a moment.',
  SERVICE_UNAVAILABLE: 'The Huddle server is busy right now. Try again in a moment.',
  SERVER_DRAINING: 'The Huddle server is restarting. Try again in a minute.',
  TOO_MANY_CONNECTIONS: 'The Huddle server has too many connections right now. Try again in a minute.',
  RATE_LIMITED: 'That was a lot at once. Wait a second, then try again.',
  PROTOCOL_VERSION_MISMATCH: 'This page is out of date. Reload it to get the latest Huddle.',
};

const JOIN: Partial<Record<ErrorCode, string>> = {
  ...CONNECTION,
  ROOM_FULL: 'This meeting is full. Try again later, or ask someone inside to make room.',
  ROOM_LOCKED: 'This meeting is locked. Ask its organizer for an invitation link.',
  LOBBY_DENIED: 'The host did not let you in.',
  LOBBY_TIMEOUT: 'Nobody let you in: the host did not answer in time. Try again, or ask the host to admit you.',
  LOBBY_FULL: 'Too many people are waiting to be let in right now. Try again in a few minutes.',
  ROOM_NOT_FOUND: 'This meeting does not exist (any more). Check the link.',
  BANNED: 'You were removed from this meeting and cannot join it again.',
  LIMIT_REACHED: 'This meeting has reached a limit set by its organizer.',
  FORBIDDEN: 'This invitation is for another meeting.',
  UNAUTHORIZED: 'This invitation link is not valid any more. Ask for a new one.',
  INVALID_PARAMS: 'That room name or display name is not valid.',
};

const ACTION: Partial<Record<ErrorCode, string>> = {
  ...CONNECTION,
  CONNECTION_CLOSED: 'You are offline right now; try again once you are reconnected.',
  NOT_JOINED: 'You are offline right now; try again once you are reconnected.',
  FORBIDDEN: 'You don’t have permission to do that in this meeting.',
  NOT_FOUND: 'That participant has left the meeting.',
  MUTED_BY_HOST: 'The host muted you. Ask to unmute, and wait until the host allows it.',
};

const detailsSchema = z.array(z.object({ message: z.string().min(1) })).min(1);

function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

/** A validation message from the shared schemas ("chat messages are limited to 2000 characters"), as a sentence. */
export function validationMessage(message: string): string {
  return message ? sentence(message) : GENERIC;
}

/** Why this browser cannot take part, in words; the pre-join page shows it before anything is tried. */
export function unsupportedBrowserMessage(missing: string): string {
  return `This browser is not supported: ${missing}. Use a current version of Chrome, Edge, Firefox or Safari.`;
}

/** Why joining a meeting failed (unsupported browser, room full, locked, server unreachable, …). */
export function joinErrorMessage(error: unknown): string {
  if (error instanceof UnsupportedBrowserError) return unsupportedBrowserMessage(error.missing);
  if (isSignalError(error)) return JOIN[error.code] ?? GENERIC;
  return GENERIC;
}

/** Why a session we were in ended without our leaving (a failed rejoin, another tab taking it over). */
export function closeErrorMessage(reason: CloseReason, error: Error | undefined): string {
  if (reason === 'replaced') return 'You joined this meeting from another tab or device, so this one left.';
  const why = error === undefined ? undefined : joinErrorMessage(error);
  return why && why !== GENERIC
    ? `The connection could not be restored. ${why}`
    : 'The connection to the meeting could not be restored.';
}

/** The banner while a join is retried: the server asked us to wait (restarting, busy). */
export function retryMessage(code: ErrorCode): string {
  if (code === 'SERVER_DRAINING') return 'The server is restarting, retrying…';
  if (code === 'CONNECTION_CLOSED' || code === 'TIMEOUT') return 'Can’t reach the server, retrying…';
  return 'The server is busy, retrying…';
}

/** Why an action in the meeting failed; validation errors carry the server's own wording. */
export function actionErrorMessage(error: unknown): string {
  if (!isSignalError(error)) return GENERIC;
  if (error.code === 'INVALID_PARAMS') {
    const details = detailsSchema.safeParse(error.details);
    if (details.success) return sentence(details.data[0]?.message ?? GENERIC);
  }
  return ACTION[error.code] ?? GENERIC;
}

/** Shown while a draft is over the chat size limit, before anything is sent. */
export function chatTooLongMessage(length: number): string {
  return `Chat messages are limited to ${CHAT_MAX_LENGTH} characters; this one has ${length}.`;
}

export type CaptureDevice = 'camera' | 'microphone' | 'camera and microphone';

const errorNameSchema = z.object({ name: z.string() });

function errorName(error: unknown): string {
  const parsed = errorNameSchema.safeParse(error);
  return parsed.success ? parsed.data.name : '';
}

/** Why getUserMedia failed, in words that say what to do next. */
export function mediaErrorMessage(error: unknown, device: CaptureDevice): string {
  const Device = device.charAt(0).toUpperCase() + device.slice(1);
  switch (errorName(error)) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `${Device} access is blocked. Allow it in your browser’s site settings (next to the address bar), then try again.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${device} found. Connect one, or join without it.`;
    case 'NotReadableError':
    case 'AbortError':
      return `Your ${device} could not start. Another app may be using it: close it, then try again.`;
    default:
      return `Your ${device} could not start.`;
  }
}

/** Screen sharing: the person cancelling the browser's picker is not an error (null). */
export function screenShareErrorMessage(error: unknown): string | null {
  if (errorName(error) === 'NotAllowedError') return null;
  return 'Screen sharing could not start.';
}
