import { z } from 'zod';
import type { JanusHandle } from './janusSession.js';
import type { Jsep } from './janusMessages.js';

/** The VideoRoom plugin's requests the bench needs (https://janus.conf.meetecho.com/docs/videoroom.html). */
export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';

const Created = z.looseObject({ videoroom: z.literal('created'), room: z.number() });
const Destroyed = z.looseObject({ videoroom: z.literal('destroyed') });
const Joined = z.looseObject({ videoroom: z.literal('joined'), id: z.number() });
const Configured = z.looseObject({ videoroom: z.literal('event'), configured: z.literal('ok') });
const Attached = z.looseObject({ videoroom: z.literal('attached') });
const Started = z.looseObject({ videoroom: z.literal('event'), started: z.literal('ok') });

export type RoomOptions = {
  room: number;
  /** Maximum concurrent publishers (subscribers are not limited). */
  publishers: number;
  /** Bitrate cap Janus signals to publishers with REMB, in bit/s (0 = none). */
  bitrate: number;
};

export async function createRoom(handle: JanusHandle, options: RoomOptions): Promise<void> {
  const { data } = await handle.message({
    request: 'create',
    ...options,
    is_private: true,
    audiocodec: 'opus',
    videocodec: 'vp8',
    // No periodic key-frame requests: the bench publisher (ffmpeg) ignores RTCP and sends key frames on its own.
    fir_freq: 0,
    notify_joining: false,
  });
  parse(Created, data, 'create room');
}

export async function destroyRoom(handle: JanusHandle, room: number): Promise<void> {
  const { data } = await handle.message({ request: 'destroy', room });
  parse(Destroyed, data, 'destroy room');
}

/** Joins as a publisher; returns the publisher's feed id (what subscribers ask for). */
export async function joinAsPublisher(handle: JanusHandle, room: number, display: string): Promise<number> {
  const { data } = await handle.message({ request: 'join', ptype: 'publisher', room, display });
  return parse(Joined, data, 'publisher join').id;
}

/** Publishes with `offer`; returns Janus's answer. */
export async function publish(handle: JanusHandle, offer: Jsep): Promise<Jsep> {
  const reply = await handle.message({ request: 'publish', audio: true, video: true, data: false }, offer);
  parse(Configured, reply.data, 'publish');
  return requireJsep(reply.jsep, 'answer', 'publish');
}

/** Subscribes to every stream of `feed`; returns Janus's offer. */
export async function joinAsSubscriber(handle: JanusHandle, room: number, feed: number): Promise<Jsep> {
  const reply = await handle.message({ request: 'join', ptype: 'subscriber', room, streams: [{ feed }] });
  parse(Attached, reply.data, 'subscriber join');
  return requireJsep(reply.jsep, 'offer', 'subscriber join');
}

/** Sends the subscriber's answer; Janus starts relaying once ICE and DTLS are up. */
export async function startSubscription(handle: JanusHandle, answer: Jsep): Promise<void> {
  const { data } = await handle.message({ request: 'start' }, answer);
  parse(Started, data, 'start');
}

function parse<S extends z.ZodType>(schema: S, data: Record<string, unknown>, what: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new Error(`VideoRoom ${what}: unexpected reply ${JSON.stringify(data)}`);
  return parsed.data;
}

function requireJsep(jsep: Jsep | undefined, type: Jsep['type'], what: string): Jsep {
  if (jsep?.type !== type) throw new Error(`VideoRoom ${what}: expected an SDP ${type}, got ${JSON.stringify(jsep)}`);
  return jsep;
}
