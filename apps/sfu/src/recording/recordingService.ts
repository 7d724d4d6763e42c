import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { RoomRecording } from '@huddle/shared';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Room } from '../rooms/room.js';
import type { RoomManager } from '../rooms/roomManager.js';
import type { StoredRecording } from '../store/recordingStore.js';
import type { Store } from '../store/store.js';
import { compose } from './composer.js';
import { runTool } from './ffmpegProcess.js';
import { fileSize, finalizeFile, probe, type Tools } from './mediaFiles.js';
import { RoomRecorder } from './roomRecorder.js';
import { freeMb, recordingDirName } from './storage.js';
import { FreshPortPairs } from './udpPorts.js';

const DISK_CHECK_MS = 2_000;
const RETENTION_CHECK_MS = 3_600_000;
const DAY_MS = 86_400_000;

export type RecordingEvents = { started: [StoredRecording]; ended: [StoredRecording] };
export type RecordingDeps = { config: Config; store: Store; rooms: RoomManager; log: Logger };

type Active = {
  id: string;
  room: Room;
  startedAt: number;
  recorder: RoomRecorder;
  failure: string | undefined;
  /** Set by the first stop: resolves once the store says `processing`. */
  finishing: Promise<void> | undefined;
};

/** `recordings.dir`, or `recordings/` beside the SQLite file. */
export function recordingsDir(config: Config): string {
  return resolve(config.recordings.dir ?? join(dirname(config.store.path), 'recordings'));
}

/**
 * Every recording of this node: starts and stops them (REST, signaling, the room ending), keeps the store and the
 * room's participants told, guards the disk (no start below `recordings.minFreeMb`, a clean stop when it gets
 * there), deletes old recordings (`recordings.retentionDays`), and at startup finalizes what a killed server left
 * "recording" as `interrupted`. After a recording stops, its track files are composed into one MP4.
 */
export class RecordingService extends EventEmitter<RecordingEvents> {
  readonly dir: string;
  /** Whose files these are in a shared database: this host and directory. */
  readonly node: string;
  readonly tools: Tools;
  readonly #deps: RecordingDeps;
  readonly #config: Config['recordings'];
  readonly #log: Logger;
  readonly #ports = new FreshPortPairs();
  readonly #active = new Map<string, Active>();
  readonly #byRoom = new Map<string, Active>();
  readonly #reserved = new Set<string>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #background = new Set<Promise<unknown>>();
  #unavailable: string | undefined;

