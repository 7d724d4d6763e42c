import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startHaproxy, type RunningHaproxy } from '@huddle/services';
import { eventually } from '../support/eventually.js';
import { isRunning, waitUntilGone } from '../support/processes.js';

type TestBackend = { name: string; port: number; setReady(ready: boolean): void; close(): Promise<void> };

/** A small HTTP + WebSocket backend: GET / answers its name and X-Forwarded-For; /ws echoes with its name. */
async function startBackend(name: string): Promise<TestBackend> {
  let ready = true;
  const server: Server = createServer((request, response) => {
    if (request.url === '/readyz') {
      response.statusCode = ready ? 200 : 503;
      response.end(ready ? 'ready' : 'unavailable');
      return;
    }
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ name, forwardedFor: request.headers['x-forwarded-for'] ?? null }));
  });
  const sockets = new WebSocketServer({ server, path: '/ws' });
  sockets.on('connection', (socket) => socket.on('message', (data) => socket.send(`${name}:${String(data)}`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('backend has no port');
  return {
    name,
    port: address.port,
    setReady: (value) => {
      ready = value;
    },
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function whoAnswers(url: string, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const body: unknown = await (await fetch(url)).json();
    names.push(typeof body === 'object' && body && 'name' in body ? String(body.name) : '?');
  }
  return names;
}

function openSocket(url: string): Promise<{ socket: WebSocket; echo(text: string): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        echo: (text) =>
          new Promise((answered) => {
            socket.once('message', (data) => answered(String(data)));
            socket.send(text);
          }),
      }),
    );
  });
}

describe('HAProxy (@huddle/services)', () => {
  let a: TestBackend;
  let b: TestBackend;
  let proxy: RunningHaproxy;
  const backendOf = (backend: TestBackend) => ({ name: backend.name, host: '127.0.0.1', port: backend.port });

  beforeAll(async () => {
    [a, b] = await Promise.all([startBackend('a'), startBackend('b')]);
    proxy = await startHaproxy({
      backends: [backendOf(a), backendOf(b)],
      check: { intervalMs: 100, rise: 1, fall: 1 },
    });
    await proxy.waitForBackend('a', 'up');
    await proxy.waitForBackend('b', 'up');
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('balances HTTP round-robin across both backends and adds X-Forwarded-For', async () => {
    expect((await whoAnswers(proxy.url, 4)).sort()).toEqual(['a', 'a', 'b', 'b']);
    const body: unknown = await (await fetch(`${proxy.url}/anything`)).json();
    expect(body).toMatchObject({ forwardedFor: '127.0.0.1' });
  });

  it('passes WebSocket upgrades on /ws', async () => {
    const { socket, echo } = await openSocket(`${proxy.url.replace('http', 'ws')}/ws`);
    expect(await echo('hi')).toMatch(/^(a|b):hi$/);
    socket.close();
  });

  it('marks a backend down when its /readyz answers 503, sends it nothing, and brings it back', async () => {
    a.setReady(false);
    await proxy.waitForBackend('a', 'down');
    expect((await proxy.backends()).find((server) => server.name === 'a')).toMatchObject({
      up: false,
      checkStatus: 'L7STS',
      checkCode: 503,
    });
    expect(await whoAnswers(proxy.url, 6)).toEqual(['b', 'b', 'b', 'b', 'b', 'b']);
    a.setReady(true);
    await proxy.waitForBackend('a', 'up');
  });

  it('reloads a new backend set gracefully: an open WebSocket keeps working on the old process', async () => {
    const { socket, echo } = await openSocket(`${proxy.url.replace('http', 'ws')}/ws`);
    const before = await echo('before');
    const oldPid = proxy.pid;
    await proxy.reload([backendOf(b)]);
    expect(proxy.pid).not.toBe(oldPid);
    expect((await proxy.backends()).map((server) => server.name)).toEqual(['b']);
    await proxy.waitForBackend('b', 'up');
    expect(await whoAnswers(proxy.url, 4)).toEqual(['b', 'b', 'b', 'b']);
    expect(await echo('after')).toBe(before.replace('before', 'after'));
    expect(isRunning(oldPid)).toBe(true);
    socket.close();
    expect(await waitUntilGone([oldPid], 10_000)).toEqual([]);
  });

  it('starts added servers down until their checks pass', async () => {
    const c = await startBackend('c');
    try {
      c.setReady(false);
      await proxy.reload([backendOf(b), backendOf(c)]);
      expect((await proxy.backends()).find((server) => server.name === 'c')?.up).toBe(false);
      await eventually(async () => expect(await whoAnswers(proxy.url, 2)).toEqual(['b', 'b']));
      c.setReady(true);
      await proxy.waitForBackend('c', 'up');
    } finally {
      await proxy.reload([backendOf(b)]);
      await c.close();
    }
  });

  it('stops every process it started and removes its temp dir', async () => {
    const other = await startHaproxy({ backends: [backendOf(a)], check: { intervalMs: 100, rise: 1, fall: 1 } });
    await other.waitForBackend('a', 'up');
    const { socket } = await openSocket(`${other.url.replace('http', 'ws')}/ws`);
    const first = other.pid;
    await other.reload([backendOf(b)]);
    await other.stop();
    await other.stop();
    socket.terminate();
    expect(await waitUntilGone([first, other.pid], 1_000)).toEqual([]);
    expect(existsSync(other.dataDir)).toBe(false);
  });
});
