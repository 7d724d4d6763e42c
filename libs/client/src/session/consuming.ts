import type { NotificationData } from '@huddle/shared';
import { SignalError, toError } from '../errors.js';
import type { PeerMedia, RemoteTrack } from '../media/peerMedia.js';
import type { SignalClient } from '../signaling/signalClient.js';
import { ConsumeRetry } from './consumeRetry.js';

/** What consuming needs of its session: the current peer's media and signal, and where results go. */
export interface ConsumingHost {
  media(): PeerMedia | undefined;
  signal(): SignalClient | undefined;
  trackAdded(track: RemoteTrack): void;
  error(error: Error): void;
}

/**
 * Remote producers into local tracks: each consumer the server made is created here, handed out, then resumed on
 * the server; one that cannot be made — here, or on the server (`consumeFailed`) — is retried a few times
 * (ConsumeRetry) before the failure is reported.
 */
export class Consuming {
  readonly #host: ConsumingHost;
  readonly #retry = new ConsumeRetry();

  constructor(host: ConsumingHost) {
    this.#host = host;
  }

  created(created: NotificationData<'consumerCreated'>): void {
    const host = this.#host;
    const media = host.media();
    const signal = host.signal();
    if (!media || !signal) return;
    const { consumerId, producerId } = created;
    media.consume(created).then(
      (track) => {
        if (!track || host.media() !== media) return;
        this.#retry.succeeded(producerId);
        // Listeners attach the track (a page, to a <video>) before the server starts sending: the key frame the
        // server asks for on resume then reaches a decoder that is ready for it.
        host.trackAdded(track);
        signal.request('resumeConsumer', { consumerId }).catch((error: unknown) => {
          if (host.media() === media && media.hasConsumer(consumerId)) host.error(toError(error));
        });
      },
      (error: unknown) => {
        if (host.media() !== media) return;
        const retried = this.#retry.schedule(producerId, () => {
          if (host.media() === media) this.created(created);
        });
        if (!retried) host.error(toError(error));
      },
    );
  }

  failed(failed: NotificationData<'consumeFailed'>): void {
    const { producerId, code, message } = failed;
    const signal = this.#host.signal();
    const retried =
      code === 'INTERNAL' &&
      signal !== undefined &&
      this.#retry.schedule(producerId, () => {
        if (this.#host.signal() === signal) signal.request('consume', { producerId }).catch(() => undefined);
      });
    if (!retried) this.#host.error(new SignalError(code, `cannot receive producer ${producerId}: ${message}`));
  }

  /** After a resume: asks again for the producers among `producerIds` we have no consumer of. */
  missing(producerIds: ReadonlySet<string>): void {
    const media = this.#host.media();
    const signal = this.#host.signal();
    if (!media || !signal) return;
    const receiving = new Set(media.remoteTracks().map((track) => track.producerId));
    for (const producerId of producerIds) {
      if (!receiving.has(producerId)) signal.request('consume', { producerId }).catch(() => undefined);
    }
  }

  /** The peer is gone: pending retries go with it. */
  clear(): void {
    this.#retry.clear();
  }
}
