import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callListResponseSchema,
  chatHistoryResponseSchema,
  errorBodySchema,
  roomJoinInfoSchema,
  roomListResponseSchema,
  roomResponseSchema,
} from '@huddle/shared';
import { z } from 'zod';
import { call, startAdminSfu } from '../support/api.js';
import { SignalProbe, type LocalSfu } from '@huddle/testkit';

const errorReply = z.object({ error: errorBodySchema });

describe('REST: rooms', () => {
  let sfu: LocalSfu;
  let admin: string;

  beforeAll(async () => {
    ({ sfu, admin } = await startAdminSfu());
  });
  afterAll(() => sfu?.stop());

  it('creates a room (201 + Location), reads, lists, updates and deletes it', async () => {
    const created = await call(sfu, 'POST', '/rooms', {
      bearer: admin,
      body: { slug: 'board', title: 'Board meeting', maxParticipants: 8, lobby: true },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/rooms/board');
    expect(roomResponseSchema.parse(created.body)).toMatchObject({
      slug: 'board',
      title: 'Board meeting',
      maxParticipants: 8,
      locked: false,
      lobby: true,
      chat: true,
      recordingReady: false,
      live: { active: false, participants: 0, waiting: 0 },
    });

    const read = await call(sfu, 'GET', '/rooms/board', { bearer: admin });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await call(sfu, 'PATCH', '/rooms/board', {
      bearer: admin,
      body: { title: 'Board', locked: true, chat: false, recordingReady: true },
    });
    expect(patched.status).toBe(200);
    expect(roomResponseSchema.parse(patched.body)).toMatchObject({ title: 'Board', locked: true, chat: false });

    const listed = roomListResponseSchema.parse((await call(sfu, 'GET', '/rooms', { bearer: admin })).body);
    expect(listed.rooms.map((room) => room.slug)).toContain('board');

    expect((await call(sfu, 'DELETE', '/rooms/board', { bearer: admin })).status).toBe(204);
    expect((await call(sfu, 'GET', '/rooms/board', { bearer: admin })).status).toBe(404);
    expect((await call(sfu, 'DELETE', '/rooms/board', { bearer: admin })).status).toBe(404);
  });

  it('tells anyone how a room is joined (join-info): webinar or meeting, chat on or off', async () => {
    await call(sfu, 'POST', '/rooms', { bearer: admin, body: { slug: 'keynote', mode: 'webinar', chat: false } });
    const webinar = await call(sfu, 'GET', '/rooms/keynote/join-info');
    expect(webinar.status).toBe(200);
    expect(roomJoinInfoSchema.parse(webinar.body)).toEqual({ mode: 'webinar', chat: false });
    // A room nobody created is joined ad hoc: a meeting with chat.
    const adHoc = await call(sfu, 'GET', '/rooms/nobody-made-this/join-info');
    expect(roomJoinInfoSchema.parse(adHoc.body)).toEqual({ mode: 'meeting', chat: true });
    expect((await call(sfu, 'GET', '/rooms/not%20a%20slug/join-info')).status).toBe(400);
    await call(sfu, 'DELETE', '/rooms/keynote', { bearer: admin });
  });

  it('answers bad bodies with 400 and field errors, a taken slug with 409, an unknown room with 404', async () => {
    const bad = await call(sfu, 'POST', '/rooms', {
      bearer: admin,
      body: { slug: '../x', maxParticipants: 0, locked: 'yes', extra: 1 },
    });
    expect(bad.status).toBe(400);
    const { error } = errorReply.parse(bad.body);
    expect(error.code).toBe('INVALID_PARAMS');
    const paths = z.array(z.object({ path: z.string(), message: z.string() })).parse(error.details);
    expect(paths.map((detail) => detail.path)).toEqual(expect.arrayContaining(['slug', 'maxParticipants', 'locked']));

    expect((await call(sfu, 'PATCH', '/rooms/nope', { bearer: admin, body: {} })).status).toBe(400);
    expect((await call(sfu, 'PATCH', '/rooms/nope', { bearer: admin, body: { lobby: true } })).status).toBe(404);
    expect((await call(sfu, 'GET', '/rooms/bad%20slug', { bearer: admin })).status).toBe(400);

    expect((await call(sfu, 'POST', '/rooms', { bearer: admin, body: { slug: 'twice' } })).status).toBe(201);
    const again = await call(sfu, 'POST', '/rooms', { bearer: admin, body: { slug: 'twice' } });
    expect(again.status).toBe(409);
    expect(errorReply.parse(again.body).error.code).toBe('CONFLICT');
  });

  it('refuses malformed JSON and oversized bodies, and sends security headers', async () => {
    const malformed = await call(sfu, 'POST', '/rooms', { bearer: admin, rawBody: '{"slug": ' });
    expect(malformed.status).toBe(400);
    expect(errorReply.parse(malformed.body).error.code).toBe('BAD_JSON');
    const huge = await call(sfu, 'POST', '/rooms', { bearer: admin, body: { slug: 'big', title: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(413);
    expect(errorReply.parse(huge.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(huge.headers.get('x-content-type-options')).toBe('nosniff');
    expect(huge.headers.get('x-frame-options')).toBe('DENY');
  });

  it('shows live participant counts and ends the call for everyone on delete', async () => {
    await call(sfu, 'POST', '/rooms', { bearer: admin, body: { slug: 'live-count' } });
    const ann = await SignalProbe.connect(sfu.wsUrl);
    const bob = await SignalProbe.connect(sfu.wsUrl);
    await ann.join('live-count', 'Ann');
    await bob.join('live-count', 'Bob');
    const room = roomResponseSchema.parse((await call(sfu, 'GET', '/rooms/live-count', { bearer: admin })).body);
    expect(room.live).toEqual({ active: true, participants: 2, waiting: 0 });
    const adHoc = await SignalProbe.connect(sfu.wsUrl);
    await adHoc.join('not-stored', 'Cat');
    const calls = callListResponseSchema.parse((await call(sfu, 'GET', '/calls', { bearer: admin })).body);
    expect(calls.calls.map(({ room, stored, participants }) => ({ room, stored, participants }))).toEqual(
      expect.arrayContaining([
        { room: 'live-count', stored: true, participants: 2 },
        { room: 'not-stored', stored: false, participants: 1 },
      ]),
    );
    await adHoc.close();

    expect((await call(sfu, 'DELETE', '/rooms/live-count', { bearer: admin })).status).toBe(204);
    for (const client of [ann, bob]) {
      expect(await client.waitForNotification('roomClosed')).toEqual({ reason: 'closedByAdmin', rejoin: false });
    }
    expect((await ann.requestError('getChatHistory', { limit: 50 })).code).toBe('NOT_JOINED');
    await Promise.all([ann.close(), bob.close()]);
  });

  it('ends a call but keeps the room with POST /close, and pages the chat history', async () => {
    await call(sfu, 'POST', '/rooms', { bearer: admin, body: { slug: 'closing' } });
    expect((await call(sfu, 'POST', '/rooms/closing/close', { bearer: admin })).status).toBe(404);
    const ann = await SignalProbe.connect(sfu.wsUrl);
    await ann.join('closing', 'Ann');
    const bob = await SignalProbe.connect(sfu.wsUrl);
    const bobId = (await bob.join('closing', 'Bob')).peerId;
    for (const text of ['one', 'two', 'three']) await ann.request('sendChat', { text });
    await ann.request('sendChat', { text: 'private', to: bobId });

    const latest = chatHistoryResponseSchema.parse(
      (await call(sfu, 'GET', '/rooms/closing/chat?limit=2', { bearer: admin })).body,
    );
    expect(latest.messages.map((message) => message.text)).toEqual(['three', 'private']);
    expect(latest.hasMore).toBe(true);
    const older = chatHistoryResponseSchema.parse(
      (await call(sfu, 'GET', `/rooms/closing/chat?beforeSeq=${latest.messages[0]?.seq}`, { bearer: admin })).body,
    );
    expect(older).toMatchObject({ hasMore: false, messages: [{ text: 'one' }, { text: 'two' }] });
    expect((await call(sfu, 'GET', '/rooms/closing/chat?limit=0', { bearer: admin })).status).toBe(400);

    expect((await call(sfu, 'POST', '/rooms/closing/close', { bearer: admin })).status).toBe(204);
    expect(await ann.waitForNotification('roomClosed')).toEqual({ reason: 'closedByAdmin', rejoin: false });
    expect((await call(sfu, 'GET', '/rooms/closing', { bearer: admin })).status).toBe(200);
    await Promise.all([ann.close(), bob.close()]);
  });
});
