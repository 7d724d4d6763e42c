import { afterEach, describe, expect, it } from 'vitest';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { ADMIN, ADMIN_PASSWORD } from '../support/api.js';

const started: LocalSfu[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sfu) => sfu.stop()));
});

async function login(sfu: LocalSfu, password: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${sfu.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: 'admin', password }),
  });
}

describe('edges: metrics, debug and proxies', () => {
  it('metrics.token protects /metrics', async () => {
    const token = 'metrics-scraper-token-0123456789';
    const sfu = await startSfu({ env: { HUDDLE_METRICS_TOKEN: token } });
    started.push(sfu);
    const anonymous = await fetch(`${sfu.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect(
      (await fetch(`${sfu.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-000000' } })).status,
    ).toBe(401);
    const scraped = await fetch(`${sfu.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('huddle_rooms');
  });

  it('/api/v1/debug/media answers admins only', async () => {
    const sfu = await startSfu();
    started.push(sfu);
    expect((await fetch(`${sfu.url}/api/v1/debug/media`)).status).toBe(401);
    expect((await sfu.admin.call('GET', '/debug/media')).status).toBe(200);
  });

  it('behind a trusted proxy: the throttle keys on (forwarded address, username), the cookie is Secure over https', async () => {
    const sfu = await startSfu({ admin: ADMIN, env: { HUDDLE_TRUST_PROXY: 'true' } });
    started.push(sfu);
    const attacker = { 'x-forwarded-for': '198.51.100.66' };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1)
      statuses.push((await login(sfu, `guess-${attempt}`, attacker)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    // The attacker cannot lock the admin out: from the admin's own address the right password works.
    const admin = await login(sfu, ADMIN_PASSWORD, { 'x-forwarded-for': '10.1.2.3', 'x-forwarded-proto': 'https' });
    expect(admin.status).toBe(200);
    const cookie = admin.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/huddle_session=/);
    expect(cookie.toLowerCase()).toContain('secure');
    expect(cookie.toLowerCase()).toContain('httponly');
    const plain = await login(sfu, ADMIN_PASSWORD, { 'x-forwarded-for': '10.1.2.3' });
    expect((plain.headers.get('set-cookie') ?? '').toLowerCase()).not.toContain('secure');
  });

  it('without trustProxy, forwarded headers are ignored', async () => {
    const sfu = await startSfu({ admin: ADMIN });
    started.push(sfu);
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await login(sfu, `guess-${attempt}`, { 'x-forwarded-for': `198.51.100.${attempt}` });
    }
    expect((await login(sfu, `guess-last`, { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
  });
});
