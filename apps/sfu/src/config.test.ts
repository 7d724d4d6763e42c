import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('works with no file and no environment', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, trustProxy: false });
    expect(config.media.rtcPortBase).toBe(40000);
    expect(config.media.listenIp).toBe('auto');
    expect(config.media.workers).toBeGreaterThanOrEqual(1);
    expect(config.debugEndpoints).toBe(false);
  });

  it('layers the environment over the file over the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huddle-config-'));
    const file = join(dir, 'huddle.json');
    writeFileSync(file, JSON.stringify({ http: { port: 4000, host: '0.0.0.0' }, media: { workers: 3 } }));
    const config = loadConfig({ HUDDLE_CONFIG: file, HUDDLE_PORT: '5000', HUDDLE_DEBUG_ENDPOINTS: 'true' });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 5000, trustProxy: false });
    expect(config.media.workers).toBe(3);
    expect(config.debugEndpoints).toBe(true);
  });

  it('names every bad key in one error', () => {
    expect(() => loadConfig({ HUDDLE_PORT: 'abc', HUDDLE_WORKERS: '0', HUDDLE_LISTEN_IP: 'nowhere' })).toThrow(
      /http\.port[\s\S]*media\.workers[\s\S]*media\.listenIp/,
    );
  });

  it("keeps the workers' own port range clear of the WebRtcServer ports", () => {
    expect(() => loadConfig({ HUDDLE_RTC_PORT: '41500', HUDDLE_WORKERS: '2' })).toThrow(
      /media\.rtcPortBase: the WebRtcServer ports 41500-41501 overlap the workers' range 41000-49999/,
    );
    expect(() => loadConfig({ HUDDLE_RTC_MIN_PORT: '45000', HUDDLE_RTC_MAX_PORT: '44000' })).toThrow(
      /media\.rtcMinPort: must not exceed media\.rtcMaxPort/,
    );
    expect(loadConfig({ HUDDLE_RTC_PORT: '50000', HUDDLE_WORKERS: '4' }).media.rtcPortBase).toBe(50000);
  });

  it('rejects unknown keys and unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huddle-config-'));
    const file = join(dir, 'huddle.json');
    writeFileSync(file, JSON.stringify({ http: { prot: 1 } }));
    expect(() => loadConfig({ HUDDLE_CONFIG: file })).toThrow(/http: Unrecognized key/);
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ HUDDLE_CONFIG: file })).toThrow(/config file .*huddle\.json/);
  });

  it('loads the example file, reads the control-plane variables, and wants a secret for webhooks', () => {
    const example = fileURLToPath(new URL('../../../config/huddle.example.json', import.meta.url));
    expect(loadConfig({ HUDDLE_CONFIG: example }).store.path).toBe('/var/lib/huddle/huddle.db');
    const config = loadConfig({
      HUDDLE_DB: '/tmp/x.db',
      HUDDLE_ADMIN_USER: 'root',
      HUDDLE_ADMIN_PASSWORD: 'long enough',
      HUDDLE_WEBHOOK_URLS: 'http://127.0.0.1:9/a, https://example.test/b',
      HUDDLE_WEBHOOK_SECRET: '0123456789abcdef',
    });
    expect(config.store.path).toBe('/tmp/x.db');
    expect(config.admin).toMatchObject({ username: 'root', password: 'long enough' });
    expect(config.webhooks.urls).toEqual(['http://127.0.0.1:9/a', 'https://example.test/b']);
    expect(loadConfig({}).store.path).toMatch(/huddle\/huddle\.db$/);
    expect(() => loadConfig({ HUDDLE_WEBHOOK_URLS: 'http://127.0.0.1:9/a' })).toThrow(/webhooks\.secret/);
    expect(() => loadConfig({ HUDDLE_WEBHOOK_URLS: 'ftp://x', HUDDLE_WEBHOOK_SECRET: '0123456789abcdef' })).toThrow(
      /webhooks\.urls/,
    );
  });
});
