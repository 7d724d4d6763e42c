import { joinParticipant, startSfu, waitFor, type Participant } from '@huddle/testkit';
import { progress } from '../progress.js';
import { onTeardown } from '../teardown.js';
import { quantile } from './stats.js';
import { sleep } from './window.js';

export type JoinSpeedOptions = { publishers: number; joins: number };

export type JoinSpeedResult = {
  publishers: number;
  joins: number;
  /** Opening the WebSocket → the first decoded video frame, ms. */
  firstFrameMs: { p50: number; p95: number; min: number; max: number; samples: number[] };
  /** Opening the WebSocket → joined with transports ready (joinParticipant resolved), ms. */
  joinedMs: { p50: number; p95: number };
};

/**
 * A browser-grade participant (mediasoup-client on libwebrtc, decoding) joins a room where `publishers`
 * browser-grade participants send VP8 + Opus; measured `joins` times, one joiner at a time.
 */
export async function runJoinSpeed(options: JoinSpeedOptions): Promise<JoinSpeedResult> {
  const sfu = await startSfu({ env: { HUDDLE_LOG_LEVEL: 'error' } });
  const forget = onTeardown('join-speed SFU', () => sfu.stop());
  const publishers: Participant[] = [];
  try {
    for (let index = 0; index < options.publishers; index += 1) {
      publishers.push(
        // Browser-grade publishers answer the SFU's key-frame request at once, as browsers do (ffmpeg cannot:
        // a joiner would wait for its next periodic key frame). Small frames keep their encoders cheap.
        await joinParticipant(sfu.url, 'join-speed', {
          name: `publisher-${index}`,
          publish: ['mic', 'camera'],
          publishOptions: { simulcast: false },
          video: { width: 320, height: 180, fps: 15 },
        }),
      );
    }
    await sleep(2_000);
    const firstFrame: number[] = [];
    const joined: number[] = [];
    for (let attempt = 0; attempt < options.joins; attempt += 1) {
      const startedAt = Date.now();
      const joiner = await joinParticipant(sfu.url, 'join-speed', { name: `joiner-${attempt}` });
      joined.push(Date.now() - startedAt);
      try {
        const firstAt = await waitFor(
          async () => {
            const times = (await joiner.stats()).inbound.flatMap((stream) =>
              stream.firstFrameAt === undefined ? [] : [stream.firstFrameAt],
            );
            return times.length > 0 ? Math.min(...times) : undefined;
          },
          { timeoutMs: 15_000, intervalMs: 20, description: 'a first decoded frame' },
        );
        firstFrame.push(firstAt - startedAt);
        progress('join-speed.join', { attempt, firstFrameMs: firstAt - startedAt, joinedMs: joined.at(-1) });
      } finally {
        await joiner.leave();
      }
      await sleep(300);
    }
    return {
      publishers: options.publishers,
      joins: options.joins,
      firstFrameMs: {
        p50: quantile(firstFrame, 0.5),
        p95: quantile(firstFrame, 0.95),
        min: Math.min(...firstFrame),
        max: Math.max(...firstFrame),
        samples: firstFrame,
      },
      joinedMs: { p50: quantile(joined, 0.5), p95: quantile(joined, 0.95) },
    };
  } finally {
    await Promise.all(publishers.map((publisher) => publisher.leave()));
    await sfu.stop();
    forget();
  }
}
