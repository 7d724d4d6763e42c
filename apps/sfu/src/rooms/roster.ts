import type { NotificationData, PeerInfo, PeerRole } from '@huddle/shared';
import type { Peer } from './peer.js';

/** At most one roster frame per client in this long. */
export const BATCH_MS = 250;

type RosterNotification = 'peerJoined' | 'peerLeft' | 'peerStateChanged' | 'peerRoleChanged' | 'audienceChanged';
type Frame = { [N in RosterNotification]: { name: N; data: NotificationData<N> } }[RosterNotification];
type Queued = Frame & { about: string; seq: number };

/** What the roster needs of a peer: whom it is, and a way to tell it. */
export type RosterMember = Pick<Peer, 'id' | 'notify'>;

export interface RosterHost {
  /** Everyone who gets roster frames (stage and audience). */
  members(): Iterable<RosterMember>;
  /** How many viewers watch (0 outside webinars). */
  audience(): number;
}

/**
 * The room's roster as clients see it: who is on the stage (joined, left, state and role changes) and how many
 * watch, sent at most every 250 ms per client — one notification alone, several in one `batch` frame — so a crowd
 * joining at once does not flood anyone. A peer that came and went within one window is not sent at all.
 */
export class Roster {
  readonly #host: RosterHost;
  #queue: Queued[] = [];
  #seq = 0;
  /** Members who joined since the last flush: the queue's position when their join reply's snapshot was taken. */
  #snapshotAt = new Map<string, number>();
  #audience: number;
  #timer: NodeJS.Timeout | undefined;
  #lastFlush = 0;
  #closed = false;

  constructor(host: RosterHost) {
    this.#host = host;
    this.#audience = host.audience();
  }

  joined(peer: PeerInfo): void {
    this.#enqueue({ about: peer.peerId, name: 'peerJoined', data: { peer } });
  }

  /** A member of this node took its snapshot of the roster (its join reply): what is queued so far is in it. */
  snapshotTaken(peerId: string): void {
    this.#snapshotAt.set(peerId, this.#seq);
  }

  left(peerId: string): void {
    const joinedHere = this.#queue.some((entry) => entry.about === peerId && entry.name === 'peerJoined');
    if (joinedHere) {
      this.#queue = this.#queue.filter((entry) => entry.about !== peerId);
      return;
    }
    this.#enqueue({ about: peerId, name: 'peerLeft', data: { peerId } });
  }

  stateChanged(peerId: string, state: PeerInfo['state']): void {
    this.#enqueue({ about: peerId, name: 'peerStateChanged', data: { peerId, state } });
  }

  roleChanged(peerId: string, role: PeerRole): void {
    this.#enqueue({ about: peerId, name: 'peerRoleChanged', data: { peerId, role } });
  }

  /** The audience count may have changed (a viewer came, went, or moved to or from the stage). */
  audienceMayHaveChanged(): void {
    if (this.#host.audience() !== this.#audience) this.#schedule();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #enqueue(entry: Frame & { about: string }): void {
    this.#seq += 1;
    this.#queue.push({ ...entry, seq: this.#seq });
    this.#schedule();
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
    const queue = this.#queue;
    const snapshotAt = this.#snapshotAt;
    this.#queue = [];
    this.#snapshotAt = new Map();
    const audience = this.#host.audience();
    const audienceChanged = audience !== this.#audience;
    this.#audience = audience;
    for (const member of this.#host.members()) {
      const seen = snapshotAt.get(member.id) ?? 0;
      const frames: Frame[] = queue.filter((entry) => entry.about !== member.id && entry.seq > seen);
      if (audienceChanged) frames.push({ name: 'audienceChanged', data: { viewers: audience } });
      send(member, frames);
    }
  }
}

function send(member: RosterMember, frames: readonly Frame[]): void {
  const [only] = frames;
  if (only === undefined) return;
  if (frames.length === 1) {
    member.notify(only.name, only.data);
    return;
  }
  member.notify('batch', { notifications: frames.map(({ name, data }) => ({ notification: name, data })) });
}
