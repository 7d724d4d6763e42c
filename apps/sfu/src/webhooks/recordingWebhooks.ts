import type { RecordingService } from '../recording/recordingService.js';
import type { StoredRecording } from '../store/recordingStore.js';
import type { WebhookSender } from './webhookSender.js';

const summary = (recording: StoredRecording) => ({
  id: recording.id,
  state: recording.state,
  startedAt: recording.startedAt,
  durationMs: recording.durationMs,
  failureReason: recording.failureReason,
});

/** `recording.started`; `recording.finished` once ready or interrupted (files final); `recording.failed` with why. */
export function sendRecordingWebhooks(recordings: RecordingService, sender: WebhookSender): void {
  recordings.on('started', (recording) =>
    sender.send('recording.started', { room: { slug: recording.room }, recording: summary(recording) }),
  );
  recordings.on('ended', (recording) =>
    sender.send(recording.state === 'failed' ? 'recording.failed' : 'recording.finished', {
      room: { slug: recording.room },
      recording: summary(recording),
    }),
  );
}
