import type { PeerInfo, PeerRole, ProducerInfo } from '@huddle/shared';
import type { RemotePeer } from './types.js';

/** What replacing the whole list changed. */
export type PeersDiff = { joined: RemotePeer[]; left: RemotePeer[]; updated: RemotePeer[] };

/** The other participants. Peers are immutable snapshots: every change stores (and returns) a new object. */
export class RemotePeers {
  readonly #peers = new Map<string, RemotePeer>();

  list(): RemotePeer[] {
    return [...this.#peers.values()];
  }

  has(peerId: string): boolean {
    return this.#peers.has(peerId);
  }

  add(peer: PeerInfo): RemotePeer {
    this.#peers.set(peer.peerId, peer);
    return peer;
  }

  remove(peerId: string): RemotePeer | undefined {
    const peer = this.#peers.get(peerId);
    this.#peers.delete(peerId);
    return peer;
  }

  /** Takes the server's list as the truth (after a resume). */
  replace(peers: PeerInfo[]): PeersDiff {
    const incoming = new Map(peers.map((peer) => [peer.peerId, peer]));
    const diff: PeersDiff = { joined: [], left: [], updated: [] };
    for (const [peerId, peer] of this.#peers) {
      if (!incoming.has(peerId)) diff.left.push(peer);
    }
    for (const peer of diff.left) this.#peers.delete(peer.peerId);
    for (const peer of peers) {
      (this.#peers.has(peer.peerId) ? diff.updated : diff.joined).push(peer);
      this.#peers.set(peer.peerId, peer);
    }
    return diff;
  }

  clear(): RemotePeer[] {
    const peers = this.list();
    this.#peers.clear();
    return peers;
  }

  setState(peerId: string, state: RemotePeer['state']): RemotePeer | undefined {
    return this.#update(peerId, (peer) => ({ ...peer, state }));
  }

  setRole(peerId: string, role: PeerRole): RemotePeer | undefined {
    return this.#update(peerId, (peer) => ({ ...peer, role }));
  }

  setHandRaised(peerId: string, handRaised: boolean): RemotePeer | undefined {
    return this.#update(peerId, (peer) => ({ ...peer, handRaised }));
  }

  /** Adds or replaces (by producerId) one of the peer's producers. */
  putProducer(peerId: string, producer: ProducerInfo): RemotePeer | undefined {
    return this.#update(peerId, (peer) => ({
      ...peer,
      producers: [...peer.producers.filter((known) => known.producerId !== producer.producerId), producer],
    }));
  }

  setProducerPaused(peerId: string, producerId: string, paused: boolean): RemotePeer | undefined {
    return this.#update(peerId, (peer) => ({
      ...peer,
      producers: peer.producers.map((known) => (known.producerId === producerId ? { ...known, paused } : known)),
    }));
  }

  removeProducer(peerId: string, producerId: string): RemotePeer | undefined {
    return this.#update(peerId, (peer) => ({
      ...peer,
      producers: peer.producers.filter((known) => known.producerId !== producerId),
    }));
  }

  #update(peerId: string, change: (peer: RemotePeer) => RemotePeer): RemotePeer | undefined {
    const peer = this.#peers.get(peerId);
    if (!peer) return undefined;
    const next = change(peer);
    this.#peers.set(peerId, next);
    return next;
  }
}