  private constructor(deps: RecordingDeps, dir: string) {
    super();
    this.#deps = deps;
    this.#config = deps.config.recordings;
    this.#log = deps.log.child({ component: 'recordings' });
    this.dir = dir;
    this.node = `${hostname()}:${dir}`;
    this.tools = { ffmpegPath: this.#config.ffmpegPath, ffprobePath: this.#config.ffprobePath };
  }

  /** Makes the directory and checks ffmpeg and ffprobe (without them, starting a recording says so). */
  static async create(deps: RecordingDeps): Promise<RecordingService> {
    const dir = recordingsDir(deps.config);
    await mkdir(dir, { recursive: true });
    const service = new RecordingService(deps, dir);
    try {
      await runTool(service.tools.ffmpegPath, ['-hide_banner', '-version']);
      await runTool(service.tools.ffprobePath, ['-hide_banner', '-version']);
    } catch (error) {
      service.#unavailable = `recording needs ffmpeg and ffprobe (${String(error)})`;
      service.#log.warn({ err: error }, 'ffmpeg or ffprobe not found: recording is off');
    }
    return service;
  }

  /** The recording running in `roomId`, as its participants see it. */
  current(roomId: string): RoomRecording | null {
    const active = this.#byRoom.get(roomId);
    return active ? { recordingId: active.id, startedAt: active.startedAt } : null;
  }

  /** ffmpeg pids of a running recording's files (tests kill one to see a crash handled). */
  ffmpegPids(id: string): number[] {
    return this.#active.get(id)?.recorder.ffmpegPids() ?? [];
  }

  async start(roomId: string, startedBy: string): Promise<StoredRecording> {
    if (this.#unavailable !== undefined) throw new HuddleError('SERVICE_UNAVAILABLE', this.#unavailable);
    const room = this.#deps.rooms.rooms.get(roomId);
    if (!room || room.closed) throw new HuddleError('NOT_FOUND', `no call is running in room ${roomId}`);
    if (this.#byRoom.has(roomId) || this.#reserved.has(roomId)) {
      throw new HuddleError('CONFLICT', `room ${roomId} is being recorded already`);
    }
    if (this.#active.size + this.#reserved.size >= this.#config.maxActive) {
      throw new HuddleError('LIMIT_REACHED', `this server runs ${this.#config.maxActive} recordings already`);
    }
    this.#reserved.add(roomId);
    try {
      await this.#assertDiskSpace();
      const id = randomUUID();
      const startedAt = Date.now();
      const dirName = recordingDirName(roomId, startedAt, id);
      await mkdir(join(this.dir, dirName), { recursive: true });
      await this.#deps.store.recordings.create({
        id,
        room: roomId,
        node: this.node,
        startedBy,
        startedAt,
        dir: dirName,
      });
      if (room.closed) {
        await this.#deps.store.recordings.update(id, { state: 'ready', endedAt: Date.now(), durationMs: 0 });
        throw new HuddleError('NOT_FOUND', `the call in room ${roomId} ended`);
      }
      const made: { active?: Active } = {};
      const recorder = new RoomRecorder(
        { id, room, dir: join(this.dir, dirName) },
        { store: this.#deps.store.recordings, tools: this.tools, ports: this.#ports, log: this.#log },
        (reason) => {
          if (made.active) void this.#finish(made.active, reason);
        },
      );
      const active: Active = { id, room, startedAt, recorder, failure: undefined, finishing: undefined };
      made.active = active;
      this.#active.set(id, active);
      this.#byRoom.set(roomId, active);
      room.once('close', () => void this.#finish(active));
      active.recorder.start();
      room.broadcast('recordingChanged', { recording: this.current(roomId) });
      this.#log.info({ recording: id, room: roomId, startedBy }, 'recording started');
      const stored = await this.get(id);
      this.emit('started', stored);
      return stored;
    } finally {
      this.#reserved.delete(roomId);
    }
  }

  /** Stops a running recording (it is then finalized and composed in the background). */
  async stop(id: string): Promise<StoredRecording> {
    const active = this.#active.get(id);
    if (!active || active.finishing) {
      const stored = await this.get(id);
      throw new HuddleError('CONFLICT', `recording ${id} is ${stored.state}, not recording`);
    }
    await this.#finish(active);
    return this.get(id);
  }

  /** Stops the recording of `roomId`; NOT_FOUND when none runs. */
  async stopRoom(roomId: string): Promise<StoredRecording> {
    const active = this.#byRoom.get(roomId);
    if (!active) throw new HuddleError('NOT_FOUND', `room ${roomId} is not being recorded`);
    return this.stop(active.id);
  }

  async get(id: string): Promise<StoredRecording> {
    const stored = await this.#deps.store.recordings.get(id);
    if (!stored) throw new HuddleError('NOT_FOUND', `recording ${id} not found`);
    if (!this.#active.has(id)) return stored;
    // While it records, sizes come from the files as they grow.
    const tracks = await Promise.all(
      stored.tracks.map(async (track) => ({
        ...track,
        sizeBytes: track.sizeBytes || (await fileSize(this.pathOf(stored, track.file))),
      })),
    );
    return { ...stored, tracks };
  }

  /** Deletes a finished recording and its files; CONFLICT while it still records or is being processed. */
  async delete(id: string): Promise<void> {
    const stored = await this.get(id);
    if (stored.state === 'recording' || stored.state === 'processing') {
      throw new HuddleError('CONFLICT', `recording ${id} is ${stored.state}: stop it and wait until it is finished`);
    }
    await rm(join(this.dir, stored.dir), { recursive: true, force: true });
    await this.#deps.store.recordings.delete(id);
    this.#log.info({ recording: id }, 'recording deleted');
  }

  /** A file of a recording: its composed MP4 or one of its tracks. */
  pathOf(recording: StoredRecording, file: string): string {
    return join(this.dir, recording.dir, file);
  }

  /**
   * Finalizes what a killed server left unfinished (files rewritten to be playable, then composed) as
   * `interrupted`, and starts the disk guard and the retention job. Runs once, at startup.
   */
  startJobs(): void {
    this.#run(this.#sweep());
    const guard = setInterval(() => this.#run(this.#guardDisk()), DISK_CHECK_MS);
    const retention = setInterval(() => this.#run(this.#prune()), RETENTION_CHECK_MS);
    this.#run(this.#prune());
    for (const timer of [guard, retention]) {
      timer.unref();
      this.#timers.push(timer);
    }
  }

  /**
   * At shutdown: finishes every file being written (they stay "recording" in the store; the next start finalizes
   * them as `interrupted`, like after a crash, without holding the shutdown up with composing).
   */
  async shutdown(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    await Promise.all([...this.#active.values()].map((active) => active.recorder.stop()));
  }

  /** Ends the recording once (later calls only add a failure reason); resolves when the store says `processing`. */
  #finish(active: Active, failure?: string): Promise<void> {
    if (failure !== undefined && active.failure === undefined) active.failure = failure;
    if (!active.finishing) {
      const marked = this.#markStopped(active).catch((error: unknown) =>
        this.#log.error({ err: error, recording: active.id }, 'could not mark the recording stopped'),
      );
      active.finishing = marked;
      this.#run(marked.then(() => this.#finalize(active)));
    }
    return active.finishing;
  }

  async #markStopped(active: Active): Promise<void> {
    const endedAt = Date.now();
    if (this.#byRoom.get(active.room.id) === active) this.#byRoom.delete(active.room.id);
    if (!active.room.closed) active.room.broadcast('recordingChanged', { recording: null });
    await this.#deps.store.recordings.update(active.id, {
      state: 'processing',
      endedAt,
      durationMs: endedAt - active.startedAt,
      ...(active.failure === undefined ? {} : { failureReason: active.failure }),
    });
  }

  /** Waits for every file, composes them, then settles the state (`failed` if any recorder died meanwhile). */
  async #finalize(active: Active): Promise<void> {
    const { id } = active;
    try {
      await active.recorder.stop();
    } catch (error) {
      active.failure ??= `the recorders did not stop cleanly: ${String(error)}`;
    }
    this.#active.delete(id);
    this.#log.info({ recording: id, failure: active.failure }, 'recording stopped; composing');
    await this.#compose(id);
    await this.#deps.store.recordings.update(id, {
      state: active.failure === undefined ? 'ready' : 'failed',
      ...(active.failure === undefined ? {} : { failureReason: active.failure }),
    });
    this.emit('ended', await this.get(id));
  }

