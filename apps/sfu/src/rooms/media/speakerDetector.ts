import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';

type SpeakerEvents = {
  activeSpeaker: [peerId: string];
  levels: [levels: Array<{ peerId: string; volume: number }>];
};

/**
 * Active speaker (ActiveSpeakerObserver) and audio levels (AudioLevelObserver) for a room, on its primary
 * router. Both observers close with the router; producers leave them when they close.
 */
export class SpeakerDetector extends EventEmitter<SpeakerEvents> {
  readonly #activeSpeaker: types.ActiveSpeakerObserver;
  readonly #audioLevels: types.AudioLevelObserver;
  readonly #owners = new Map<string, string>();
  #current: string | undefined;

  /** The peer speaking most recently, if still in the room (told to joiners, who missed the change). */
  get current(): string | undefined {
    return this.#current !== undefined && [...this.#owners.values()].includes(this.#current)
      ? this.#current
      : undefined;
  }

  private constructor(activeSpeaker: types.ActiveSpeakerObserver, audioLevels: types.AudioLevelObserver) {
    super();
    this.#activeSpeaker = activeSpeaker;
    this.#audioLevels = audioLevels;
    activeSpeaker.on('dominantspeaker', ({ producer }) => {
      const peerId = this.#owners.get(producer.id);
      if (!peerId) return;
      this.#current = peerId;
      this.emit('activeSpeaker', peerId);
    });
    audioLevels.on('volumes', (volumes) => {
      const levels = volumes.flatMap(({ producer, volume }) => {
        const peerId = this.#owners.get(producer.id);
        return peerId ? [{ peerId, volume }] : [];
      });
      this.emit('levels', levels);
    });
    audioLevels.on('silence', () => this.emit('levels', []));
  }

  static async create(router: types.Router): Promise<SpeakerDetector> {
    const activeSpeaker = await router.createActiveSpeakerObserver({ interval: 300 });
    const audioLevels = await router.createAudioLevelObserver({ maxEntries: 16, threshold: -70, interval: 800 });
    return new SpeakerDetector(activeSpeaker, audioLevels);
  }

  /** The producer must exist on the primary router (piped there if it lives on another one). */
  async add(producer: types.Producer, peerId: string): Promise<void> {
    const producerId = producer.id;
    this.#owners.set(producerId, peerId);
    producer.observer.once('close', () => this.#owners.delete(producerId));
    await Promise.all([this.#activeSpeaker.addProducer({ producerId }), this.#audioLevels.addProducer({ producerId })]);
  }
}
