import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintTokenResponseSchema, recordingListResponseSchema } from '@huddle/shared';
import { SignalProbe, joinParticipant, startSfu, type LocalSfu, type Participant } from '@huddle/testkit';
import { ADMIN, call } from '../support/api.js';
import {
  audioLateness,
  decodeErrors,
  probeFile,
  readBeeps,
  readVideoTimecode,
  videoLateness,
  videoWidth,
} from '../support/recordingMedia.js';
import { eventually } from '../support/eventually.js';
import { download, startRecording, waitForState } from '../support/recordings.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhookReceiver.js';

const RECORD_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recording', () => {
  let sfu: LocalSfu;
  let files: string;
  const everyone: Participant[] = [];

  let receiver: WebhookReceiver;

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'huddle-recording-test-'));
    receiver = await startWebhookReceiver();
    sfu = await startSfu({
      admin: ADMIN,
      env: {
        HUDDLE_RECORDINGS_MIN_FREE_MB: '50',
        HUDDLE_WEBHOOK_URLS: `${receiver.url}/hooks`,
        HUDDLE_WEBHOOK_SECRET: 'recording-webhook-secret',
      },
    });
  });
  afterAll(async () => {
    await Promise.all(everyone.map((participant) => participant.leave()));
    await sfu?.stop();
    await receiver?.close();
    rmSync(files, { recursive: true, force: true });
  });

  const joinRoom = async (room: string, name: string): Promise<Participant> => {
    const participant = await joinParticipant(sfu.url, room, {
      kind: 'lightweight',
      name,
      publish: ['mic', 'camera'],
      publishOptions: { simulcast: false },
    });
    everyone.push(participant);
    return participant;
  };

  it('records two participants for 10 s: every track file and the composed MP4 play, last 10 ± 1 s, A/V in sync', async () => {
    const alice = await joinRoom('taped', 'Alice');
    const bob = await joinRoom('taped', 'Bob');
    await bob.waitForMedia(alice, { kind: 'video' });
    await alice.waitForMedia(bob, { kind: 'video' });

    const started = await startRecording(sfu, 'taped');
    expect(started.state).toBe('recording');
    await alice.waitForNotification('recordingChanged', (data) => data.recording?.recordingId === started.id);
    await sleep(RECORD_MS);
    const stopped = await call(sfu, 'POST', `/recordings/${started.id}/stop`, { bearer: sfu.admin.token });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ id: started.id, state: 'processing' });
    const again = await call(sfu, 'POST', `/recordings/${started.id}/stop`, { bearer: sfu.admin.token });
    expect(again.status).toBe(409);
    await bob.waitForNotification('recordingChanged', (data) => data.recording === null);

    const done = await waitForState(sfu, started.id, ['ready', 'failed']);
    expect(done).toMatchObject({ state: 'ready', failureReason: null });
    expect(done.durationMs).toBeGreaterThan(RECORD_MS - 500);
    const names = done.tracks.map((track) => `${track.displayName} ${track.source}`).sort();
    expect(names).toEqual(['Alice camera', 'Alice mic', 'Bob camera', 'Bob mic']);

    const lateness: Record<string, number> = {};
    for (const track of done.tracks) {
      const path = await download(sfu, track.url, files, `${track.id}.webm`);
      const probed = await probeFile(path);
      expect(probed.streams.map((stream) => stream.type)).toEqual([track.kind]);
      expect(Math.abs(probed.durationS - RECORD_MS / 1000), `${track.displayName} ${track.source}`).toBeLessThan(1);
      expect(await decodeErrors(path)).toBe('');
      const origin = track.startedAt / 1000;
      lateness[`${track.displayName} ${track.source}`] =
        track.kind === 'video'
          ? videoLateness(await readVideoTimecode(path, { x: 0, y: 0, width: 640, height: 360 }), origin)
          : audioLateness(await readBeeps(path), origin);
    }
    console.info('track lateness (s):', lateness);

    expect(done.composed).not.toBeNull();
    const composed = await download(sfu, done.composed?.url ?? '', files, 'composed.mp4');
    const probed = await probeFile(composed);
    expect(probed.streams.map((stream) => stream.type).sort()).toEqual(['audio', 'video']);
    for (const stream of probed.streams) expect(Math.abs(stream.durationS - RECORD_MS / 1000)).toBeLessThan(1);
    expect(await decodeErrors(composed)).toBe('');
    // Two cameras side by side: 640×720 cells, each 640×360 picture centered vertically.
    const origin = done.startedAt / 1000;
    const audio = audioLateness(await readBeeps(composed), origin);
    for (const [index, name] of ['left', 'right'].entries()) {
      const frames = await readVideoTimecode(composed, { x: index * 640, y: 180, width: 640, height: 360 });
      expect(frames.length, name).toBeGreaterThan(100);
      const offset = videoLateness(frames, origin) - audio;
      console.info(`composed A/V offset, ${name} picture: ${(offset * 1000).toFixed(0)} ms`);
      expect(Math.abs(offset)).toBeLessThan(0.1);
    }
    for (const who of ['Alice', 'Bob']) {
      const offset = (lateness[`${who} camera`] ?? Number.NaN) - (lateness[`${who} mic`] ?? Number.NaN);
      expect(Math.abs(offset), `${who}'s track files`).toBeLessThan(0.1);
    }
    await eventually(() =>
      expect(
        receiver
          .delivered('/hooks')
          .filter((payload) => payload.recording?.id === started.id)
          .map((payload) => [payload.event, payload.recording?.state]),
      ).toEqual([
        ['recording.started', 'recording'],
        ['recording.finished', 'ready'],
      ]),
    );
  });

  it('follows the meeting: a participant with the record grant starts and stops it, a camera paused and resumed, someone joining and leaving', async () => {
    const token = async (identity: string, grants: Record<string, boolean>): Promise<string> =>
      mintTokenResponseSchema.parse(
        (
          await call(sfu, 'POST', '/rooms/changes/tokens', {
            bearer: sfu.admin.token,
            body: { identity, name: identity, grants },
          })
        ).body,
      ).token;
    const host = await SignalProbe.connect(sfu.wsUrl);
    const joined = await host.join('changes', 'Host', await token('host', { record: true }));
    expect(joined.grants?.record).toBe(true);
    expect(joined.recording).toBeNull();
    const alice = await joinRoom('changes', 'Alice');
    const guest = await SignalProbe.connect(sfu.wsUrl);
    expect((await guest.join('changes', 'Guest')).grants?.record).toBe(false);
    expect((await guest.requestError('startRecording', {})).code).toBe('FORBIDDEN');
    await guest.close();

    const started = await host.request('startRecording', {});
    expect((await host.requestError('startRecording', {})).code).toBe('CONFLICT');
    const late = await SignalProbe.connect(sfu.wsUrl);
    expect((await late.join('changes', 'Late')).recording).toEqual(started);
    await late.close();

    await sleep(2_500);
    await alice.setMuted('camera', true);
    await sleep(2_000);
    await alice.setMuted('camera', false);
    const carol = await joinRoom('changes', 'Carol');
    await sleep(3_000);
    await carol.leave();
    await sleep(1_500);
    await host.request('stopRecording', {});
    expect((await host.requestError('stopRecording', {})).code).toBe('NOT_FOUND');
    await alice.waitForNotification('recordingChanged', (data) => data.recording === null);

    const done = await waitForState(sfu, started.recordingId, ['ready', 'failed']);
    expect(done.state).toBe('ready');
    expect(done.startedBy).toBe('peer:host');
    const cameras = done.tracks.filter((track) => track.displayName === 'Alice' && track.source === 'camera');
    expect(cameras).toHaveLength(2);
    const [before, after] = cameras;
    expect((after?.offsetMs ?? 0) - (before?.offsetMs ?? 0)).toBeGreaterThan(3_500);
    expect(
      done.tracks
        .filter((track) => track.displayName === 'Carol')
        .map((track) => track.source)
        .sort(),
    ).toEqual(['camera', 'mic']);
    for (const track of done.tracks) {
      const path = await download(sfu, track.url, files, `${track.id}.webm`);
      expect(await decodeErrors(path), `${track.displayName} ${track.source}`).toBe('');
      expect((await probeFile(path)).durationS).toBeGreaterThan(0.5);
    }
    const composed = await download(sfu, done.composed?.url ?? '', files, 'changes.mp4');
    expect(await decodeErrors(composed)).toBe('');
    expect(Math.abs((await probeFile(composed)).durationS - (done.durationMs ?? 0) / 1000)).toBeLessThan(1);
    await host.close();
  });

  it('keeps every simulcast layer of a recorded camera on while subscribers watch only the smallest', async () => {
    const alice = await joinParticipant(sfu.url, 'layers', { kind: 'lightweight', name: 'Alice' });
    everyone.push(alice);
    const camera = await alice.publish('camera');
    const wanted: number[] = [];
    alice.signal.onNotification('layersWanted', ({ producerId, spatialLayer }) => {
      if (producerId === camera) wanted.push(spatialLayer);
    });
    const bob = await joinRoom('layers', 'Bob');
    await bob.waitForMedia(alice, { kind: 'video' });
    await bob.setPreferredLayers(alice, { spatialLayer: 0 });
    // Dynacast turns a layer off only once nobody wanted it for a while.
    await eventually(() => expect(wanted.at(-1)).toBe(0), 30_000);

    const started = await startRecording(sfu, 'layers');
    await eventually(() => expect(wanted.at(-1)).toBe(2), 30_000);
    await sleep(3_000);
    const stopped = await call(sfu, 'POST', `/recordings/${started.id}/stop`, { bearer: sfu.admin.token });
    expect(stopped.status).toBe(200);
    await eventually(() => expect(wanted.at(-1)).toBe(0), 30_000);
    const done = await waitForState(sfu, started.id, ['ready', 'failed']);
    expect(done.state).toBe('ready');
    const track = done.tracks.find((entry) => entry.displayName === 'Alice' && entry.source === 'camera');
    if (!track) throw new Error(`no camera file of Alice among ${JSON.stringify(done.tracks)}`);
    const path = await download(sfu, track.url, files, 'layers.webm');
    expect(await videoWidth(path)).toBe(640);
  });

  it('serves files with HTTP Range, lists recordings a page at a time, deletes them', async () => {
    const page = recordingListResponseSchema.parse(
      (await call(sfu, 'GET', '/recordings?limit=1', { bearer: sfu.admin.token })).body,
    );
    expect(page.recordings).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const next = recordingListResponseSchema.parse(
      (await call(sfu, 'GET', `/recordings?limit=5&cursor=${page.nextCursor ?? ''}`, { bearer: sfu.admin.token })).body,
    );
    expect(next.recordings.map((entry) => entry.id)).not.toContain(page.recordings[0]?.id);
    const ofRoom = recordingListResponseSchema.parse(
      (await call(sfu, 'GET', '/recordings?room=taped', { bearer: sfu.admin.token })).body,
    );
    expect(ofRoom.recordings.map((entry) => entry.room)).toEqual(['taped']);

    const recording = ofRoom.recordings[0];
    const url = new URL(recording?.composed?.url ?? '', sfu.url);
    const headers = { authorization: `Bearer ${sfu.admin.token}` };
    const part = await fetch(url, { headers: { ...headers, range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${recording?.composed?.sizeBytes ?? 0}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(url, { headers: { ...headers, range: 'bytes=999999999-' } })).status).toBe(416);
    const whole = await fetch(`${url.toString()}?download=1`, { headers });
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await fetch(url)).status).toBe(401);

    const id = recording?.id ?? '';
    expect((await call(sfu, 'DELETE', `/recordings/${id}`, { bearer: sfu.admin.token })).status).toBe(204);
    expect((await call(sfu, 'GET', `/recordings/${id}`, { bearer: sfu.admin.token })).status).toBe(404);
    expect((await call(sfu, 'POST', '/rooms/nobody-here/recordings', { bearer: sfu.admin.token })).status).toBe(404);
  });
});
