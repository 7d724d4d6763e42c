import type { Grants, MediaSource, SelfState } from '@huddle/shared';
import { TypedEmitter } from '../emitter.js';
import { isSignalError, SignalError, toError } from '../errors.js';
import { assertTrackFits, SOURCE_KIND, type SendSettings } from '../media/encodings.js';
import type { PeerMedia } from '../media/peerMedia.js';
import type { NotificationSource } from '../signaling/notifications.js';
import type { SignalClient } from '../signaling/signalClient.js';
import type { PublicationsSnapshot, PublicationState } from './types.js';

type Entry = {
  source: MediaSource;
  track: MediaStreamTrack;
  paused: boolean;
  settings: SendSettings;
  trackEnded: boolean;
  /** The server's producer as far as we know; null when it has none (yet). */
  producerId: string | null;
  /** That producer's paused state on the server, as far as we know. */
  serverPaused: boolean;
  /** Stops listening to the track's `ended`. */
  unwatch: () => void;
};

export type PublicationsEvents = {
  changed: [snapshot: PublicationsSnapshot];
  /** A sent track ended by itself (its entry stays, marked `trackEnded`). */
  trackEnded: [source: MediaSource];
};

function isVideo(entry: Entry): boolean {
  return SOURCE_KIND[entry.source] === 'video';
}

/** A server answer that means the connection, not the request, failed: the next resume re-syncs. */
function offline(error: unknown): boolean {
  return isSignalError(error, 'CONNECTION_CLOSED', 'TIMEOUT', 'SERVER_DRAINING', 'TOO_MANY_CONNECTIONS');
}

/**
 * The one owner of local publication state: per source the track sent, whether it is paused (muted), and its
 * producer on the server. Every change applies locally at once (muting stops the packets even while the socket is
 * down) and is then brought to the server by one serialized sync; after a resume the server's own account
 * (`self` in the resume reply) is compared with ours and every difference fixed, after a rejoin everything is
 * produced again. Each change emits one snapshot (`changed`) that UIs mirror. Tracks belong to the caller: they
 * are never stopped here.
 */
export class Publications extends TypedEmitter<PublicationsEvents> {
  readonly #entries = new Map<MediaSource, Entry>();
  readonly #hostMuted = new Set<MediaSource>();
  /** Server producers we no longer want (unpublished while offline, or unknown after a resume). */
  readonly #orphans = new Set<string>();
  #media: PeerMedia | undefined;
  #signal: SignalClient | undefined;
  #online = false;
  /** A new peer's producers wait for this (see attachNewPeer). */
  #hold: Promise<void> = Promise.resolve();
  #sync: Promise<Map<MediaSource, Error>> = Promise.resolve(new Map());

