import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectTileVideoAdvancing,
  joinAsParticipant,
  launchChromium,
  meetingUrl,
  renderedFrames,
  saveScreenshot,
  statsFrom,
  type Participant,
} from '../support/browser.js';
import { fakeCameraClip } from '../support/screenshotMedia.js';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

const ROOM = 'weekly-sync';

describe('joining a meeting', () => {
  let sfu: LocalSfu;
  let browser: Browser;
  const people: Participant[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium({ cameras: 3 });
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('starts from the landing page: a new meeting gets a readable name, a typed one is checked', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(sfu.url);
    await page.getByRole('button', { name: 'New meeting' }).click();
    await page.getByRole('heading', { name: 'Ready to join?' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/[a-z]+-[a-z]+-\d{4}$/);
    await page.goto(sfu.url);
    const name = page.getByRole('textbox', { name: 'Meeting name' });
    await name.fill('team sync');
    await page.getByText('Use letters, digits').waitFor();
    expect(await page.getByRole('button', { name: 'Join', exact: true }).isDisabled()).toBe(true);
    await name.fill('team-sync');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('heading', { name: 'Ready to join?' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/team-sync');
    await context.close();
  });

  it('checks devices on the pre-join screen, remembers the name, and joins with the camera off', async () => {
    // Its own browser, whose camera plays a presentable clip for the screenshot.
    const clipBrowser = await launchChromium({ cameraFile: await fakeCameraClip(2) });
    const context = await clipBrowser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${sfu.url}/${ROOM}`);
    const name = page.getByRole('textbox', { name: 'Your name' });
    // A first visit suggests a friendly, unique-looking name.
    expect(await name.inputValue()).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{2}$/);
    // Live preview, a moving mic meter, and the devices to choose from.
    await eventually(async () => {
      const frames = await renderedFrames(page, 'video[data-local="preview"]');
      expect([...frames.values()][0] ?? 0).toBeGreaterThan(5);
    }, 10_000);
    await eventually(async () => {
      const level = Number(await page.getByRole('meter', { name: 'Microphone level' }).getAttribute('data-mic-level'));
      expect(level).toBeGreaterThan(0.05);
    }, 10_000);
    expect(await page.getByRole('combobox', { name: 'Camera' }).locator('option').count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Microphone' }).locator('option').count()).toBeGreaterThan(1);
    await name.fill('Dana Scully');
    await saveScreenshot(page, 'prejoin');

    await page.getByRole('button', { name: 'Turn off camera' }).click();
    await page.getByText('Camera is off').waitFor();
    await page.getByRole('button', { name: 'Join meeting' }).click();
    await page.waitForSelector('main.room[data-connection-state="connected"]');
    await page.locator('article.tile[data-tile="self"][data-camera="off"][data-mic="on"]').waitFor();
    await page.getByRole('button', { name: 'Turn on camera' }).waitFor();

    // The name is remembered for the next meeting.
    const again = await context.newPage();
    await again.goto(`${sfu.url}/another-room`);
    expect(await again.getByRole('textbox', { name: 'Your name' }).inputValue()).toBe('Dana Scully');
    await page.getByRole('button', { name: 'Leave meeting' }).click();
    await clipBrowser.close();
  });

  it('joins straight from /<room>?name=, and three participants see each other', async () => {
    for (const name of ['Ann', 'Bob']) people.push(await joinAsParticipant(browser, sfu.url, ROOM, name));
    // The last one in: how long from opening the link to the first remote video frame on screen?
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(meetingUrl(sfu.url, ROOM, 'Cat'));
    await page.waitForSelector('main.room[data-connection-state="connected"]');
    const joinedMs = Date.now() - started;
    await eventually(
      async () => expect([...(await renderedFrames(page)).values()].some((n) => n > 0)).toBe(true),
      20_000,
      20,
    );
    process.stderr.write(
      `[meeting-join] open → joined ${joinedMs} ms, open → first remote frame ${Date.now() - started} ms\n`,
    );
    const cat: Participant = {
      page,
      name: 'Cat',
      peerId: async () => (await page.locator('main.room').getAttribute('data-peer-id')) ?? '',
      stats: () => Promise.reject(new Error('not used')),
      hook: (call) => page.evaluate(`window.__huddleTest.${call}`),
      close: () => context.close(),
    };
    people.push(cat);

    for (const viewer of people) {
      const others = people.filter((person) => person !== viewer);
      await eventually(async () => expect(await viewer.page.locator('article.tile[data-tile="peer"]').count()).toBe(2));
      for (const other of others) {
        const peerId = await other.peerId();
        await expectTileVideoAdvancing(viewer.page, peerId);
        expect(await viewer.page.locator(`article.tile[data-peer-id="${peerId}"]`).getAttribute('aria-label')).toBe(
          other.name,
        );
        // Connection quality from the SFU's consumer scores.
        await viewer.page.locator(`article.tile[data-peer-id="${peerId}"][data-quality="good"]`).waitFor();
      }
    }
    // Chromium's fake microphones beep: someone is shown speaking, and someone is the active speaker.
    await people[0]?.page.getByRole('img', { name: 'Speaking' }).first().waitFor({ timeout: 15_000 });
    await people[0]?.page.locator('article.tile[data-speaking="true"]').first().waitFor({ timeout: 15_000 });
  });

  it('updates mute and camera indicators on every tile and in the participant list', async () => {
    const [ann, bob, cat] = people;
    if (!ann || !bob || !cat) throw new Error('participants missing');
    const bobId = await bob.peerId();
    await bob.page.getByRole('button', { name: 'Mute microphone' }).click();
    await bob.page.getByRole('button', { name: 'Turn off camera' }).click();
    for (const viewer of [ann, cat]) {
      const tile = viewer.page.locator(`article.tile[data-peer-id="${bobId}"]`);
      await tile
        .locator('[data-mic="muted"]')
        .or(tile.and(viewer.page.locator('[data-mic="muted"]')))
        .waitFor();
      await tile.getByRole('img', { name: 'Microphone off' }).waitFor();
      await eventually(async () => expect(await tile.getAttribute('data-camera')).toBe('off'));
      await viewer.page.getByRole('button', { name: /^Participants/ }).click();
      const row = viewer.page.locator(`[data-person="${bobId}"]`);
      await row.getByRole('img', { name: 'Microphone off' }).waitFor();
      await row.getByRole('img', { name: 'Camera off' }).waitFor();
    }
    await bob.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await bob.page.getByRole('button', { name: 'Turn on camera' }).click();
    for (const viewer of [ann, cat]) {
      const row = viewer.page.locator(`[data-person="${bobId}"]`);
      await row.getByRole('img', { name: 'Microphone on' }).waitFor();
      await row.getByRole('img', { name: 'Camera on' }).waitFor();
      await expectTileVideoAdvancing(viewer.page, bobId);
    }
  });

  it('switches camera mid-call without a new producer: the others keep the same consumer', async () => {
    const [ann, , cat] = people;
    if (!ann || !cat) throw new Error('participants missing');
    const catId = await cat.peerId();
    const video = ann.page.locator(`article.tile video[data-peer-id="${catId}"][data-source="camera"]`);
    const consumerBefore = await video.getAttribute('data-consumer-id');
    await cat.page.getByRole('button', { name: 'Settings' }).click();
    const select = cat.page.getByRole('combobox', { name: 'Camera' });
    await select.selectOption({ label: 'fake_device_2' });
    await eventually(async () =>
      expect(
        await cat.page.$eval('video[data-local="camera"]', (element) =>
          element instanceof HTMLVideoElement && element.srcObject instanceof MediaStream
            ? element.srcObject.getVideoTracks()[0]?.label
            : null,
        ),
      ).toBe('fake_device_2'),
    );
    await expectTileVideoAdvancing(ann.page, catId);
    expect(await video.getAttribute('data-consumer-id')).toBe(consumerBefore);

    // The microphone too: Ann keeps hearing Cat on the same consumer.
    const micBefore = await statsFrom(ann, catId, 'mic');
    const mics = cat.page.getByRole('combobox', { name: 'Microphone' });
    await mics.selectOption({ label: 'Fake Audio Input 1' });
    const wanted = await mics.locator('option', { hasText: 'Fake Audio Input 1' }).getAttribute('value');
    await eventually(async () => expect(await mics.inputValue()).toBe(wanted));
    await eventually(async () => {
      const after = await statsFrom(ann, catId, 'mic');
      expect(after?.consumerId).toBe(micBefore?.consumerId);
      expect(after?.packetsReceived ?? 0).toBeGreaterThan((micBefore?.packetsReceived ?? 0) + 50);
    });
    await cat.page.getByRole('button', { name: 'Close settings' }).click();
  });

  it('shares a screen with its sound: large on the others, with a screen-audio track', async () => {
    const [ann, bob, cat] = people;
    if (!ann || !bob || !cat) throw new Error('participants missing');
    const catId = await cat.peerId();
    await cat.page.getByRole('button', { name: 'Share screen' }).click();
    await cat.page.getByText('You are presenting').waitFor();
    for (const viewer of [ann, bob]) {
      await viewer.page
        .locator(`article.tile[data-tile="screen"][data-peer-id="${catId}"][data-variant="main"]`)
        .waitFor();
      await viewer.page
        .locator(`audio[data-peer-id="${catId}"][data-source="screen-audio"]`)
        .waitFor({ state: 'attached' });
      await expectTileVideoAdvancing(viewer.page, catId, 'screen');
    }
    await cat.page.getByRole('button', { name: 'Stop presenting' }).click();
    await ann.page.locator('article.tile[data-tile="screen"]').waitFor({ state: 'detached' });
  });

  it('leaves: the person sees where they are, the others lose the tile', async () => {
    const [ann, bob] = people;
    if (!ann || !bob) throw new Error('participants missing');
    const bobId = await bob.peerId();
    await bob.page.getByRole('button', { name: 'Leave meeting' }).click();
    await bob.page.getByRole('heading', { name: 'You left the meeting' }).waitFor();
    await ann.page.locator(`article.tile[data-peer-id="${bobId}"]`).waitFor({ state: 'detached' });
    for (const person of people) await person.close();
  });
});
