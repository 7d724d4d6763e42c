import type { Recording } from '@huddle/shared';
import type { StoredRecording } from '../../store/recordingStore.js';
import { API_PREFIX } from './openApi.js';

/** A stored recording as the REST API shows it: file URLs instead of paths, offsets on its timeline, total size. */
export function recordingView(stored: StoredRecording): Recording {
  const base = `${API_PREFIX}/recordings/${stored.id}`;
  const tracks = stored.tracks.map((track) => ({
    id: track.id,
    peerId: track.peerId,
    displayName: track.displayName,
    source: track.source,
    kind: track.kind,
    codec: track.codec,
    startedAt: track.startedAt,
    offsetMs: track.startedAt - stored.startedAt,
    durationMs: track.durationMs,
    sizeBytes: track.sizeBytes,
    url: `${base}/tracks/${track.id}/file`,
  }));
  const composedBytes = stored.composed?.sizeBytes ?? 0;
  return {
    id: stored.id,
    room: stored.room,
    state: stored.state,
    startedBy: stored.startedBy,
    startedAt: stored.startedAt,
    endedAt: stored.endedAt,
    durationMs: stored.durationMs,
    failureReason: stored.failureReason,
    sizeBytes: tracks.reduce((total, track) => total + track.sizeBytes, composedBytes),
    composed: stored.composed
      ? { url: `${base}/file`, sizeBytes: stored.composed.sizeBytes, durationMs: stored.composed.durationMs }
      : null,
    tracks,
  };
}
