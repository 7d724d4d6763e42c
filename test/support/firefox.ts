import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export type FirefoxOptions = {
  /** More preferences, on top of the fake-media and quiet-headless ones below. */
  prefs?: Record<string, string | number | boolean>;
};

/** Fake camera and microphone without a permission prompt. */
const MEDIA_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

/** A quiet headless run: no updates, telemetry, first-run or what's-new pages, no background network checks. */
const QUIET_PREFS = {
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'browser.startup.firstrunSkipsHomepage': true,
  'startup.homepage_welcome_url': 'about:blank',
  'startup.homepage_welcome_url.additional': '',
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.region.update.enabled': false,
};

export type FirefoxPage = {
  page: Page;
  /** Console messages so far, as `<type>: <text>`. */
  console: string[];
  /** Runs `code` (a function body's expression, e.g. `document.title`) in the page. */
  evaluate(code: string): Promise<unknown>;
  close(): Promise<void>;
};

export type Firefox = {
  browser: Browser;
  /** The fresh profile dir, removed by close(). */
  profileDir: string;
  /** Opens `url` in a new tab, capturing its console. */
  openPage(url: string): Promise<FirefoxPage>;
  /** Closes the browser and removes its profile dir; idempotent. */
  close(): Promise<void>;
};

/** Debian's Firefox ESR (never a downloaded browser), headless over WebDriver BiDi, with fake camera and mic. */
export async function launchFirefox(options: FirefoxOptions = {}): Promise<Firefox> {
  const profileDir = await mkdtemp(join(tmpdir(), 'huddle-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.HUDDLE_FIREFOX ?? '/usr/bin/firefox-esr',
      headless: true,
      userDataDir: profileDir,
      extraPrefsFirefox: { ...QUIET_PREFS, ...MEDIA_PREFS, ...options.prefs },
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    browser,
    profileDir,
    openPage: async (url) => {
      const page = await browser.newPage();
      const messages: string[] = [];
      page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
      await page.goto(url);
      return {
        page,
        console: messages,
        evaluate: (code) => page.evaluate(code),
        close: () => page.close(),
      };
    },
    close: () =>
      (closing ??= (async () => {
        await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
        await rm(profileDir, { recursive: true, force: true });
      })()),
  };
}
