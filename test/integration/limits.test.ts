import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_CODES, PROTOCOL_VERSION, chatHistoryResponseSchema } from '@huddle/shared';
import { SignalProbe, mediaDump, startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';
import { produceFake } from '../support/fakeMedia.js';

const started: LocalSfu[] = [];

async function sfuWith(env: Record<string, string>): Promise<LocalSfu> {
  const sfu = await startSfu({ env });
  started.push(sfu);
  return sfu;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((sfu) => sfu.stop()));
});

/** A socket and the one error frame plus close code the server answers it with. */
async function refusal(url: string, headers: Record<string, string> = {}): Promise<{ code: string; close: number }> {
  const socket = new WebSocket(url, { headers });
  const frame = new Promise<string>((resolve) => socket.once('message', (raw) => resolve(raw.toString())));
  const close = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const parsed: unknown = JSON.parse(await frame);
  const code = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? JSON.stringify(parsed.error) : '';
  return { code, close: await close };
}

async function connectAs(url: string, forwardedFor: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers: { 'x-forwarded-for': forwardedFor } });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

describe('bounds: every resource has a limit, a code and a config key', () => {
  it('rooms per node (rooms.maxPerNode): a join that would start one call too many gets LIMIT_REACHED', async () => {
    const sfu = await sfuWith({ HUDDLE_MAX_ROOMS: '2' });
    const clients = await Promise.all([1, 2, 3, 4].map(() => SignalProbe.connect(sfu.wsUrl)));
    const [one, two, three, four] = clients;
    if (!one || !two || !three || !four) throw new Error('four clients');
    await one.join('room-1', 'One');
    await two.join('room-2', 'Two');
    expect(
      (await three.requestError('join', { protocolVersion: PROTOCOL_VERSION, roomId: 'room-3', displayName: 'Three' }))
        .code,
    ).toBe('LIMIT_REACHED');
    await four.join('room-1', 'Four');
    await Promise.all(clients.map((client) => client.close()));
  });

  it('sockets in total and per client address: the next one gets TOO_MANY_CONNECTIONS and close code 1013', async () => {
    const sfu = await sfuWith({
      HUDDLE_MAX_CONNECTIONS: '3',
      HUDDLE_MAX_CONNECTIONS_PER_IP: '2',
      HUDDLE_TRUST_PROXY: '1',
    });
    const first = await connectAs(sfu.wsUrl, '203.0.113.1');
    const second = await connectAs(sfu.wsUrl, '203.0.113.1');
    const perAddress = await refusal(sfu.wsUrl, { 'x-forwarded-for': '203.0.113.1' });
    expect(perAddress.code).toContain('TOO_MANY_CONNECTIONS');
    expect(perAddress.close).toBe(CLOSE_CODES.tooManyConnections);
    // The forwarded address is trusted (http.trustProxy): another client behind the same proxy may connect.
    const third = await connectAs(sfu.wsUrl, '203.0.113.2');
    const total = await refusal(sfu.wsUrl, { 'x-forwarded-for': '203.0.113.3' });
    expect(total.code).toContain('TOO_MANY_CONNECTIONS');
    expect(total.close).toBe(CLOSE_CODES.tooManyConnections);
    for (const socket of [first, second, third]) socket.terminate();
    await eventually(async () => expect(await sfu.metric('huddle_signaling_connections')).toBe(0));
    (await connectAs(sfu.wsUrl, '203.0.113.1')).terminate();
  });

  it('lobby size (lobby.maxWaiting) gives LOBBY_FULL, lobby wait (lobby.maxWaitSeconds) gives LOBBY_TIMEOUT', async () => {
    const sfu = await sfuWith({ HUDDLE_LOBBY_MAX_WAITING: '1', HUDDLE_LOBBY_MAX_WAIT_SECONDS: '2' });
    await sfu.admin.post('/rooms', { slug: 'waiting-room', lobby: true });
    const first = await SignalProbe.connect(sfu.wsUrl);
    const second = await SignalProbe.connect(sfu.wsUrl);
    const startedAt = Date.now();
    const waiting = first.requestError('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomId: 'waiting-room',
      displayName: 'Ann',
    });
    await first.waitForNotification('lobbyWaiting');
    const full = await second.requestError('join', {
      protocolVersion: PROTOCOL_VERSION,
      roomId: 'waiting-room',
      displayName: 'Bob',
    });
    expect(full.code).toBe('LOBBY_FULL');
    const timedOut = await waiting;
    expect(timedOut.code).toBe('LOBBY_TIMEOUT');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_900);
    expect(await sfu.admin.get('/rooms/waiting-room/lobby')).toEqual({ waiting: [] });
    await Promise.all([first.close(), second.close()]);
  });

  it('chat volume (chat.messagesPerMinute) gives RATE_LIMITED; retention (chat.maxMessagesPerRoom) is pruned by the job', async () => {
    const sfu = await sfuWith({
      HUDDLE_CHAT_PER_MINUTE: '4',
      HUDDLE_CHAT_MAX_MESSAGES: '3',
      HUDDLE_CHAT_PRUNE_SECONDS: '1',
    });
    await sfu.admin.post('/rooms', { slug: 'chatty' });
    const ann = await SignalProbe.connect(sfu.wsUrl);
    const bob = await SignalProbe.connect(sfu.wsUrl);
    await ann.join('chatty', 'Ann');
    await bob.join('chatty', 'Bob');
    for (const text of ['a1', 'a2', 'a3', 'a4']) await ann.request('sendChat', { text });
    expect((await ann.requestError('sendChat', { text: 'a5' })).code).toBe('RATE_LIMITED');
    await bob.request('sendChat', { text: 'b1' });
    await eventually(async () => {
      const page = chatHistoryResponseSchema.parse(await sfu.admin.get('/rooms/chatty/chat?limit=50'));
      expect(page.messages.map((message) => message.text)).toEqual(['a3', 'a4', 'b1']);
    }, 5_000);
    await Promise.all([ann.close(), bob.close()]);
  });

  it('transports and producers per peer: one per direction and one per source, even for concurrent requests', async () => {
    const sfu = await sfuWith({});
    const client = await SignalProbe.connect(sfu.wsUrl);
    await client.join('greedy', 'Greedy');
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, () => client.request('createTransport', { direction: 'send' })),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const transportId = attempts.find((attempt) => attempt.status === 'fulfilled')?.value.transportId;
    if (transportId === undefined) throw new Error('no send transport');
    const mics = await Promise.allSettled(Array.from({ length: 5 }, () => produceFake(client, 'mic', transportId)));
    expect(mics.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    expect((await mediaDump(sfu)).workers[0]).toMatchObject({ transports: 1, producers: 1 });
    await client.close();
  });

  it(
    'a socket that stops reading is closed (signaling.maxBufferedBytes) and server memory stays bounded',
    { timeout: 120_000 },
    async () => {
      const sfu = await sfuWith({
        HUDDLE_MAX_BUFFERED_BYTES: '65536',
        HUDDLE_CHAT_PER_MINUTE: '1000000',
        HUDDLE_RATE_PER_SECOND: '100000',
        HUDDLE_RATE_BURST: '100000',
        HUDDLE_RECONNECT_GRACE_MS: '0',
      });
      const talker = await SignalProbe.connect(sfu.wsUrl);
      await talker.join('flood', 'Talker');
      const reader = new WebSocket(sfu.wsUrl);
      const tcp = new Promise<Socket>((resolve) => reader.once('upgrade', (response) => resolve(response.socket)));
      await new Promise((resolve) => reader.once('open', resolve));
      const joined = new Promise((resolve) => reader.once('message', resolve));
      reader.send(
        JSON.stringify({
          id: 1,
          method: 'join',
          data: { protocolVersion: PROTOCOL_VERSION, roomId: 'flood', displayName: 'Sleepy' },
        }),
      );
      await joined;
      (await tcp).pause();
      const before = rssBytes(sfu.pid);
      const text = 'z'.repeat(1_900);
      let sent = 0;
      while ((await sfu.metric('huddle_peers')) > 1 && sent < 40_000) {
        await Promise.all(Array.from({ length: 200 }, () => talker.request('sendChat', { text })));
        sent += 200;
      }
      const grown = rssBytes(sfu.pid) - before;
      process.stdout.write(
        `slow reader closed after ${sent} messages (~${Math.round((sent * text.length) / 1e6)} MB); SFU RSS grew ${Math.round(grown / 1e6)} MB\n`,
      );
      expect(await sfu.metric('huddle_peers')).toBe(1);
      expect(sent).toBeLessThan(40_000);
      expect(grown).toBeLessThan(64 * 1024 * 1024);
      expect(sfu.output()).toContain('client stopped reading');
      reader.terminate();
      await talker.close();
    },
  );

  it('counts a pong only as the answer to a ping in flight: unsolicited pongs do not keep a socket alive', async () => {
    const sfu = await sfuWith({ HUDDLE_HEARTBEAT_MS: '300' });
    const liar = new WebSocket(sfu.wsUrl, { autoPong: false });
    await new Promise((resolve) => liar.once('open', resolve));
    const pongs = setInterval(() => liar.pong(), 50);
    const closed = new Promise((resolve) => liar.once('close', resolve));
    await closed;
    clearInterval(pongs);
    const honest = await SignalProbe.connect(sfu.wsUrl);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(honest.socket.readyState).toBe(WebSocket.OPEN);
    await honest.close();
  });

  it('rooms.allowAdHoc off: unknown slugs get ROOM_NOT_FOUND, created rooms work', async () => {
    const sfu = await sfuWith({ HUDDLE_ALLOW_AD_HOC: 'false' });
    await sfu.admin.post('/rooms', { slug: 'real' });
    const client = await SignalProbe.connect(sfu.wsUrl);
    expect(
      (await client.requestError('join', { protocolVersion: PROTOCOL_VERSION, roomId: 'made-up', displayName: 'Ann' }))
        .code,
    ).toBe('ROOM_NOT_FOUND');
    await client.join('real', 'Ann');
    await client.close();
  });

  it("an ad hoc room's chat belongs to its call; a stored room keeps its history; an admin can delete it", async () => {
    const sfu = await sfuWith({ HUDDLE_ROOM_EMPTY_GRACE_MS: '200', HUDDLE_RECONNECT_GRACE_MS: '0' });
    await sfu.admin.post('/rooms', { slug: 'kept' });
    const callOnce = async (room: string, text: string): Promise<string[]> => {
      const client = await SignalProbe.connect(sfu.wsUrl);
      await client.join(room, 'Ann');
      const { messages } = await client.request('getChatHistory', { limit: 50 });
      await client.request('sendChat', { text });
      await client.request('leave', {});
      await client.close();
      await eventually(async () => expect(await sfu.metric('huddle_rooms')).toBe(0));
      return messages.map((message) => message.text);
    };
    expect(await callOnce('standup', 'our secret plan')).toEqual([]);
    expect(await callOnce('standup', 'hello?')).toEqual([]);
    expect(await callOnce('kept', 'first call')).toEqual([]);
    expect(await callOnce('kept', 'second call')).toEqual(['first call']);
    await sfu.admin.delete('/rooms/kept/chat');
    expect(await callOnce('kept', 'third call')).toEqual([]);
  });

  it('the 40-socket probe: sockets closed 0–3 ms into join leave no room or peer after the grace periods', async () => {
    const sfu = await sfuWith({ HUDDLE_ROOM_EMPTY_GRACE_MS: '2000', HUDDLE_RECONNECT_GRACE_MS: '2000' });
    await Promise.all(
      Array.from({ length: 40 }, async (_, index) => {
        const socket = new WebSocket(sfu.wsUrl);
        await new Promise((resolve) => socket.once('open', resolve));
        socket.send(
          JSON.stringify({
            id: 1,
            method: 'join',
            data: { protocolVersion: PROTOCOL_VERSION, roomId: `probe-${index}`, displayName: 'Probe' },
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, index % 4));
        socket.terminate();
      }),
    );
    await eventually(
      async () => {
        expect({ rooms: await sfu.metric('huddle_rooms'), peers: await sfu.metric('huddle_peers') }).toEqual({
          rooms: 0,
          peers: 0,
        });
      },
      10_000,
      250,
    );
  });
});
