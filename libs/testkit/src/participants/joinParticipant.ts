import { isSignalError, signalingUrlOf } from '@huddle/client';
import { PROTOCOL_VERSION, type MediaSource } from '@huddle/shared';
import { openSignal, SignalingUnavailable } from '../signaling/signalProbe.js';
import type { VideoFormat } from './browser/syntheticMedia.js';
import type { SharedMedia } from './light/lightweightEngine.js';
import type { MediaEngine, PublishOptions } from './mediaEngine.js';
import { Participant } from './participant.js';

export type ParticipantKind = 'browser-grade' | 'lightweight';

export type JoinParticipantOptions = {
  /** 'browser-grade' (default): mediasoup-client on libwebrtc. 'lightweight': raw RTP, cheap receivers. */
  kind?: ParticipantKind;
  /** Display name (default: `bot-` and a random suffix). */
  name?: string;
  /** A join token minted by the SFU's REST API (`POST /api/v1/rooms/:slug/tokens`). */
  token?: string;
  /** Sources to publish right after joining (default: none). */
  publish?: MediaSource[];
  /** Options for those sources (simulcast, start muted). */
  publishOptions?: PublishOptions;
  /** Resume every stream as the SFU offers it (default true); false: call `subscribe()` yourself. */
  subscribe?: boolean;
  /**
   * Lightweight: receive with everything a browser negotiates (RTX, NACK, transport-cc, header extensions) so the
   * SFU works for this bot as for a browser, and send what a browser sends back: Receiver Reports (~1 s) and
   * transport-cc feedback (~100 ms). Default false (bare RTP, no feedback: the cheapest for the SFU too).
   */
  receiveAsBrowser?: boolean;
  /**
   * Lightweight: publish these sources from a shared encode (SharedRtpSource: one ffmpeg for many bots, each
   * with its own SSRCs) instead of an ffmpeg of their own. The shared source's layers win over `simulcast`.
   */
  sharedMedia?: SharedMedia;
  /** Browser-grade: the synthetic camera's size and frame rate (default 640×360 at 15 fps). */
  video?: VideoFormat;
  /** How long the join may take, lobby included (default 15 s). */
  timeoutMs?: number;
};

/** The SFU refused the join: `code` is its error code (ROOM_LOCKED, ROOM_FULL, UNAUTHORIZED, LOBBY_DENIED…). */
export class JoinRefused extends Error {
  readonly code: string;
  constructor(room: string, code: string, message: string) {
    super(`joining "${room}" was refused: ${code} ${message}`);
    this.code = code;
  }
}

/** Accepts the SFU's http(s) base URL or its ws(s) signaling URL. */
export const signalingUrl = signalingUrlOf;

async function createEngine(options: JoinParticipantOptions): Promise<MediaEngine> {
  // Each kind loads its native WebRTC stack only when used: a run of lightweight bots never loads libwebrtc.
  if (options.kind === 'lightweight') {
    const { LightweightEngine } = await import('./light/lightweightEngine.js');
    return new LightweightEngine(options.receiveAsBrowser, options.sharedMedia);
  }
  const { BrowserEngine } = await import('./browser/browserEngine.js');
  return new BrowserEngine(options.video);
}

/**
 * Joins `room` on the SFU at `url` as a headless participant with real WebRTC media: connects the signaling
 * socket, joins, sets up its transports, then publishes `options.publish`. Rejects with JoinRefused (the
 * server's code) or SignalingUnavailable (the SFU cannot be reached).
 */
export async function joinParticipant(
  url: string,
  room: string,
  options: JoinParticipantOptions = {},
): Promise<Participant> {
  const name = options.name ?? `bot-${Math.random().toString(36).slice(2, 8)}`;
  const { signal, socket, log } = await openSignal(url);
  let engine: MediaEngine | undefined;
  try {
    const joined = await signal
      .request(
        'join',
        {
          protocolVersion: PROTOCOL_VERSION,
          roomId: room,
          displayName: name,
          ...(options.token ? { token: options.token } : {}),
        },
        { timeoutMs: options.timeoutMs ?? 15_000 },
      )
      .catch((error: unknown) => {
        if (isSignalError(error, 'CONNECTION_CLOSED')) throw new SignalingUnavailable(error.message);
        if (isSignalError(error)) throw new JoinRefused(room, error.code, error.message);
        throw error;
      });
    engine = await createEngine(options);
    const participant = new Participant({ signal, socket, log, engine }, name, joined, options.subscribe ?? true);
    await engine.start(signal, joined.routerRtpCapabilities);
    for (const source of options.publish ?? []) await participant.publish(source, options.publishOptions);
    return participant;
  } catch (error) {
    await engine?.close();
    signal.close();
    throw error;
  }
}