  constructor(notifications: NotificationSource) {
    super();
    notifications.on('mutedByHost', ({ source }) => this.#mutedByHost(source));
    notifications.on('unmuteAllowed', ({ source }) => {
      if (this.#hostMuted.delete(source)) this.#changed();
    });
  }

  get snapshot(): PublicationsSnapshot {
    const publications = [...this.#entries.values()].map(
      ({ source, track, paused, producerId, trackEnded }): PublicationState => ({
        source,
        track,
        paused,
        producerId,
        trackEnded,
      }),
    );
    return { publications, hostMuted: [...this.#hostMuted] };
  }

  has(source: MediaSource): boolean {
    return this.#entries.has(source);
  }

  /** Sends `track` as `source` (replacing what was sent as it). Resolves once the server has it, or offline. */
  async publish(source: MediaSource, track: MediaStreamTrack, settings: SendSettings): Promise<void> {
    assertTrackFits(source, track);
    this.#drop(source);
    const entry: Entry = {
      source,
      track,
      paused: this.#hostMuted.has(source),
      settings,
      trackEnded: track.readyState === 'ended',
      producerId: null,
      serverPaused: false,
      unwatch: () => undefined,
    };
    entry.unwatch = this.#watch(entry);
    this.#entries.set(source, entry);
    this.#changed();
    await this.#settled(source);
  }

  /** Stops sending `source` (the track keeps running). */
  async unpublish(source: MediaSource): Promise<void> {
    if (!this.#drop(source)) return;
    this.#changed();
    await this.#settled(source);
  }

  /** Mutes (pauses the producer, here at once and then on the server) or unmutes. */
  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    const entry = this.#require(source);
    if (!paused && this.#hostMuted.has(source)) {
      throw new SignalError('MUTED_BY_HOST', `a moderator muted your ${source}: ask to unmute`);
    }
    if (entry.paused === paused) return;
    entry.paused = paused;
    this.#media?.setSending(source, !paused);
    this.#changed();
    await this.#settled(source);
  }

  /** Sends another track under the same producer (a device switch); on failure the old track stays. */
  async replaceTrack(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    const entry = this.#require(source);
    assertTrackFits(source, track);
    const previous = { track: entry.track, trackEnded: entry.trackEnded, unwatch: entry.unwatch };
    entry.track = track;
    entry.trackEnded = track.readyState === 'ended';
    entry.unwatch = this.#watch(entry);
    try {
      await this.#media?.replaceTrack(source, track);
    } catch (error) {
      entry.unwatch();
      Object.assign(entry, previous);
      throw error;
    }
    previous.unwatch();
    this.#changed();
  }

  /**
   * A new server-side peer with its media (a join or a rejoin): everything is produced again, once `hold`
   * settles (a joiner's own producers — their negotiation and encoders — compete with its first remote frames).
   */
  attachNewPeer(signal: SignalClient, media: PeerMedia, hold: Promise<void> = Promise.resolve()): void {
    this.#media = media;
    this.#hold = hold;
    this.#signal = signal;
    this.#orphans.clear();
    this.#hostMuted.clear();
    for (const entry of this.#entries.values()) {
      entry.producerId = null;
      entry.serverPaused = false;
    }
    this.#changed();
  }

  /** Connected (after a join, a rejoin or a resume): bring the server in line. Resolves with what failed. */
  online(resumed?: SelfState): Promise<Map<MediaSource, Error>> {
    this.#online = true;
    if (resumed) this.#compare(resumed);
    return this.#queueSync();
  }

  /** The socket is down: changes stay local until the next `online`. */
  offline(): void {
    this.#online = false;
  }

  /** The server-side peer is gone (rejoin or close): its producers went with it. */
  detach(): void {
    this.#online = false;
    this.#media = undefined;
    this.#signal = undefined;
    for (const entry of this.#entries.values()) entry.producerId = null;
  }

  /**
   * Our grants changed: where the server took one away it closed the producers it covered, so those publications
   * end here too (their producers are gone; nothing to close on the server).
   */
  grantsChanged(grants: Grants): void {
    const sources: MediaSource[] = [
      ...(grants.publish ? [] : (['mic', 'camera'] as const)),
      ...(grants.screen ? [] : (['screen', 'screen-audio'] as const)),
    ];
    let changed = false;
    for (const source of sources) {
      const entry = this.#entries.get(source);
      if (!entry) continue;
      entry.producerId = null;
      changed = this.#drop(source) || changed;
    }
    if (changed) this.#changed();
  }

  /** Forgets every publication (the session closed). */
  clear(): void {
    this.detach();
    for (const entry of this.#entries.values()) entry.unwatch();
    this.#entries.clear();
    this.#hostMuted.clear();
    this.#changed();
  }

  /** The server's account after a resume against ours: unknown producers go, missing ones are made again. */
  #compare(self: SelfState): void {
    const onServer = new Set<string>();
    for (const producer of self.producers) {
      const entry = this.#entries.get(producer.source);
      if (entry?.producerId === producer.producerId) {
        onServer.add(producer.producerId);
        entry.serverPaused = producer.paused;
      } else {
        this.#orphans.add(producer.producerId);
      }
    }
    for (const entry of this.#entries.values()) {
      if (entry.producerId !== null && !onServer.has(entry.producerId)) entry.producerId = null;
    }
    this.#hostMuted.clear();
    for (const source of self.hostMuted) this.#hostMuted.add(source);
    for (const entry of this.#entries.values()) {
      if (this.#hostMuted.has(entry.source) && !entry.paused) {
        entry.paused = true;
        this.#media?.setSending(entry.source, false);
      }
    }
    this.#changed();
  }

  #mutedByHost(source: MediaSource): void {
    this.#hostMuted.add(source);
    const entry = this.#entries.get(source);
    if (entry) {
      entry.paused = true;
      entry.serverPaused = true;
      this.#media?.setSending(source, false);
    }
    this.#changed();
  }

  /** Waits for a sync that starts after this change; throws what failed for `source` in it. */
  async #settled(source: MediaSource): Promise<void> {
    if (!this.#online) return;
    const failure = (await this.#queueSync()).get(source);
    if (failure) throw failure;
  }

  #queueSync(): Promise<Map<MediaSource, Error>> {
    const next = this.#sync.then(() => this.#pass());
    this.#sync = next;
    return next;
  }

  /** One pass over everything that differs from the server; stops early when the connection goes. */
  async #pass(): Promise<Map<MediaSource, Error>> {
    const failures = new Map<MediaSource, Error>();
    const signal = this.#signal;
    const media = this.#media;
    if (!this.#online || !signal || !media) return failures;
    for (const producerId of [...this.#orphans]) {
      try {
        await signal.request('closeProducer', { producerId });
      } catch (error) {
        // NOT_FOUND: gone already. Anything but a lost connection: nothing more we can do about it.
        if (offline(error)) return failures;
      }
      this.#orphans.delete(producerId);
    }
    // Audio first: it is what others miss most.
    const entries = [...this.#entries.values()].sort((a, b) => Number(isVideo(a)) - Number(isVideo(b)));
    for (const entry of entries) {
      if (entry.producerId === null) await this.#hold;
      if (!this.#online || this.#entries.get(entry.source) !== entry || media !== this.#media) continue;
      try {
        await this.#bringToServer(entry, signal, media);
      } catch (error) {
        if (offline(error)) return failures;
        failures.set(entry.source, toError(error));
      }
    }
    return failures;
  }

  async #bringToServer(entry: Entry, signal: SignalClient, media: PeerMedia): Promise<void> {
    if (entry.producerId === null) {
      await this.#produce(entry, media);
      return;
    }
    if (entry.serverPaused === entry.paused) return;
    const { producerId, paused } = entry;
    try {
      await signal.request(paused ? 'pauseProducer' : 'resumeProducer', { producerId });
      entry.serverPaused = paused;
    } catch (error) {
      if (isSignalError(error, 'NOT_FOUND')) {
        entry.producerId = null;
        await this.#produce(entry, media);
        return;
      }
      if (isSignalError(error, 'MUTED_BY_HOST')) this.#mutedByHost(entry.source);
      throw error;
    }
  }

  async #produce(entry: Entry, media: PeerMedia): Promise<void> {
    const { source, track, paused, settings } = entry;
    let producerId: string;
    try {
      producerId = await media.produce({ source, track, paused, settings });
    } catch (error) {
      if (isSignalError(error, 'MUTED_BY_HOST')) {
        this.#mutedByHost(source);
        if (this.#entries.get(source) === entry) await this.#produce(entry, media);
        return;
      }
      // Refused for good (no grant, bad track): the publication cannot stand.
      if (!offline(error) && this.#entries.get(source) === entry) {
        this.#drop(source);
        this.#changed();
      }
      throw error;
    }
    if (this.#entries.get(source) !== entry || media !== this.#media) {
      // Unpublished or replaced while the producer was being made: it must not stay (a replacement is produced
      // by a later pass, so the producer registered for this source now is this one).
      if (media === this.#media) media.closeProducer(source);
      this.#orphans.add(producerId);
      return;
    }
    entry.producerId = producerId;
    entry.serverPaused = paused;
    if (entry.paused !== paused) media.setSending(source, !entry.paused);
    this.#changed();
  }

  /** Removes `source` locally (its producer, if any, becomes an orphan to close). */
  #drop(source: MediaSource): boolean {
    const entry = this.#entries.get(source);
    if (!entry) return false;
    entry.unwatch();
    this.#entries.delete(source);
    this.#media?.closeProducer(source);
    if (entry.producerId !== null) this.#orphans.add(entry.producerId);
    return true;
  }

  #watch(entry: Entry): () => void {
    const ended = (): void => {
      if (this.#entries.get(entry.source) !== entry) return;
      entry.trackEnded = true;
      this.#changed();
      this.emit('trackEnded', entry.source);
    };
    const { track } = entry;
    track.addEventListener('ended', ended);
    return () => track.removeEventListener('ended', ended);
  }

  #require(source: MediaSource): Entry {
    const entry = this.#entries.get(source);
    if (!entry) throw new Error(`nothing is published as "${source}"`);
    return entry;
  }

  #changed(): void {
    this.emit('changed', this.snapshot);
  }
}
