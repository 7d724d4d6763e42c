import type { PeerInfo } from '@huddle/shared';
import type { Peer } from './peer.js';

/** At most one roster batch per client in this long. */
export const BATCH_MS = 250;

type Change = { kind: 'joined' | 'updated'; info: PeerInfo } | { kind: 'left' };

export interface RosterHost {
  /** Everyone who gets roster batches (stage and audience). */
  members(): Iterable<Peer>;
  /** Whether `peer` is on the stage (listed in the roster); viewers of a webinar are not. */
  onStage(peer: Peer): boolean;
  /** How many viewers watch (0 outside webinars). */
  audience(): number;
}

/**
 * The room's roster as clients see it: changes of the peers on the stage (joined, updated, left) and the audience
 * count, gathered and sent as one `peersChanged` (and `audienceChanged`) per client at most every 250 ms, so a
 * crowd joining at once does not flood anyone. A peer that came and went within one batch is sent as nothing;
 * several updates of one peer as its latest state.
 */
export class Roster {
  readonly #host: RosterHost;
  readonly #changes = new Map<string, Change>();
  #audience: number;
  #timer: NodeJS.Timeout | undefined;
  #lastFlush = 0;
  #closed = false;

  constructor(host: RosterHost) {
    this.#host = host;
    this.#audience = host.audience();
  }

  joined(peer: Peer): void {
    this.#changes.set(peer.id, { kind: 'joined', info: peer.info() });
    this.#schedule();
  }

  updated(peer: Peer): void {
    const previous = this.#changes.get(peer.id);
    this.#changes.set(peer.id, { kind: previous?.kind === 'joined' ? 'joined' : 'updated', info: peer.info() });
    this.#schedule();
  }

  left(peer: Peer): void {
    const previous = this.#changes.get(peer.id);
    if (previous?.kind === 'joined') this.#changes.delete(peer.id);
    else this.#changes.set(peer.id, { kind: 'left' });
    this.#schedule();
  }

  /** The audience count may have changed (a viewer came, went, or moved to or from the stage). */
  audienceMayHaveChanged(): void {
    if (this.#host.audience() !== this.#audience) this.#schedule();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#timer || this.#closed) return;
    const wait = Math.max(0, this.#lastFlush + BATCH_MS - Date.now());
    this.#timer = setTimeout(() => this.#flush(), wait);
    this.#timer.unref();
  }

  #flush(): void {
    this.#timer = undefined;
    this.#lastFlush = Date.now();
    const changes = [...this.#changes.entries()];
    this.#changes.clear();
    const audience = this.#host.audience();
    const audienceChanged = audience !== this.#audience;
    this.#audience = audience;
    if (changes.length === 0 && !audienceChanged) return;
    for (const member of this.#host.members()) {
      const mine = changes.filter(([peerId]) => peerId !== member.id);
      if (mine.length > 0) {
        member.notify('peersChanged', {
          joined: mine.flatMap(([, change]) => (change.kind === 'joined' ? [change.info] : [])),
          updated: mine.flatMap(([, change]) => (change.kind === 'updated' ? [change.info] : [])),
          left: mine.flatMap(([peerId, change]) => (change.kind === 'left' ? [peerId] : [])),
        });
      }
      if (audienceChanged) member.notify('audienceChanged', { viewers: audience });
    }
  }
}
