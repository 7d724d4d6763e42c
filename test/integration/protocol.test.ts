import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROTOCOL_VERSION, methods } from '@huddle/shared';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';
import { RawFrames } from '../support/rawFrames.js';

describe('signaling frame validation', () => {
  let sfu: LocalSfu;
  /** Malformed frames go through a raw socket; the same socket then joins like any client. */
  let raw: RawFrames;

  beforeAll(async () => {
    sfu = await startSfu();
    raw = await RawFrames.open(sfu.wsUrl);
  });
  afterAll(async () => {
    await raw?.close();
    await sfu?.stop();
  });

  it('answers malformed JSON with BAD_JSON and a null id', async () => {
    const reply = await raw.send('{"id": 1, "method": ', null);
    expect(reply).toEqual({ ok: false, error: { code: 'BAD_JSON', message: 'frame is not valid JSON' } });
  });

  it('answers a frame that is not a request with INVALID_FRAME, echoing a readable id', async () => {
    const reply = await raw.send(JSON.stringify({ id: 7, data: {} }), 7);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('INVALID_FRAME');
    const noId = await raw.send(JSON.stringify(['not', 'an', 'object']), null);
    expect(!noId.ok && noId.error.code).toBe('INVALID_FRAME');
  });

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    const error = await raw.requestError('teleport', {});
    expect(error).toEqual({ code: 'UNKNOWN_METHOD', message: 'unknown method "teleport"' });
  });

  it('answers wrong types with INVALID_PARAMS and the offending fields', async () => {
    const error = await raw.requestError('join', { protocolVersion: '1', roomId: 'bad room!', displayName: 42 });
    expect(error.code).toBe('INVALID_PARAMS');
    const details = z.array(z.object({ path: z.string(), message: z.string() })).parse(error.details);
    const paths = details.map((detail) => detail.path).sort();
    expect(paths).toEqual(['displayName', 'protocolVersion', 'roomId']);
  });

  it('answers an oversized frame with FRAME_TOO_LARGE', async () => {
    const big = JSON.stringify({ id: 9, method: 'join', data: { pad: 'x'.repeat(70_000) } });
    const reply = await raw.send(big, null);
    expect(!reply.ok && reply.error.code).toBe('FRAME_TOO_LARGE');
  });

  it('answers binary frames with INVALID_FRAME', async () => {
    const reply = await raw.send(Buffer.from([1, 2, 3]), null);
    expect(!reply.ok && reply.error.code).toBe('INVALID_FRAME');
  });

  it('refuses requests that need a room before join, and a protocol version mismatch', async () => {
    expect((await raw.requestError('createTransport', { direction: 'send' })).code).toBe('NOT_JOINED');
    const mismatch = await raw.requestError('join', { protocolVersion: 99, roomId: 'r1', displayName: 'Ann' });
    expect(mismatch.code).toBe('PROTOCOL_VERSION_MISMATCH');
    expect(mismatch.message).toContain(`protocol ${PROTOCOL_VERSION}`);
  });

  it('keeps the socket usable after every bad frame', async () => {
    const reply = await raw.send(
      JSON.stringify({
        id: 1,
        method: 'join',
        data: { protocolVersion: PROTOCOL_VERSION, roomId: 'validation-room', displayName: 'Still Here' },
      }),
      1,
    );
    if (!reply.ok) throw new Error(`join failed: ${reply.error.code}`);
    const joined = methods.join.response.parse(reply.data);
    expect(joined.peerId).toBeTruthy();
    expect(joined.routerRtpCapabilities.codecs?.map((codec) => codec.mimeType)).toEqual(
      expect.arrayContaining(['audio/opus', 'video/VP8', 'video/VP9', 'video/H264']),
    );
    expect(
      (await raw.requestError('join', { protocolVersion: PROTOCOL_VERSION, roomId: 'x', displayName: 'Y' })).code,
    ).toBe('ALREADY_JOINED');
    const missing = await raw.requestError('resumeConsumer', { consumerId: 'nope' });
    expect(missing).toEqual({ code: 'NOT_FOUND', message: 'consumer nope not found' });
  });
});

describe('signaling rate limit', () => {
  let sfu: LocalSfu;

  beforeAll(async () => {
    sfu = await startSfu();
  });
  afterAll(async () => {
    await sfu?.stop();
  });

  it('answers a flood with RATE_LIMITED and recovers once the client slows down', async () => {
    const client = await RawFrames.open(sfu.wsUrl);
    const codes: string[] = [];
    client.socket.on('message', (raw) => {
      const reply = z.object({ error: z.object({ code: z.string() }) }).safeParse(JSON.parse(raw.toString()));
      if (reply.success) codes.push(reply.data.error.code);
    });
    for (let index = 0; index < 300; index += 1) client.socket.send(JSON.stringify({ id: index, method: 'nope' }));
    await eventually(() => expect(codes).toHaveLength(300));
    expect(codes.filter((code) => code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(100);
    expect(codes.filter((code) => code === 'UNKNOWN_METHOD').length).toBeGreaterThanOrEqual(100);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await client.requestError('nope', {})).code).toBe('UNKNOWN_METHOD');
    await client.close();
  });
});
