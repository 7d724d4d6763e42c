import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { childrenOf, commandOf } from '../measure/procTree.js';
import type { VethNamespace } from '../netns.js';

export const CHROMIUM = '/usr/bin/chromium';

/** A launched Chromium and its main process (the root of its process tree, for CPU and cleanup). */
export type LaunchedBrowser = { browser: Browser; pid: number; close(): Promise<void> };

/**
 * Debian's Chromium with a fake camera (1280×720 test pattern) and microphone (a beep), as the browser suites
 * run it, plus what this harness needs: `origin` treated as secure (getUserMedia on plain http to a veth address),
 * and no throttling of pages that share a browser. With `namespace`, Chromium runs inside it (a wrapper script
 * `exec ip netns exec NS chromium "$@"` as the executable: playwright drives it over a pipe).
 */
export async function launchChromium(origin: string, namespace?: VethNamespace): Promise<LaunchedBrowser> {
  const wrapperDir = namespace ? mkdtempSync(join(tmpdir(), 'huddle-netbench-')) : undefined;
  let executablePath = CHROMIUM;
  if (namespace && wrapperDir) {
    executablePath = join(wrapperDir, 'chromium-in-namespace');
    writeFileSync(executablePath, `#!/bin/sh\nexec ip netns exec ${namespace.namespace} ${CHROMIUM} "$@"\n`);
    chmodSync(executablePath, 0o755);
  }
  // The wrapper script execs `ip`, which execs Chromium: one pid throughout, a child of this process.
  const before = new Set(childrenOf(process.pid));
  const removeWrapper = (): void => {
    if (wrapperDir) rmSync(wrapperDir, { recursive: true, force: true });
  };
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
        '--disable-background-timer-throttling',
        '--disable-renderer-backgrounding',
        '--disable-backgrounding-occluded-windows',
        `--unsafely-treat-insecure-origin-as-secure=${origin}`,
      ],
    });
  } catch (error) {
    removeWrapper();
    throw error;
  }
  const pid = childrenOf(process.pid).find(
    (candidate) => !before.has(candidate) && commandOf(candidate) === 'chromium',
  );
  if (pid === undefined) {
    await browser.close();
    removeWrapper();
    throw new Error('launched Chromium but found no chromium child process');
  }
  return {
    browser,
    pid,
    async close() {
      await browser.close().catch(() => undefined);
      removeWrapper();
    },
  };
}
