import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_PASSWORD, call } from '../support/api.js';
import { launchChromium } from '../support/browser.js';
import { startSfu, type LocalSfu } from '@huddle/testkit';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** The bitrate the dashboard shows for a participant's stream, in bit/s. */
async function shownBitrate(admin: Page, name: string, source: string): Promise<number> {
  const chip = admin.locator(`[data-name="${name}"] [data-stream="${source}"]`);
  return Number((await chip.getAttribute('data-bitrate', { timeout: 1_000 }).catch(() => null)) ?? 0);
}

/** A link of the dashboard's side navigation. */
function nav(admin: Page, name: string) {
  return admin.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name });
}

describe('admin dashboard', () => {
  let sfu: LocalSfu;
  let browser: Browser;

  beforeAll(async () => {
    sfu = await startSfu({ admin: ADMIN });
    browser = await launchChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('creates a locked room, invites with a token, sees the guest live, mutes and removes them', async () => {
    // A second room, made over the API, so the rooms table has more than one row.
    const bearer = sfu.admin.token;
    expect((await call(sfu, 'POST', '/rooms', { bearer, body: { slug: 'design-review', lobby: true } })).status).toBe(
      201,
    );

    const adminContext = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const admin = await adminContext.newPage();
    await admin.goto(`${sfu.url}/admin`);
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Rooms' }).waitFor();
    await admin.locator('[data-live="open"]').waitFor();

    // Create a locked room from the dashboard.
    await admin.getByRole('button', { name: 'New room' }).click();
    await admin.getByLabel('Room link name').fill('standup');
    await admin.getByLabel('Title').fill('Daily standup');
    await admin.getByLabel(/Locked/).check();
    await admin.getByRole('button', { name: 'Create room' }).click();
    await admin.locator('[data-room="standup"] [data-locked]').waitFor();
    const stored = await call(sfu, 'GET', '/rooms/standup', { bearer });
    expect(stored.body).toMatchObject({ slug: 'standup', title: 'Daily standup', locked: true });

    // Mint a join link on the room's page.
    await admin.getByRole('link', { name: 'Daily standup' }).click();
    await admin.getByRole('heading', { name: 'Daily standup' }).waitFor();
    await admin.getByLabel('Name shown in the meeting').fill('Grace Hopper');
    await admin.getByRole('button', { name: 'Create join link' }).click();
    const link = await admin.locator('[data-join-link]').inputValue();
    expect(link).toMatch(new RegExp(`^${sfu.url}/standup\\?token=[\\w.-]+$`));

    // The guest opens the link (microphone only, to spare the CPU) and joins the locked room with its name.
    const guestContext = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const guest = await guestContext.newPage();
    await guest.goto(`${link}&camera=off`);
    await guest.waitForSelector('[data-connection-state="connected"]', { timeout: 20_000 });

    // The admin sees them without reloading: their row, then their microphone's bitrate.
    const row = admin.locator('[data-name="Grace Hopper"]');
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => shownBitrate(admin, 'Grace Hopper', 'mic'), { timeout: 15_000 }).toBeGreaterThan(0);
    await admin.screenshot({ path: `${SCREENSHOTS}admin-room.png` });

    // The rooms table counts them live.
    await nav(admin, 'Rooms').click();
    await admin.locator('[data-room="standup"][data-participants="1"]').waitFor({ timeout: 10_000 });
    await admin.screenshot({ path: `${SCREENSHOTS}admin-rooms.png` });

    // The server panel: per-worker load and a chart that fills as stats arrive (every 2 s).
    await nav(admin, 'Server').click();
    await admin.locator('[data-worker="0"]').waitFor({ timeout: 10_000 });
    await admin.waitForTimeout(10_000);
    await admin.screenshot({ path: `${SCREENSHOTS}admin-server.png` });

    // Mute, confirmed in a dialog: the guest is told, and the dashboard shows the stream paused.
    await admin.goBack();
    await admin.goBack();
    await row.waitFor();
    await row.getByRole('button', { name: 'Mute Grace Hopper’s mic' }).click();
    await admin.getByRole('alertdialog').getByRole('button', { name: 'Mute' }).click();
    await guest.getByText(/muted by host/i).waitFor({ timeout: 10_000 });
    await row.locator('[data-stream="mic"][data-paused="true"]').waitFor({ timeout: 10_000 });

    // Remove, with a reason the guest reads.
    await row.getByRole('button', { name: 'Remove Grace Hopper' }).click();
    const dialog = admin.getByRole('alertdialog');
    await dialog.getByLabel('Reason shown to them').fill('the meeting is for the core team');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await guest.getByRole('heading', { name: 'You were removed from the meeting' }).waitFor({ timeout: 10_000 });
    await guest.getByText('the meeting is for the core team').waitFor();
    await row.waitFor({ state: 'detached', timeout: 10_000 });

    // The audit log records both.
    await nav(admin, 'Audit log').click();
    await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
    const actions = await admin
      .locator('[data-audit-action]')
      .evaluateAll((rows) => rows.map((entry) => entry.getAttribute('data-audit-action')));
    expect(actions.some((action) => action?.includes('kick'))).toBe(true);
    expect(actions.some((action) => action?.includes('mute'))).toBe(true);

    await guestContext.close();
    await adminContext.close();
  });

  it('lets a guest in from the lobby of a room', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await adminContext.newPage();
    await admin.goto(`${sfu.url}/admin/rooms/design-review`);
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Lobby' }).waitFor();

    const guestContext = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const guest = await guestContext.newPage();
    await guest.goto(`${sfu.url}/design-review?name=Linus&camera=off&mic=off`);
    await guest.getByRole('heading', { name: 'Waiting to be let in' }).waitFor({ timeout: 10_000 });

    await admin.getByRole('button', { name: 'Admit Linus' }).click({ timeout: 10_000 });
    await guest.waitForSelector('[data-connection-state="connected"]', { timeout: 20_000 });
    await admin.locator('[data-name="Linus"]').waitFor({ timeout: 10_000 });

    await guestContext.close();
    await adminContext.close();
  });
});
