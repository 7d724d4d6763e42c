import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  chatHistoryResponseSchema,
  createApiKeyResponseSchema,
  mintTokenResponseSchema,
  roomResponseSchema,
} from '@huddle/shared';
import { ADMIN, call } from '../support/api.js';
import { SignalProbe, startSfu } from '@huddle/testkit';

describe('persistence across an SFU restart', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'huddle-restart-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps rooms, chat history, API keys and the join-token key', async () => {
    const first = await startSfu({ admin: ADMIN, dataDir });
    const admin = first.admin.token;
    await call(first, 'POST', '/rooms', { bearer: admin, body: { slug: 'durable', title: 'Stays', locked: true } });
    const apiKey = createApiKeyResponseSchema.parse(
      (await call(first, 'POST', '/api-keys', { bearer: admin, body: { name: 'ci' } })).body,
    ).key;
    const joinToken = mintTokenResponseSchema.parse(
      (await call(first, 'POST', '/rooms/durable/tokens', { bearer: admin, body: { identity: 'ann', name: 'Ann' } }))
        .body,
    ).token;
    const ann = await SignalProbe.connect(first.wsUrl);
    await ann.join('durable', 'Ann', joinToken);
    await ann.request('sendChat', { text: 'before the restart' });
    await ann.request('sendChat', { text: 'and another' });
    await ann.close();
    await first.stop();

    const second = await startSfu({ admin: ADMIN, dataDir });
    try {
      const room = roomResponseSchema.parse((await call(second, 'GET', '/rooms/durable', { bearer: apiKey })).body);
      expect(room).toMatchObject({ title: 'Stays', locked: true, live: { active: false } });
      const bob = await SignalProbe.connect(second.wsUrl);
      await bob.join('durable', 'Bob', joinToken);
      const history = await bob.request('getChatHistory', { limit: 50 });
      expect(history.messages.map((message) => message.text)).toEqual(['before the restart', 'and another']);
      const { message } = await bob.request('sendChat', { text: 'after' });
      expect(message.seq).toBe(2);
      const rest = chatHistoryResponseSchema.parse(
        (await call(second, 'GET', '/rooms/durable/chat', { bearer: apiKey })).body,
      );
      expect(rest.messages.map((entry) => entry.text)).toEqual(['before the restart', 'and another', 'after']);
      await bob.close();
    } finally {
      await second.stop();
    }
  });

  it('generates an admin password on first run into a 0600 file the log names (never the password), and keeps it', async () => {
    const first = await startSfu({ admin: 'none', dataDir });
    const logged = z.object({ username: z.string(), passwordFile: z.string() }).parse(
      JSON.parse(
        first
          .output()
          .split('\n')
          .find((line) => line.includes('"passwordFile"')) ?? 'null',
      ),
    );
    expect(logged.passwordFile).toBe(join(dataDir, 'admin-password'));
    expect(statSync(logged.passwordFile).mode & 0o777).toBe(0o600);
    const password = readFileSync(logged.passwordFile, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(first.output()).not.toContain(password);
    await first.stop();
    const second = await startSfu({ admin: 'none', dataDir });
    try {
      expect(second.output()).not.toContain(password);
      const login = await call(second, 'POST', '/auth/login', { body: { username: logged.username, password } });
      expect(login.status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
