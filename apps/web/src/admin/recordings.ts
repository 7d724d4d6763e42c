import type { Recording, RecordingState } from '@huddle/shared';

/** What each state is called on the dashboard, and its pill style. */
export const RECORDING_STATE_LABELS: Record<RecordingState, { label: string; tone: '' | 'live' | 'warn' | 'danger' }> =
  {
    recording: { label: '● Recording', tone: 'live' },
    processing: { label: 'Processing', tone: 'warn' },
    ready: { label: 'Ready', tone: '' },
    failed: { label: 'Failed', tone: 'danger' },
    interrupted: { label: 'Interrupted', tone: 'warn' },
  };

/** Still changing: the dashboard polls it. */
export function isBusy(recording: Recording): boolean {
  return recording.state === 'recording' || recording.state === 'processing';
}

/** `?download=1` makes the server send it as an attachment. */
export function downloadUrl(url: string): string {
  return `${url}?download=1`;
}
