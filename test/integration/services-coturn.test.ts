import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, stunBinding, turnCredentials, type RunningCoturn } from '@huddle/services';
import { eventually } from '../support/eventually.js';
import { TurnClient, TurnError } from '../support/turnClient.js';

describe('coturn (@huddle/services)', () => {
  let turn: RunningCoturn;
  const clients: TurnClient[] = [];

  const client = async (): Promise<TurnClient> => {
    const opened = await TurnClient.open(turn.host, turn.port);
    clients.push(opened);
    return opened;
  };

  beforeAll(async () => {
    turn = await startCoturn({ allowLoopbackPeers: true });
  });

  afterAll(async () => {
    await Promise.all(clients.map((opened) => opened.close()));
    await turn?.stop();
  });

  it('answers STUN Binding over UDP with the mapped address', async () => {
    expect(await stunBinding(turn.host, turn.port)).toMatchObject({ family: 4, address: '127.0.0.1' });
    expect(turn.urls).toEqual([
      `turn:127.0.0.1:${turn.port}?transport=udp`,
      `turn:127.0.0.1:${turn.port}?transport=tcp`,
    ]);
  });

  it('allocates a relay with REST API credentials, and relays to a loopback peer', async () => {
    const { username, password } = turn.credentials('alice', 600);
    const alice = await client();
    const { relayed, lifetime } = await alice.allocate(username, password);
    expect(relayed.address).toBe('127.0.0.1');
    expect(relayed.port).toBeGreaterThanOrEqual(turn.relayPorts.min);
    expect(relayed.port).toBeLessThanOrEqual(turn.relayPorts.max);
    expect(lifetime).toBeGreaterThan(0);

    const peer = createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    const peerAddress = { address: '127.0.0.1', port: peer.address().port };
    const arrived: { data: string; port: number }[] = [];
    peer.on('message', (data, from) => arrived.push({ data: data.toString(), port: from.port }));
    try {
      await alice.createPermission(peerAddress);
      alice.send(peerAddress, Buffer.from('through the relay'));
      await eventually(() => expect(arrived).toEqual([{ data: 'through the relay', port: relayed.port }]), 5_000);
      peer.send('and back', relayed.port, relayed.address);
      await eventually(() => expect(alice.received.map((entry) => entry.data.toString())).toEqual(['and back']), 5_000);
    } finally {
      peer.close();
    }
  });

  it('refuses a wrong password, another secret and expired credentials with 401', async () => {
    const good = turn.credentials('bob', 600);
    const otherSecret = turnCredentials('not-the-secret-of-this-server', 600, 'bob');
    const expired = turnCredentials(turn.secret, 60, 'bob', Date.now() - 3_600_000);
    for (const [username, password] of [
      [good.username, `${good.password}x`],
      [otherSecret.username, otherSecret.password],
      [expired.username, expired.password],
    ] as const) {
      const bob = await client();
      const failure = await bob.allocate(username, password).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TurnError);
      expect(failure).toMatchObject({ code: 401 });
    }
  });

  it('stops leaving no process and no temp dir', async () => {
    const other = await startCoturn();
    expect(existsSync(other.dataDir)).toBe(true);
    await other.stop();
    await other.stop();
    expect(existsSync(`/proc/${other.pid}`)).toBe(false);
    expect(existsSync(other.dataDir)).toBe(false);
  });

  it('without allowLoopbackPeers refuses 127.0.0.1 peers; deniedPeerIps refuses its ranges (403)', async () => {
    // CreatePermission sends nothing to the peer: no packet leaves for these addresses.
    const strict = await startCoturn({ deniedPeerIps: ['10.0.0.0-10.255.255.255'] });
    try {
      const carol = await TurnClient.open(strict.host, strict.port);
      try {
        const { username, password } = strict.credentials('carol');
        await carol.allocate(username, password);
        const permission = (address: string): Promise<unknown> =>
          carol.createPermission({ address, port: 9 }).then(
            () => 'allowed',
            (error: unknown) => error,
          );
        expect(await permission('127.0.0.1')).toMatchObject({ code: 403 });
        expect(await permission('10.1.2.3')).toMatchObject({ code: 403 });
        expect(await permission('192.168.1.1')).toBe('allowed');
      } finally {
        await carol.close();
      }
    } finally {
      await strict.stop();
    }
  });
});
