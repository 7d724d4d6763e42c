import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintTokenResponseSchema } from '@huddle/shared';
import { joinParticipant, startSfu, type LocalSfu, type Participant } from '@huddle/testkit';
import { ADMIN, ADMIN_PASSWORD, call } from '../support/api.js';
import { expectTileVideoAdvancing, joinAsParticipant, launchChromium } from '../support/browser.js';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

describe('recording in the browser', () => {
  let sfu: LocalSfu;
  let browser: Browser;
  let bot: Participant | undefined;

  beforeAll(async () => {
    sfu = await startSfu({ admin: ADMIN, env: { HUDDLE_RECORDINGS_MIN_FREE_MB: '50' } });
    browser = await launchChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await bot?.leave();
    await browser?.close();
    await sfu?.stop();
  });

  it('a participant with the record grant starts it in the meeting, everyone sees it, the admin stops and plays it', async () => {
    bot = await joinParticipant(sfu.url, 'studio', {
      kind: 'lightweight',
      name: 'Camera bot',
      publish: ['mic', 'camera'],
      publishOptions: { simulcast: false },
    });
    const { token } = mintTokenResponseSchema.parse(
      (
        await call(sfu, 'POST', '/rooms/studio/tokens', {
          bearer: sfu.admin.token,
          body: { identity: 'host', name: 'Host', grants: { record: true } },
        })
      ).body,
    );
    const meeting = await (await browser.newContext({ viewport: { width: 1024, height: 700 } })).newPage();
    await meeting.goto(`${sfu.url}/studio?token=${token}&camera=off`);
    await meeting.waitForSelector('[data-connection-state="connected"]', { timeout: 20_000 });
    await meeting.getByRole('button', { name: 'Record', exact: true }).click();
    await meeting
      .locator('[data-recording="on"]')
      .getByRole('status')
      .getByText('Recording')
      .waitFor({ timeout: 10_000 });
    await bot.waitForNotification('recordingChanged', (data) => data.recording !== null);
    await expectTileVideoAdvancing(meeting, bot.peerId);
    await meeting.screenshot({ path: `${SCREENSHOTS}meeting-recording.png` });
    // Someone joining later, on a phone-sized screen and without the grant, sees it too (from the join reply).
    const guest = await joinAsParticipant(browser, sfu.url, 'studio', 'Guest', {
      camera: false,
      mic: false,
      context: { viewport: { width: 390, height: 700 } },
    });
    await guest.page.locator('[data-recording="on"]').getByRole('status').getByText('Recording').waitFor();
    expect(await guest.page.locator('[data-record-toggle]').count()).toBe(0);
    await guest.page.screenshot({ path: `${SCREENSHOTS}meeting-recording-phone.png` });

    const admin = await (await browser.newContext({ viewport: { width: 1360, height: 860 } })).newPage();
    await admin.goto(`${sfu.url}/admin/rooms/studio`);
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    const toggle = admin.locator('[data-room-recording] [data-record-toggle]');
    await expect.poll(() => toggle.textContent(), { timeout: 10_000 }).toContain('Stop recording');
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await toggle.click();
    await meeting.locator('[data-recording="off"]').waitFor({ timeout: 10_000 });
    await guest.page.locator('[data-recording]').waitFor({ state: 'detached', timeout: 10_000 });
    await guest.close();

    await admin.getByRole('link', { name: 'Recordings of this room' }).click();
    await admin.getByRole('heading', { name: 'Recordings' }).waitFor();
    const player = admin.locator('[data-recording-player]');
    await player.waitFor({ timeout: 60_000 });
    await expect
      .poll(() => player.evaluate((video: HTMLVideoElement) => (video.readyState >= 1 ? video.duration : 0)), {
        timeout: 15_000,
      })
      .toBeGreaterThan(3);
    expect(await admin.locator('[data-recording-state]').textContent()).toContain('Ready');
    await admin.screenshot({ path: `${SCREENSHOTS}admin-recordings.png` });
  });
});
