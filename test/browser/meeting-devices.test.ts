import type { Browser, Page } from 'playwright-core';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsParticipant, launchChromium, meetingUrl, statsFrom, type Participant } from '../support/browser.js';
import { capturedTracks, endCapturedTrack, recordCapturedTracks } from '../support/capturedTracks.js';
import { eventually } from '../support/eventually.js';

/** An init script: while `window.__refuseMics` is true, opening a microphone fails as with none plugged in. */
function refusableMics(): void {
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) =>
    constraints?.audio && Reflect.get(window, '__refuseMics') === true
      ? Promise.reject(new DOMException('no microphone', 'NotFoundError'))
      : getUserMedia(constraints);
}

async function expectAllEnded(page: Page, atLeast: number): Promise<void> {
  await eventually(async () => {
    const tracks = await capturedTracks(page);
    expect(tracks.length).toBeGreaterThanOrEqual(atLeast);
    expect(tracks.filter((track) => track.readyState !== 'ended')).toEqual([]);
  });
}

async function packetsFrom(viewer: Participant, peerId: string, source: string): Promise<number> {
  return (await statsFrom(viewer, peerId, source))?.packetsReceived ?? 0;
}

describe('camera, microphone and screen', () => {
  let sfu: LocalSfu;
  let browser: Browser;

  const join = (room: string, name: string, options: { camera?: boolean; mic?: boolean } = {}): Promise<Participant> =>
    joinAsParticipant(browser, sfu.url, room, name, {
      ...options,
      beforeLoad: async (page) => {
        await page.addInitScript(recordCapturedTracks);
        await page.addInitScript(refusableMics);
      },
    });

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium({ cameras: 3 });
    for (const slug of ['removal', 'ended-call', 'invite-only']) {
      await sfu.admin.post('/rooms', { slug, locked: slug === 'invite-only' });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('are all released when a host removes the person', async () => {
    const ann = await join('removal', 'Ann');
    await ann.hook('shareScreen()');
    await ann.page.getByRole('button', { name: 'Stop presenting' }).waitFor();
    await sfu.admin.post(`/rooms/removal/participants/${await ann.peerId()}/kick`, { reason: 'testing' });
    await ann.page.getByRole('heading', { name: 'You were removed from the meeting' }).waitFor();
    // Camera, mic, the screen and its sound.
    await expectAllEnded(ann.page, 3);
    await ann.close();
  });

  it('are all released when an admin ends the meeting', async () => {
    const ann = await join('ended-call', 'Ann');
    await sfu.admin.post('/rooms/ended-call/close', {});
    await ann.page.getByRole('heading', { name: 'The meeting has ended' }).waitFor();
    await expectAllEnded(ann.page, 2);
    await ann.close();
  });

  it('are all released when the join fails', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(recordCapturedTracks);
    await page.goto(meetingUrl(sfu.url, 'invite-only', 'Eve'));
    await page.getByRole('heading', { name: 'Can’t join this meeting' }).waitFor();
    // The refusal may come before the mic is even asked for: then it is never opened at all.
    await expectAllEnded(page, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await expectAllEnded(page, 1);
    await context.close();
  });

  it('fall back to another microphone when the one in use disappears, and say so', async () => {
    const ann = await join('unplugged', 'Ann', { camera: false });
    const bob = await join('unplugged', 'Bob', { camera: false, mic: false });
    const annId = await ann.peerId();
    await eventually(async () => expect(await packetsFrom(bob, annId, 'mic')).toBeGreaterThan(20), 20_000);
    const consumer = (await statsFrom(bob, annId, 'mic'))?.consumerId;

    await endCapturedTrack(ann.page, 'audio');
    await ann.page.locator('[data-notice]').filter({ hasText: 'Your microphone stopped; now using' }).waitFor();
    // The same producer carries the new track: Bob's consumer goes on, with fresh packets.
    const before = await packetsFrom(bob, annId, 'mic');
    await eventually(async () => expect(await packetsFrom(bob, annId, 'mic')).toBeGreaterThan(before + 20), 20_000);
    expect((await statsFrom(bob, annId, 'mic'))?.consumerId).toBe(consumer);
    const live = (await capturedTracks(ann.page)).filter((track) => track.readyState === 'live');
    expect(live.map((track) => track.kind)).toEqual(['audio']);

    // No microphone left at all: muted, said so; once one is back, unmuting opens a new track.
    await ann.page.evaluate('window.__refuseMics = true');
    await endCapturedTrack(ann.page, 'audio');
    await ann.page.locator('[data-notice]').filter({ hasText: 'Your microphone was disconnected.' }).waitFor();
    await bob.page.locator(`audio[data-peer-id="${annId}"][data-paused="true"]`).waitFor({ state: 'attached' });
    await ann.page.evaluate('window.__refuseMics = false');
    await ann.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await bob.page.locator(`audio[data-peer-id="${annId}"][data-paused="false"]`).waitFor({ state: 'attached' });
    const resumed = await packetsFrom(bob, annId, 'mic');
    await eventually(async () => expect(await packetsFrom(bob, annId, 'mic')).toBeGreaterThan(resumed + 20), 20_000);
    await Promise.all([ann.close(), bob.close()]);
  });

  it('stop the screen’s sound too when the browser ends the screen share', async () => {
    const ann = await join('presenting', 'Ann', { camera: false, mic: false });
    const bob = await join('presenting', 'Bob', { camera: false, mic: false });
    const annId = await ann.peerId();
    await ann.hook('shareScreen()');
    await eventually(async () => {
      expect(await packetsFrom(bob, annId, 'screen')).toBeGreaterThan(0);
      expect(await packetsFrom(bob, annId, 'screen-audio')).toBeGreaterThan(0);
    }, 20_000);

    // The browser's own "Stop sharing" ends the screen's video track.
    await endCapturedTrack(ann.page, 'video');
    await ann.page.getByRole('button', { name: 'Share screen' }).waitFor();
    await eventually(async () => {
      const sources = (await bob.stats()).filter((entry) => entry.peerId === annId).map((entry) => entry.source);
      expect(sources).toEqual([]);
    });
    await expectAllEnded(ann.page, 2);
    await Promise.all([ann.close(), bob.close()]);
  });

  it('leave no orphan track when the person picks cameras quickly before joining', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(recordCapturedTracks);
    await page.goto(`${sfu.url}/quick-picks`);
    await page.getByRole('meter', { name: 'Microphone level' }).waitFor();
    const camera = page.getByRole('combobox', { name: 'Camera', exact: true });
    await eventually(async () => expect(await camera.locator('option').count()).toBe(3));
    const ids = await camera
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option instanceof HTMLOptionElement ? option.value : '')));
    // fake_device_1 is a depth camera WebRTC cannot send: pick 2, then 0, then 2, without waiting.
    for (const index of [2, 0, 2]) await camera.selectOption(ids[index] ?? '');
    await eventually(async () => {
      const live = (await capturedTracks(page)).filter((track) => track.readyState === 'live');
      expect(live.map((track) => track.kind).sort()).toEqual(['audio', 'video']);
      expect(live.find((track) => track.kind === 'video')?.label).toContain('fake_device_2');
    });
    await context.close();
  });
});
