import type { MediaSource, PeerInfo } from '@huddle/shared';
import type { ConsumerStats, LinkStats, PublicationStats } from '@huddle/client';

/**
 * The browser tests' handle on a meeting, installed as `window.__huddleTest` only when the room URL has
 * `&testHooks=1` (nothing is exposed otherwise). WebRTC statistics are not reachable from the DOM, hence this hook.
 */
export type HuddleTestHooks = {
  /** inbound-rtp statistics of every consumer (remote track) of this page. */
  stats(): Promise<ConsumerStats[]>;
  /** Both transports' paths and counters (selected candidate pairs, bytes, losses). */
  linkStats(): Promise<LinkStats | undefined>;
  /** What one published source sends and how: codec, sender encodings, outbound streams. */
  publicationStats(source: MediaSource): Promise<PublicationStats | undefined>;
  setPreferredLayers(consumerId: string, spatialLayer: number, temporalLayer?: number): Promise<void>;
  pauseConsumer(consumerId: string): Promise<void>;
  resumeConsumer(consumerId: string): Promise<void>;
  setMuted(source: MediaSource, muted: boolean): Promise<void>;
  /** getDisplayMedia (video, plus audio when offered), published as 'screen' / 'screen-audio'. */
  shareScreen(): Promise<void>;
  stopScreen(): Promise<void>;
  /** Sends a chat message through the session (whether or not the page shows a chat box): 'ok' or the error code. */
  sendChat(text: string): Promise<string>;
  /** Adds `count` made-up participants to the list the page shows (until the next roster change): a big room's UI. */
  addSyntheticPeers(count: number): void;
  leave(): Promise<void>;
};

declare global {
  interface Window {
    __huddleTest?: HuddleTestHooks;
  }
}

/** Installs the hooks; returns the function that removes them. */
export function installTestHooks(hooks: HuddleTestHooks): () => void {
  window.__huddleTest = hooks;
  return () => {
    if (window.__huddleTest === hooks) delete window.__huddleTest;
  };
}

/** Made-up participants (no media) for addSyntheticPeers. */
export function syntheticPeers(count: number): PeerInfo[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, index) => ({
    peerId: `synthetic-${index}`,
    displayName: `Guest ${index + 1}`,
    state: 'connected',
    role: 'participant',
    handRaised: index % 50 === 0,
    joinedAt: now + index,
    producers: [],
  }));
}
