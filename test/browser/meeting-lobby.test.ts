import type { Browser, Page } from 'playwright-core';
import { lobbyResponseSchema } from '@huddle/shared';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, meetingUrl } from '../support/browser.js';
import { eventually } from '../support/eventually.js';

/** The server's own lobby limit for this suite: long enough to admit someone after 12 s, short to wait out. */
const LOBBY_WAIT_S = 20;

describe('waiting in a lobby', () => {
  let sfu: LocalSfu;
  let browser: Browser;

  const waitingIn = async (room: string): Promise<Array<{ lobbyId: string; displayName: string }>> =>
    lobbyResponseSchema.parse(await sfu.admin.get(`/rooms/${room}/lobby`)).waiting;

  async function knock(room: string, name: string): Promise<Page> {
    await sfu.admin.post('/rooms', { slug: room, lobby: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(meetingUrl(sfu.url, room, name, { camera: false, mic: false }));
    await page.getByRole('heading', { name: 'Waiting to be let in' }).waitFor();
    await page.getByText('You are waiting for the host').waitFor();
    return page;
  }

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1, env: { HUDDLE_LOBBY_MAX_WAIT_SECONDS: String(LOBBY_WAIT_S) } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('waits as long as the host takes (no client timeout), and ends with a clear message at the server’s limit', async () => {
    const [admitted, forgotten] = await Promise.all([knock('late-host', 'Ada'), knock('no-host', 'Grace')]);
    const knockedAt = Date.now();

    // Well past any request timeout, both are still waiting: on the page and in the server's lobby.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    for (const [page, room] of [
      [admitted, 'late-host'],
      [forgotten, 'no-host'],
    ] as const) {
      await page.getByRole('heading', { name: 'Waiting to be let in' }).waitFor({ timeout: 1_000 });
      expect((await waitingIn(room)).map((entry) => entry.displayName)).toHaveLength(1);
    }
    const [entry] = await waitingIn('late-host');
    await sfu.admin.post(`/rooms/late-host/lobby/${entry?.lobbyId}/admit`, {});
    await admitted.locator('main.room[data-connection-state="connected"]').waitFor({ timeout: 10_000 });
    expect(Date.now() - knockedAt).toBeGreaterThan(10_000);

    await forgotten.getByRole('heading', { name: 'Can’t join this meeting' }).waitFor({ timeout: LOBBY_WAIT_S * 1000 });
    expect(await forgotten.getByRole('alert').textContent()).toContain('the host did not answer in time');
    expect(Date.now() - knockedAt).toBeGreaterThan((LOBBY_WAIT_S - 1) * 1000);
    await Promise.all([admitted.context().close(), forgotten.context().close()]);
  });

  it('says so when the host turns the person away', async () => {
    const page = await knock('closed-door', 'Linus');
    const [entry] = await waitingIn('closed-door');
    await sfu.admin.post(`/rooms/closed-door/lobby/${entry?.lobbyId}/deny`, {});
    await page.getByRole('heading', { name: 'Can’t join this meeting' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('The host did not let you in.');
    await page.context().close();
  });

  it('lets the person give up waiting, which takes them out of the lobby', async () => {
    const page = await knock('impatient', 'Ken');
    expect(await waitingIn('impatient')).toHaveLength(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'You left the meeting' }).waitFor();
    await eventually(async () => expect(await waitingIn('impatient')).toEqual([]));
    await page.context().close();
  });
});
