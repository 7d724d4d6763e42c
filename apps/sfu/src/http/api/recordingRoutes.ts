import {
  recordingListQuerySchema,
  recordingListResponseSchema,
  recordingParamsSchema,
  recordingSchema,
  recordingTrackParamsSchema,
  roomSlugParamsSchema,
} from '@huddle/shared';
import { COMPOSED_FILE } from '../../recording/composer.js';
import { HuddleError } from '../../errors.js';
import type { Services } from '../../services.js';
import { actorOf, audit } from './audit.js';
import { sendFile } from './fileReply.js';
import { recordingView } from './recordingViews.js';
import { defineRoute, type ApiRoute } from './route.js';

const TRACK_TYPES = ['video/webm', 'audio/webm', 'video/x-matroska'];

/** Recordings: start and stop one, list and read them, fetch their files (HTTP Range), delete them. */
export function recordingRoutes({ recordings, store }: Services): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/rooms/:slug/recordings',
      summary: "Start recording the room's call (every track, composed into one MP4 after it stops)",
      tag: 'recordings',
      access: 'operator',
      params: roomSlugParamsSchema,
      status: 201,
      response: recordingSchema,
      handle: async ({ ctx, params }) => {
        const started = await recordings.start(params.slug, actorOf(ctx));
        await audit(store, ctx, 'recording.start', params.slug, { recordingId: started.id });
        ctx.set('Location', `/api/v1/recordings/${started.id}`);
        return recordingView(started);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/recordings/:id/stop',
      summary: 'Stop a recording (it is then finalized and composed: poll its state)',
      tag: 'recordings',
      access: 'operator',
      params: recordingParamsSchema,
      response: recordingSchema,
      handle: async ({ ctx, params }) => {
        const stopped = await recordings.stop(params.id);
        await audit(store, ctx, 'recording.stop', stopped.room, { recordingId: stopped.id });
        return recordingView(stopped);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/recordings',
      summary: 'List recordings, newest first (of one room with ?room=), a page at a time',
      tag: 'recordings',
      access: 'operator',
      query: recordingListQuerySchema,
      response: recordingListResponseSchema,
      handle: async ({ query }) => {
        const page = await store.recordings.list(query);
        return { recordings: page.recordings.map(recordingView), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/recordings/:id',
      summary: 'A recording: state, times, duration, tracks, sizes, failure reason',
      tag: 'recordings',
      access: 'operator',
      params: recordingParamsSchema,
      response: recordingSchema,
      handle: async ({ params }) => recordingView(await recordings.get(params.id)),
    }),
    defineRoute({
      method: 'get',
      path: '/recordings/:id/file',
      summary: 'The composed MP4 (HTTP Range supported; ?download=1 to save it)',
      tag: 'recordings',
      access: 'operator',
      params: recordingParamsSchema,
      fileTypes: ['video/mp4'],
      handle: async ({ ctx, params }) => {
        const recording = await recordings.get(params.id);
        if (!recording.composed) {
          throw new HuddleError('NOT_FOUND', `recording ${params.id} has no composed file (it is ${recording.state})`);
        }
        return sendFile(ctx, recordings.pathOf(recording, COMPOSED_FILE), 'video/mp4', ctx.query.download === '1');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/recordings/:id/tracks/:trackId/file',
      summary: 'One track file as recorded (WebM or Matroska; HTTP Range supported; ?download=1 to save it)',
      tag: 'recordings',
      access: 'operator',
      params: recordingTrackParamsSchema,
      fileTypes: TRACK_TYPES,
      handle: async ({ ctx, params }) => {
        const recording = await recordings.get(params.id);
        const track = recording.tracks.find((candidate) => candidate.id === params.trackId);
        if (!track) throw new HuddleError('NOT_FOUND', `recording ${params.id} has no track ${params.trackId}`);
        const type = track.file.endsWith('.mkv') ? 'video/x-matroska' : `${track.kind}/webm`;
        return sendFile(ctx, recordings.pathOf(recording, track.file), type, ctx.query.download === '1');
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/recordings/:id',
      summary: 'Delete a finished recording and its files',
      tag: 'recordings',
      access: 'operator',
      params: recordingParamsSchema,
      status: 204,
      handle: async ({ ctx, params }) => {
        const recording = await recordings.get(params.id);
        await recordings.delete(params.id);
        await audit(store, ctx, 'recording.delete', recording.room, { recordingId: params.id });
      },
    }),
  ];
}
