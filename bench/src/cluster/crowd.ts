import { joinParticipant, waitFor, type Participant } from '@huddle/testkit';

/** Joins at most this many at once: a node under a small quota answers a burst of joins slowly. */
const JOIN_BATCH = 10;

/** The meeting's publisher: the test kit's lightweight kind, camera (3 simulcast layers) and mic, from ffmpeg. */
export async function joinPublisher(url: string, room: string, name: string): Promise<Participant> {
  const publisher = await joinParticipant(url, room, { kind: 'lightweight', name, publish: ['mic', 'camera'] });
  try {
    await waitFor(
      async () => {
        const { outbound } = await publisher.stats();
        return outbound.length === 2 && outbound.every((stream) => stream.bitrate > 0);
      },
      { timeoutMs: 15_000, description: `${name} to send audio and video` },
    );
    return publisher;
  } catch (error) {
    await publisher.leave();
    throw error;
  }
}

/**
 * Adds `count` lightweight subscribers (bare RTP, counting only) to `room` through `url`, in batches, and resolves
 * once each receives the publisher's video; the ones that joined are pushed to `into` even when a later one fails,
 * so the caller can always make them leave.
 */
export async function addSubscribers(
  into: Participant[],
  url: string,
  room: string,
  publisher: Participant,
  count: number,
): Promise<void> {
  for (let joined = 0; joined < count; joined += JOIN_BATCH) {
    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(JOIN_BATCH, count - joined) }, (_, offset) =>
        joinParticipant(url, room, { kind: 'lightweight', name: `${room}-sub-${into.length + offset}` }),
      ),
    );
    for (const result of settled) if (result.status === 'fulfilled') into.push(result.value);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const batch = into.slice(-settled.length);
    await Promise.all(
      batch.map((subscriber) => subscriber.waitForMedia(publisher, { kind: 'video', timeoutMs: 30_000 })),
    );
  }
}

/** Makes everyone leave (each at most once; a failing leave does not stop the others). */
export async function leaveAll(participants: ReadonlyArray<{ leave(): Promise<void> }>): Promise<void> {
  await Promise.allSettled(participants.map((participant) => participant.leave()));
}
