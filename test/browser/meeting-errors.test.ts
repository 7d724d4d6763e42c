import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsParticipant, launchChromium, meetingUrl } from '../support/browser.js';
import { startSfu, type LocalSfu } from '@huddle/testkit';

/** Opens a page that joins at once, without waiting for it to succeed. */
async function open(browser: Browser, url: string, beforeLoad?: (page: Page) => Promise<unknown>): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await beforeLoad?.(page);
  await page.goto(url);
  return page;
}

/** An init script: getUserMedia fails for video with `videoError`, and for audio with `audioError` if given. */
function failingDevices(errors: { video: string; audio?: string }): void {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    const error = constraints?.video ? errors.video : constraints?.audio ? errors.audio : undefined;
    return error ? Promise.reject(new DOMException('refused by the test', error)) : original(constraints);
  };
}

/** An init script: audio play() fails with NotAllowedError until the page got a click (an autoplay policy). */
function refusePlayUntilClick(): void {
  const play = HTMLMediaElement.prototype.play;
  let clicked = false;
  addEventListener('pointerdown', () => (clicked = true), { capture: true });
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (this instanceof HTMLAudioElement && !clicked) {
      return Promise.reject(new DOMException('play() needs a click first', 'NotAllowedError'));
    }
    return play.call(this);
  };
}

describe('errors a person may meet, in plain words', () => {
  let sfu: LocalSfu;
  let browser: Browser;

  async function createRoom(settings: Record<string, unknown>): Promise<void> {
    const created = await sfu.admin.call('POST', '/rooms', settings);
    expect(created.status).toBe(201);
  }

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('says the meeting is full, and offers to try again', async () => {
    await createRoom({ slug: 'tiny', maxParticipants: 1 });
    const ann = await joinAsParticipant(browser, sfu.url, 'tiny', 'Ann', { camera: false, mic: false });
    const bob = await open(browser, meetingUrl(sfu.url, 'tiny', 'Bob', { camera: false, mic: false }));
    await bob.getByRole('heading', { name: 'Can’t join this meeting' }).waitFor();
    expect(await bob.getByRole('alert').textContent()).toContain('This meeting is full.');
    await ann.page.getByRole('button', { name: 'Leave meeting' }).click();
    await ann.close();
    await bob.getByRole('button', { name: 'Try again' }).click();
    await bob.locator('main.room[data-connection-state="connected"]').waitFor();
    await bob.context().close();
  });

  it('says the meeting is locked', async () => {
    await createRoom({ slug: 'board-meeting', locked: true });
    const page = await open(browser, meetingUrl(sfu.url, 'board-meeting', 'Eve', { camera: false, mic: false }));
    await page.getByRole('heading', { name: 'Can’t join this meeting' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('This meeting is locked.');
    await page.context().close();
  });

  it('says the server cannot be reached', async () => {
    const page = await open(browser, meetingUrl(sfu.url, 'anywhere', 'Eve', { camera: false, mic: false }), (page) =>
      page.routeWebSocket(/\/ws$/, (socket) => socket.close({ code: 4000, reason: 'unreachable' })),
    );
    await page.getByRole('heading', { name: 'Can’t join this meeting' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Can’t reach the Huddle server.');
    await page.context().close();
  });

  it('explains a blocked camera and microphone before joining, and still lets the person join', async () => {
    const page = await open(browser, `${sfu.url}/blocked`, (page) =>
      page.addInitScript(failingDevices, { video: 'NotAllowedError', audio: 'NotAllowedError' }),
    );
    const alerts = page.getByRole('alert');
    await alerts.filter({ hasText: 'Camera access is blocked.' }).waitFor();
    await alerts.filter({ hasText: 'Microphone access is blocked.' }).waitFor();
    await page.getByText('You will join with your microphone off and your camera off.').waitFor();
    await page.getByRole('button', { name: 'Join meeting' }).click();
    await page.locator('main.room[data-connection-state="connected"]').waitFor();
    await page.getByRole('button', { name: 'Turn on camera' }).click();
    await page.locator('[data-notice]').filter({ hasText: 'Camera access is blocked.' }).waitFor();
    await page.context().close();
  });

  it('explains a missing camera, while the microphone works', async () => {
    const page = await open(browser, `${sfu.url}/no-camera`, (page) =>
      page.addInitScript(failingDevices, { video: 'NotFoundError' }),
    );
    await page.getByRole('alert').filter({ hasText: 'No camera found. Connect one, or join without it.' }).waitFor();
    await page.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await page.context().close();
  });

  it('asks for a click when the browser blocks sound, then plays it', async () => {
    const ann = await joinAsParticipant(browser, sfu.url, 'autoplay', 'Ann', { camera: false });
    // Headless Chromium never blocks autoplay: refuse play() until a click, as browsers do for sound.
    const bob = await joinAsParticipant(browser, sfu.url, 'autoplay', 'Bob', {
      camera: false,
      mic: false,
      beforeLoad: (page) => page.addInitScript(refusePlayUntilClick),
    });
    const alert = bob.page.getByRole('alert').filter({ hasText: 'Your browser paused the sound.' });
    await alert.waitFor();
    await bob.page.getByRole('button', { name: 'Turn on sound' }).click();
    await alert.waitFor({ state: 'detached' });
    const audio = bob.page.locator('audio[data-source="mic"]');
    expect(await audio.evaluate((element) => element instanceof HTMLAudioElement && !element.paused)).toBe(true);
    await ann.page.getByRole('button', { name: 'Leave meeting' }).click();
    await Promise.all([ann.close(), bob.close()]);
  });

  it('can be driven from the keyboard: every control has a name, toggles say their state', async () => {
    const ann = await joinAsParticipant(browser, sfu.url, 'keyboard', 'Ann', { camera: false });
    const { page } = ann;
    const unnamed = await page
      .locator('button')
      .evaluateAll(
        (buttons) =>
          buttons.filter((button) => !(button.getAttribute('aria-label') ?? button.textContent ?? '').trim()).length,
      );
    expect(unnamed).toBe(0);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    for (let presses = 0; presses < 20 && (await focused()) !== 'Mute microphone'; presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await focused()).toBe('Mute microphone');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Unmute microphone', pressed: false }).waitFor();
    // A menu opens from the keyboard, moves focus inside, and Escape brings focus back.
    const reactions = page.getByRole('button', { name: 'Send a reaction' });
    await reactions.focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('Thumbs up');
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('Send a reaction');
    expect(await reactions.getAttribute('aria-expanded')).toBe('false');
    await ann.close();
  });
});
