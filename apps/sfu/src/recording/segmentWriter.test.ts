import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probe } from './mediaFiles.js';
import { SegmentWriter } from './segmentWriter.js';
import { FreshPortPairs } from './udpPorts.js';

const TOOLS = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' };
const OPUS = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2, parameters: {} };
/** An Opus packet of 20 ms of silence (CELT fullband, one frame). */
const SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

function opusPacket(index: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt8(0x80, 0);
  header.writeUInt8(OPUS.payloadType, 1);
  header.writeUInt16BE(index, 2);
  header.writeUInt32BE(index * 960, 4);
  header.writeUInt32BE(0x1234_5678, 8);
  return Buffer.concat([header, SILENCE]);
}

describe('SegmentWriter (with Debian ffmpeg)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huddle-segment-'));
  const socket = createSocket('udp4');
  afterAll(() => {
    socket.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes what came before ffmpeg listened, even when the segment ends at once', async () => {
    const crashes: string[] = [];
    const path = join(dir, 'early-end.webm');
    const writer = new SegmentWriter({
      path,
      codec: OPUS,
      ffmpegPath: TOOLS.ffmpegPath,
      ports: new FreshPortPairs(),
      send: (packet, port) => socket.send(packet, port, '127.0.0.1'),
      onCrash: (_exit, output) => crashes.push(output),
    });
    // One second of audio, all of it before ffmpeg has started; then the end, before it listens.
    for (let index = 0; index < 50; index += 1) writer.write(opusPacket(index), index * 960, index * 20);
    const end = await writer.end();
    expect(crashes).toEqual([]);
    expect(end.clean).toBe(true);
    const probed = await probe(TOOLS, path);
    expect(probed?.kinds).toEqual(['audio']);
    expect(probed?.durationS).toBeGreaterThan(0.9);
  });
});
