import { randomUUID } from 'node:crypto';
import type { NodeMessage } from '@huddle/shared';
import type { Logger } from '../logger.js';
import type { ConnectionDeps, RelayClient, RelayUplink } from '../signaling/connection.js';
import { SignalingConnection } from '../signaling/connection.js';
import type { FrameListeners, FrameSocket } from '../signaling/frameSocket.js';
import type { Bus } from './bus.js';

/** Close code for a client whose relayed session lost its host node: it reconnects (and lands elsewhere). */
const HOST_GONE = 1012;

type RelayMessage = Extract<NodeMessage, { kind: 'relay.in' | 'relay.out' | 'relay.close' }>;

/** The host's side of a relayed session: the client's socket, as far away as the edge node that holds it. */
class RelayedSocket implements FrameSocket {
  readonly edge: string;
  readonly #session: string;
  readonly #bus: Bus;
  readonly #onEnded: () => void;
  #listeners: FrameListeners | undefined;
  #open = true;

  constructor(session: string, edge: string, bus: Bus, onEnded: () => void) {
    this.#session = session;
    this.edge = edge;
    this.#bus = bus;
    this.#onEnded = onEnded;
  }

  get open(): boolean {
    return this.#open;
  }

  get bufferedAmount(): number {
    return 0;
  }

  send(text: string): void {
    if (this.#open) this.#bus.send(this.edge, { kind: 'relay.out', session: this.#session, text });
  }

  close(code: number, reason: string): void {
    if (!this.#open) return;
    this.#bus.send(this.edge, { kind: 'relay.close', session: this.#session, code, reason });
    this.ended();
  }

  terminate(): void {
    this.close(HOST_GONE, 'TERMINATED');
  }

  listen(listeners: FrameListeners): void {
    this.#listeners = listeners;
  }

  deliver(text: string): void {
    if (this.#open) this.#listeners?.message(Buffer.from(text), false);
  }

  /** The session is over (closed by either side, or its edge node died). */
  ended(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#onEnded();
    this.#listeners?.close();
  }
}

/**
 * Signaling sessions relayed between nodes. On the edge (the node holding the client's WebSocket), each relayed
 * session forwards the client's frames to the host node and the host's frames to the client. On the host, each
 * session is a SignalingConnection over a RelayedSocket, exactly like a local one. Either side closing ends the
 * session on the other; a node dying ends every session it was part of (clients then reconnect and resume).
 */
export class Relay {
  readonly #bus: Bus;
  readonly #deps: () => ConnectionDeps;
  readonly #log: Logger;
  /** Edge side: sessions this node relays to other nodes. */
  readonly #outgoing = new Map<string, { host: string; client: RelayClient }>();
  /** Host side: sessions other nodes relay to this one. */
  readonly #incoming = new Map<string, RelayedSocket>();

  constructor(bus: Bus, deps: () => ConnectionDeps, log: Logger) {
    this.#bus = bus;
    this.#deps = deps;
    this.#log = log.child({ component: 'relay' });
  }

  get sessions(): { relayedOut: number; relayedIn: number } {
    return { relayedOut: this.#outgoing.size, relayedIn: this.#incoming.size };
  }

  /** Edge: starts relaying a client's session to `host`. */
  open(host: string, client: RelayClient, first: string, address: string): RelayUplink {
    const session = randomUUID();
    this.#outgoing.set(session, { host, client });
    const forward = (text: string): void =>
      this.#bus.send(host, { kind: 'relay.in', session, from: this.#bus.nodeId, text, address });
    forward(first);
    return {
      forward,
      closed: () => {
        if (!this.#outgoing.delete(session)) return;
        this.#bus.send(host, { kind: 'relay.close', session, code: 1000, reason: 'CLIENT_CLOSED' });
      },
    };
  }

  /** A relay message on this node's channel. */
  receive(message: RelayMessage): void {
    switch (message.kind) {
      case 'relay.in': {
        let socket = this.#incoming.get(message.session);
        if (!socket) socket = this.#accept(message.session, message.from, message.address);
        socket.deliver(message.text);
        return;
      }
      case 'relay.out':
        this.#outgoing.get(message.session)?.client.send(message.text);
        return;
      case 'relay.close': {
        const outgoing = this.#outgoing.get(message.session);
        if (outgoing) {
          this.#outgoing.delete(message.session);
          outgoing.client.close(message.code, message.reason);
        }
        this.#incoming.get(message.session)?.ended();
        return;
      }
    }
  }

  /** A node died: sessions relayed to it lose their host (clients reconnect); sessions it relayed here end. */
  nodeGone(node: string): void {
    for (const [session, outgoing] of [...this.#outgoing]) {
      if (outgoing.host !== node) continue;
      this.#outgoing.delete(session);
      outgoing.client.close(HOST_GONE, 'HOST_GONE');
    }
    for (const socket of [...this.#incoming.values()]) if (socket.edge === node) socket.ended();
  }

  /** Shutting down: every relayed session ends. */
  close(): void {
    for (const node of new Set([...this.#outgoing.values()].map((outgoing) => outgoing.host))) this.nodeGone(node);
    for (const socket of [...this.#incoming.values()]) socket.close(1001, 'SERVER_SHUTDOWN');
  }

  #accept(session: string, edge: string, address: string): RelayedSocket {
    const socket = new RelayedSocket(session, edge, this.#bus, () => this.#incoming.delete(session));
    this.#incoming.set(session, socket);
    const log = this.#log.child({ session, edge });
    // A relayed session is served here: it is never relayed again.
    new SignalingConnection(socket, { ...this.#deps(), router: undefined }, log, address);
    log.debug('relayed session opened');
    return socket;
  }
}
