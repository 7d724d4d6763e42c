import { SignalClient, type SocketLoss } from '@huddle/client';
import { PROTOCOL_VERSION } from '@huddle/shared';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

describe('the client SDK’s signal client against a frozen server', () => {
  let sfu: LocalSfu;
  let frozen = false;

  beforeAll(async () => {
    sfu = await startSfu();
  });
  afterAll(async () => {
    if (frozen) process.kill(sfu.pid, 'SIGCONT');
    await sfu?.stop();
  });

  it('notices a silent socket within 5 s, and reconnects once the server answers again', async () => {
    const signal = new SignalClient({
      url: sfu.wsUrl,
      WebSocket,
      reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
    });
    await signal.connect();
    await signal.request('join', { protocolVersion: PROTOCOL_VERSION, roomId: 'frozen', displayName: 'Ann' });
    const lost = new Promise<SocketLoss>((resolve) => signal.on('disconnected', resolve));
    const back = new Promise<void>((resolve) => signal.on('reconnected', resolve));

    process.kill(sfu.pid, 'SIGSTOP');
    frozen = true;
    const stoppedAt = Date.now();
    const loss = await lost;
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(loss.error.code).toBe('TIMEOUT');
    expect(signal.state).toBe('reconnecting');
    // Requests fail fast while it is down, instead of waiting on a dead socket.
    await expect(signal.request('ping', {})).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });

    process.kill(sfu.pid, 'SIGCONT');
    frozen = false;
    await back;
    expect(signal.state).toBe('open');
    await expect(signal.request('ping', {})).resolves.toEqual({});
    signal.close();
  });

  it('gives up opening a socket the server never answers, after the connect timeout', async () => {
    process.kill(sfu.pid, 'SIGSTOP');
    frozen = true;
    const signal = new SignalClient({ url: sfu.wsUrl, WebSocket, connectTimeoutMs: 1_000 });
    const startedAt = Date.now();
    await expect(signal.connect()).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(signal.state).toBe('closed');
    process.kill(sfu.pid, 'SIGCONT');
    frozen = false;
  });
});
