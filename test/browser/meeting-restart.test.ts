import type { Browser, Page } from 'playwright-core';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTileVideoAdvancing, joinAsParticipant, launchChromium, meetingUrl } from '../support/browser.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

const ROOM = 'maintenance';

describe('a server restart', () => {
  let first: LocalSfu;
  let second: LocalSfu | undefined;
  /** The address the pages use: the old server's, then the new one's (as a restart at the same address). */
  let address: TcpProxy;
  let browser: Browser;

  beforeAll(async () => {
    first = await startSfu({ workers: 1, env: { HUDDLE_DRAIN_SECONDS: '120' } });
    address = await startTcpProxy(first.ports.http);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await address?.close();
    await first?.stop();
    await second?.stop();
  });

  it('says "the server is restarting, retrying…" to a joiner, and both are back in the call on the new server', async () => {
    const ann = await joinAsParticipant(browser, address.url, ROOM, 'Ann', { mic: false });
    const annId = await ann.peerId();

    // The first SIGTERM drains: the running call goes on, new joins get SERVER_DRAINING.
    process.kill(first.pid, 'SIGTERM');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const bob: Page = await context.newPage();
    await bob.goto(meetingUrl(address.url, ROOM, 'Bob', { mic: false }));
    const banner = bob.getByText('The server is restarting, retrying…');
    await banner.waitFor({ timeout: 10_000 });
    expect(await bob.locator('main.room').getAttribute('data-connection-state')).toBe('connecting');
    expect(await ann.page.locator('main.room').getAttribute('data-connection-state')).toBe('connected');

    // A second SIGTERM stops it; a new process takes over the address, and nobody reloads anything.
    const exited = new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
    process.kill(first.pid, 'SIGTERM');
    await exited;
    second = await startSfu({ workers: 1 });
    address.retarget(second.ports.http);
    await bob.locator('main.room[data-connection-state="connected"]').waitFor({ timeout: 30_000 });
    await ann.page.locator('main.room[data-connection-state="connected"]').waitFor({ timeout: 30_000 });
    await banner.waitFor({ state: 'detached' });
    expect(await ann.peerId()).not.toBe(annId);
    const bobId = await bob.locator('main.room').getAttribute('data-peer-id');
    await expectTileVideoAdvancing(bob, await ann.peerId());
    await expectTileVideoAdvancing(ann.page, bobId ?? '');
    await Promise.all([ann.close(), context.close()]);
  });
});