  async #compose(id: string): Promise<void> {
    const stored = await this.get(id);
    if (!this.#config.compose || stored.endedAt === null) return;
    const started = Date.now();
    try {
      const dir = join(this.dir, stored.dir);
      const durationMs = stored.endedAt - stored.startedAt;
      const composed = await compose(this.tools, {
        dir,
        startedAt: stored.startedAt,
        durationMs,
        tracks: stored.tracks,
      });
      await this.#deps.store.recordings.update(id, { composed: { ...composed, durationMs } });
      this.#log.info({ recording: id, ms: Date.now() - started, bytes: composed.sizeBytes }, 'recording composed');
    } catch (error) {
      this.#log.error({ err: error, recording: id }, 'could not compose the recording; its tracks are kept');
    }
  }

  async #sweep(): Promise<void> {
    const unfinished = await this.#deps.store.recordings.unfinished(this.node);
    for (const stored of unfinished) {
      this.#log.warn(
        { recording: stored.id, state: stored.state },
        'finalizing a recording the server left unfinished',
      );
      let endedAt = stored.endedAt ?? stored.startedAt;
      for (const track of stored.tracks) {
        const path = this.pathOf(stored, track.file);
        const format = track.file.endsWith('.mkv') ? 'matroska' : 'webm';
        const probed = (await finalizeFile(this.tools, path, format)) ? await probe(this.tools, path) : undefined;
        if (!probed) {
          await rm(path, { force: true });
          await this.#deps.store.recordings.removeTrack(track.id);
          continue;
        }
        const durationMs = Math.round(probed.durationS * 1000);
        await this.#deps.store.recordings.updateTrack(track.id, { durationMs, sizeBytes: await fileSize(path) });
        endedAt = Math.max(endedAt, track.startedAt + durationMs);
      }
      await this.#deps.store.recordings.update(stored.id, {
        state: 'processing',
        endedAt,
        durationMs: endedAt - stored.startedAt,
        failureReason: 'the server stopped while recording; the files were finalized at its next start',
      });
      await this.#compose(stored.id);
      await this.#deps.store.recordings.update(stored.id, { state: 'interrupted' });
      this.emit('ended', await this.get(stored.id));
    }
  }

  async #assertDiskSpace(): Promise<void> {
    const free = await freeMb(this.dir);
    if (free < this.#config.minFreeMb) {
      throw new HuddleError(
        'STORAGE_FULL',
        `the recordings disk has ${Math.floor(free)} MB free, below recordings.minFreeMb (${this.#config.minFreeMb} MB)`,
      );
    }
  }

  async #guardDisk(): Promise<void> {
    if (this.#active.size === 0) return;
    const free = await freeMb(this.dir);
    if (free >= this.#config.minFreeMb) return;
    const reason = `the recordings disk filled up (${Math.floor(free)} MB free, below recordings.minFreeMb ${this.#config.minFreeMb} MB): stopped`;
    this.#log.error({ freeMb: free }, 'recordings disk full: stopping every recording');
    for (const active of this.#active.values()) void this.#finish(active, reason);
  }

  async #prune(): Promise<void> {
    if (this.#config.retentionDays === 0) return;
    const expired = await this.#deps.store.recordings.expired(
      this.node,
      Date.now() - this.#config.retentionDays * DAY_MS,
    );
    for (const stored of expired) {
      await rm(join(this.dir, stored.dir), { recursive: true, force: true });
      await this.#deps.store.recordings.delete(stored.id);
    }
    if (expired.length > 0) this.#log.info({ deleted: expired.length }, 'retention: old recordings deleted');
  }

  #run(work: Promise<unknown>): void {
    const settled = work.catch((error: unknown) => this.#log.error({ err: error }, 'recording job failed'));
    this.#background.add(settled);
    void settled.finally(() => this.#background.delete(settled));
  }
}
