import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('works with no file and no environment', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.media.rtcPortBase).toBe(40000);
    expect(config.media.workers).toBeGreaterThanOrEqual(1);
    expect(config.debugEndpoints).toBe(false);
  });

  it('layers the environment over the file over the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huddle-config-'));
    const file = join(dir, 'huddle.json');
    writeFileSync(file, JSON.stringify({ http: { port: 4000, host: '0.0.0.0' }, media: { workers: 3 } }));
    const config = loadConfig({ HUDDLE_CONFIG: file, HUDDLE_PORT: '5000', HUDDLE_DEBUG_ENDPOINTS: 'true' });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 5000 });
    expect(config.media.workers).toBe(3);
    expect(config.debugEndpoints).toBe(true);
  });

  it('names every bad key in one error', () => {
    expect(() => loadConfig({ HUDDLE_PORT: 'abc', HUDDLE_WORKERS: '0', HUDDLE_LISTEN_IP: 'nowhere' })).toThrow(
      /http\.port[\s\S]*media\.workers[\s\S]*media\.listenIp/,
    );
  });

  it('rejects unknown keys and unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'huddle-config-'));
    const file = join(dir, 'huddle.json');
    writeFileSync(file, JSON.stringify({ http: { prot: 1 } }));
    expect(() => loadConfig({ HUDDLE_CONFIG: file })).toThrow(/http: Unrecognized key/);
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ HUDDLE_CONFIG: file })).toThrow(/config file .*huddle\.json/);
  });
});
