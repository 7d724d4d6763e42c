import { rm } from 'node:fs/promises';
import type { Logger } from '../logger.js';
import type { Peer } from '../rooms/peer.js';
import type { Room } from '../rooms/room.js';
import type { PeerProducer } from '../rooms/types.js';
import type { RecordingStore } from '../store/recordingStore.js';
import { fileSize, finalizeFile, probe, type Tools } from './mediaFiles.js';
import { ProducerRecorder, type RecorderHost, type TrackFile } from './producerRecorder.js';
import type { SegmentEnd } from './segmentWriter.js';
import type { FreshPortPairs } from './udpPorts.js';

export type RoomRecorderDeps = { store: RecordingStore; tools: Tools; ports: FreshPortPairs; log: Logger };

/**
 * The live part of one recording: a ProducerRecorder for every producer of the room, those there at the start and
 * those that come later, each writing its own files. `stop()` ends them all and resolves once every file is
 * finished and in the store. The first recorder process that dies calls `onFailure` (the recording then stops).
 */
export class RoomRecorder implements RecorderHost {
  readonly recordingId: string;
  readonly room: Room;
  readonly dir: string;
  readonly tools: Tools;
  readonly ports: FreshPortPairs;
  readonly log: Logger;
  readonly #store: RecordingStore;
  readonly #recorders = new Map<string, ProducerRecorder>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #rows = new Map<string, Promise<void>>();
  readonly #onFailure: (reason: string) => void;
  readonly #onProducer = (peer: Peer, producer: PeerProducer): void => this.#add(peer, producer);
  #stopped = false;

  constructor(
    recording: { id: string; room: Room; dir: string },
    deps: RoomRecorderDeps,
    onFailure: (reason: string) => void,
  ) {
    this.recordingId = recording.id;
    this.room = recording.room;
    this.dir = recording.dir;
    this.tools = deps.tools;
    this.ports = deps.ports;
    this.#store = deps.store;
    this.log = deps.log.child({ recording: recording.id, room: recording.room.id });
    this.#onFailure = onFailure;
  }

  /** Records every producer of the room now, and each new one as it starts. */
  start(): void {
    this.room.media.on('producerAdded', this.#onProducer);
    for (const { peer, producer } of this.room.media.producers()) this.#add(peer, producer);
  }

  /** ffmpeg pids of the files being written now (tests kill one to see a crash handled). */
  ffmpegPids(): number[] {
    return [...this.#recorders.values()].flatMap((recorder) => recorder.ffmpegPid ?? []);
  }

  /** Ends every track and waits until its files are finished and stored. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.room.media.off('producerAdded', this.#onProducer);
    for (const recorder of this.#recorders.values()) this.#holdLayers(recorder.producer, false);
    await Promise.all([...this.#recorders.values()].map((recorder) => recorder.stop()));
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  trackStarted(track: TrackFile): void {
    const row = this.#store.addTrack({
      id: track.trackId,
      recordingId: this.recordingId,
      peerId: track.peer.id,
      displayName: track.peer.displayName,
      source: track.producer.appData.source,
      kind: track.producer.kind,
      codec: track.codec,
      file: track.file,
      startedAt: Date.now(),
    });
    this.#rows.set(track.trackId, row);
    this.#track(row);
  }

  async trackEnded(track: TrackFile, end: SegmentEnd): Promise<void> {
    await this.#rows.get(track.trackId);
    const readable = end.clean || (await finalizeFile(this.tools, track.path, track.format));
    const probed = readable ? await probe(this.tools, track.path) : undefined;
    if (!probed || end.startedAt === undefined) {
      this.log.warn({ file: track.file, exit: end.exit }, 'a recorded track held nothing playable; dropped');
      await rm(track.path, { force: true });
      await this.#store.removeTrack(track.trackId);
      return;
    }
    await this.#store.updateTrack(track.trackId, {
      startedAt: Math.round(end.startedAt),
      durationMs: Math.round(probed.durationS * 1000),
      sizeBytes: await fileSize(track.path),
    });
    this.log.info({ file: track.file, durationS: probed.durationS, clean: end.clean }, 'recorded track finished');
  }

  crashed(reason: string): void {
    this.log.error({ reason }, 'a recorder process died');
    this.#onFailure(reason);
  }

  #add(peer: Peer, producer: PeerProducer): void {
    if (this.#stopped || this.#recorders.has(producer.id)) return;
    const starting = ProducerRecorder.start(this, peer, producer).then(
      (recorder) => {
        if (!recorder) return;
        if (this.#stopped) {
          this.#track(recorder.stop());
          return;
        }
        this.#recorders.set(producer.id, recorder);
        this.#holdLayers(producer, true);
        producer.observer.once('close', () => this.#track(recorder.stop()));
      },
      (error: unknown) => {
        this.log.error({ err: error, peer: peer.id, producer: producer.id }, 'could not record a producer');
        this.#onFailure(`could not record ${peer.displayName}'s ${producer.appData.source}: ${String(error)}`);
      },
    );
    this.#track(starting);
  }

  /**
   * While a simulcast video is recorded, its publisher keeps sending every layer (dynacast would otherwise turn
   * off those no subscriber watches, and the file would switch to a smaller picture).
   */
  #holdLayers(producer: PeerProducer, hold: boolean): void {
    if (producer.kind !== 'video' || producer.closed) return;
    const top = Math.max(0, (producer.rtpParameters.encodings?.length ?? 1) - 1);
    this.room.media.holdLayers(`recording:${this.recordingId}`, producer.id, hold ? top : undefined);
  }

  #track(work: Promise<unknown>): void {
    const settled = work.catch((error: unknown) => this.log.error({ err: error }, 'recording bookkeeping failed'));
    this.#pending.add(settled);
    void settled.finally(() => this.#pending.delete(settled));
  }
}
