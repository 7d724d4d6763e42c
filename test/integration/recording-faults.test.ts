import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { joinParticipant, startSfu, type LocalSfu, type Participant } from '@huddle/testkit';
import { ADMIN, call } from '../support/api.js';
import { descendantsOf, isRunning, waitUntilGone } from '../support/processes.js';
import { decodeErrors, probeFile } from '../support/recordingMedia.js';
import { download, getRecording, startRecording, waitForState } from '../support/recordings.js';
import type { Recording } from '@huddle/shared';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SFU's ffmpeg processes that write track files (their command line names an SDP file of a recording). */
function trackRecorders(sfu: LocalSfu): Array<{ pid: number; commandLine: string }> {
  return descendantsOf(sfu.pid).flatMap((pid) => {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      return commandLine.startsWith('ffmpeg') && commandLine.includes('.webm.sdp') ? [{ pid, commandLine }] : [];
    } catch {
      return [];
    }
  });
}

/** Every track file of `recording` downloads, decodes without an error, and lasts more than `minS`. */
async function expectPlayable(sfu: LocalSfu, recording: Recording, dir: string, minS: number): Promise<void> {
  expect(recording.tracks.length).toBeGreaterThan(0);
  for (const track of recording.tracks) {
    const path = await download(sfu, track.url, dir, `${track.id}.webm`);
    expect(await decodeErrors(path), `${track.displayName} ${track.source}`).toBe('');
    expect((await probeFile(path)).durationS, `${track.displayName} ${track.source}`).toBeGreaterThan(minS);
  }
  if (recording.composed) {
    const composed = await download(sfu, recording.composed.url, dir, `${recording.id}.mp4`);
    expect(await decodeErrors(composed)).toBe('');
  }
}

describe('recording faults', () => {
  let dataDir: string;
  let files: string;
  let sfu: LocalSfu | undefined;
  const everyone: Participant[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'huddle-recording-faults-'));
    files = mkdtempSync(join(tmpdir(), 'huddle-recording-files-'));
  });
  afterEach(async () => {
    await Promise.all(everyone.splice(0).map((participant) => participant.leave()));
    await sfu?.stop();
    sfu = undefined;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  const meeting = async (target: LocalSfu, room: string): Promise<void> => {
    for (const name of ['Alice', 'Bob']) {
      everyone.push(
        await joinParticipant(target.url, room, {
          kind: 'lightweight',
          name,
          publish: ['mic', 'camera'],
          publishOptions: { simulcast: false },
        }),
      );
    }
  };

  it('marks the recording failed with the reason when an ffmpeg dies, and keeps what it wrote playable', async () => {
    sfu = await startSfu({ admin: ADMIN, dataDir, env: { HUDDLE_RECORDINGS_MIN_FREE_MB: '50' } });
    await meeting(sfu, 'crashy');
    const started = await startRecording(sfu, 'crashy');
    await sleep(4_000);
    const victim = trackRecorders(sfu).find((entry) => entry.commandLine.includes('_camera_'));
    expect(victim, 'an ffmpeg writing a camera track').toBeDefined();
    process.kill(victim?.pid ?? 0, 'SIGKILL');

    const failed = await waitForState(sfu, started.id, ['failed', 'ready']);
    expect(failed.state).toBe('failed');
    expect(failed.failureReason).toMatch(/camera \(ffmpeg\) was killed by SIGKILL/);
    expect(failed.tracks).toHaveLength(4);
    await expectPlayable(sfu, failed, files, 2);
    expect(trackRecorders(sfu)).toEqual([]);
  });

  it('finalizes a recording left running by a killed SFU as interrupted after the restart, its files playable', async () => {
    const first = await startSfu({ admin: ADMIN, dataDir, env: { HUDDLE_RECORDINGS_MIN_FREE_MB: '50' } });
    sfu = first;
    await meeting(first, 'unplugged');
    const started = await startRecording(first, 'unplugged');
    await sleep(5_000);
    const recorders = trackRecorders(first).map((entry) => entry.pid);
    expect(recorders).toHaveLength(4);
    process.kill(first.pid, 'SIGKILL');
    // The kernel ends every ffmpeg of the SFU with it (parent-death signal): no orphan keeps writing.
    expect(await waitUntilGone([first.pid, ...recorders])).toEqual([]);
    await Promise.all(everyone.splice(0).map((participant) => participant.leave()));
    await first.stop();

    sfu = await startSfu({ admin: ADMIN, dataDir, env: { HUDDLE_RECORDINGS_MIN_FREE_MB: '50' } });
    const interrupted = await waitForState(sfu, started.id, ['interrupted']);
    expect(interrupted.failureReason).toMatch(/server stopped while recording/);
    expect(interrupted.durationMs).toBeGreaterThan(3_000);
    expect(interrupted.composed).not.toBeNull();
    await expectPlayable(sfu, interrupted, files, 3);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'refuses to start below the free-space floor, and stops cleanly when the disk fills',
    async () => {
      const disk = mkdtempSync(join(tmpdir(), 'huddle-recording-disk-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=40m', 'tmpfs', disk]);
      try {
        sfu = await startSfu({
          admin: ADMIN,
          dataDir,
          env: { HUDDLE_RECORDINGS_DIR: disk, HUDDLE_RECORDINGS_MIN_FREE_MB: '30' },
        });
        await meeting(sfu, 'filling');
        const started = await startRecording(sfu, 'filling');
        await sleep(3_000);
        writeFileSync(join(disk, 'ballast'), Buffer.alloc(12 * 1024 * 1024));
        const stopped = await waitForState(sfu, started.id, ['failed', 'ready'], 30_000);
        expect(stopped.state).toBe('failed');
        expect(stopped.failureReason).toMatch(/disk filled up .* below recordings.minFreeMb 30 MB/);
        expect(stopped.tracks).toHaveLength(4);
        for (const pid of trackRecorders(sfu).map((entry) => entry.pid)) expect(isRunning(pid)).toBe(false);
        await expectPlayable(sfu, await getRecording(sfu, started.id), files, 1.5);

        const refused = await call(sfu, 'POST', '/rooms/filling/recordings', { bearer: sfu.admin.token });
        expect(refused.status).toBe(507);
        expect(refused.body).toMatchObject({ error: { code: 'STORAGE_FULL' } });
        await Promise.all(everyone.splice(0).map((participant) => participant.leave()));
        await sfu.stop();
        sfu = undefined;
      } finally {
        execFileSync('umount', ['-l', disk]);
        rmSync(disk, { recursive: true, force: true });
      }
    },
  );
});
