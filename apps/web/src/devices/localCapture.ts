import { TypedEmitter } from '@huddle/client';

/** What this page captures: a microphone, a camera, and a shared screen (with its sound, when offered). */
export type Slot = 'mic' | 'camera' | 'screen' | 'screenAudio';
export type DeviceSlot = 'mic' | 'camera';

export type Captured = {
  track: MediaStreamTrack;
  /** The device asked for could not be used (gone, or refused the settings): this is the default one. */
  fellBack: boolean;
};

export type LocalCaptureEvents = {
  changed: [slot: Slot, track: MediaStreamTrack | null];
  /** A running track ended by itself: a device unplugged, or the browser's "stop sharing". */
  ended: [slot: Slot];
};

/** 720p at 30 fps: the SDK's camera ladder (180p, 360p, 720p, three temporal layers each) is sized for it. */
const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
};
const MIC_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

/**
 * A shared screen: at most 1920×1080 (text stays sharp in a large tile, and a 4K screen is scaled down before it
 * costs an encoder anything) at up to 15 fps. Its sound is the screen's own (a video, music): no echo
 * cancellation, noise suppression or gain control, which are for voices and would mangle it.
 */
const SCREEN_CONSTRAINTS: DisplayMediaStreamOptions = {
  video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { ideal: 15, max: 15 } },
  audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
};

function constraints(slot: DeviceSlot, deviceId: string | null): MediaStreamConstraints {
  const base = slot === 'mic' ? MIC_CONSTRAINTS : CAMERA_CONSTRAINTS;
  const track = deviceId === null ? base : { ...base, deviceId: { exact: deviceId } };
  return slot === 'mic' ? { audio: track } : { video: track };
}

function errorName(error: unknown): string {
  return error instanceof DOMException ? error.name : '';
}

/** Phones and tablets give a camera (or mic) to one track at a time: the old one must stop before a new opens. */
function opensOneAtATime(): boolean {
  return /Android|iPhone|iPad|iPod/.test(navigator.userAgent);
}

/** A switch that a later one for the same slot overtook; its track was stopped. */
export class Superseded extends Error {
  constructor(slot: Slot) {
    super(`a later request for the ${slot} replaced this one`);
    this.name = 'Superseded';
  }
}

/**
 * This page's own tracks, each in a slot, and the one place they are opened and stopped. A slot holds at most one
 * running track: opening another stops the old one (before opening, where the platform needs it; or after the new
 * one is in use, so a device switch has no gap), a request overtaken by a later one for the same slot stops what it
 * opened (quick successive picks leave no orphan), and release() stops everything, also tracks still being opened.
 */
export class LocalCapture extends TypedEmitter<LocalCaptureEvents> {
  readonly #tracks: Record<Slot, MediaStreamTrack | null> = {
    mic: null,
    camera: null,
    screen: null,
    screenAudio: null,
  };
  readonly #requests: Record<Slot, number> = { mic: 0, camera: 0, screen: 0, screenAudio: 0 };
  /** Bumped by release(): whatever was asked for before it must not stay open. */
  #epoch = 0;

  track(slot: Slot): MediaStreamTrack | null {
    return this.#tracks[slot];
  }

  /** Changes on every release(); a sequence of opens started before one stops (see useLocalMedia). */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Opens `deviceId` (null: the default device) into `slot`; `apply` puts the new track to use (e.g. replaceTrack
   * into a running producer) before the old one stops. If `apply` fails, the new track stops and the old one stays.
   * Rejects with Superseded when a later request for the slot overtook this one.
   */
  async open(
    slot: DeviceSlot,
    deviceId: string | null,
    apply: (track: MediaStreamTrack) => Promise<void> = async () => undefined,
  ): Promise<Captured> {
    const request = ++this.#requests[slot];
    const previous = this.#tracks[slot];
    if (previous && opensOneAtATime()) this.#set(slot, null);
    let captured: Captured;
    try {
      captured = await this.#capture(slot, deviceId);
    } catch (error) {
      // A busy device (some drivers hand a camera to one track only): free it, then try once more.
      const busy = errorName(error) === 'NotReadableError' || errorName(error) === 'AbortError';
      if (!busy || !previous || this.#tracks[slot] !== previous || request !== this.#requests[slot]) throw error;
      this.#set(slot, null);
      captured = await this.#capture(slot, deviceId);
    }
    if (request !== this.#requests[slot]) {
      captured.track.stop();
      throw new Superseded(slot);
    }
    try {
      await apply(captured.track);
    } catch (error) {
      captured.track.stop();
      throw error;
    }
    if (request !== this.#requests[slot]) {
      captured.track.stop();
      throw new Superseded(slot);
    }
    this.#set(slot, captured.track);
    return captured;
  }

  /**
   * Asks for a screen (and its sound, when the browser offers it); replaces the one shared before. The video is
   * marked as detail (slides, text, code): the browser then keeps its resolution and drops frames instead.
   */
  async openScreen(): Promise<MediaStreamTrack> {
    const request = ++this.#requests.screen;
    const stream = await navigator.mediaDevices.getDisplayMedia(SCREEN_CONSTRAINTS);
    const [video] = stream.getVideoTracks();
    const [audio] = stream.getAudioTracks();
    if (request !== this.#requests.screen || !video) {
      for (const track of stream.getTracks()) track.stop();
      throw video ? new Superseded('screen') : new DOMException('no screen track', 'NotFoundError');
    }
    video.contentHint = 'detail';
    this.#set('screen', video);
    this.#set('screenAudio', audio ?? null);
    return video;
  }

  close(slot: Slot): void {
    this.#requests[slot]++;
    this.#set(slot, null);
  }

  /** Stops every track, and every track still being opened once it arrives. */
  release(): void {
    this.#epoch++;
    for (const slot of ['mic', 'camera', 'screen', 'screenAudio'] as const) this.close(slot);
  }

  async #capture(slot: DeviceSlot, deviceId: string | null): Promise<Captured> {
    let stream: MediaStream;
    let fellBack = false;
    try {
      stream = await navigator.mediaDevices.getUserMedia(constraints(slot, deviceId));
    } catch (error) {
      // The remembered device is gone (or cannot do what we ask): the default one then, and say so.
      const gone = errorName(error) === 'OverconstrainedError' || errorName(error) === 'NotFoundError';
      if (deviceId === null || !gone) throw error;
      stream = await navigator.mediaDevices.getUserMedia(constraints(slot, null));
      fellBack = true;
    }
    const [track, ...extra] = slot === 'mic' ? stream.getAudioTracks() : stream.getVideoTracks();
    for (const other of extra) other.stop();
    if (!track) throw new DOMException(`no ${slot} track`, 'NotFoundError');
    return { track, fellBack };
  }

  #set(slot: Slot, track: MediaStreamTrack | null): void {
    const previous = this.#tracks[slot];
    if (previous === track) return;
    previous?.stop();
    this.#tracks[slot] = track;
    track?.addEventListener('ended', () => {
      if (this.#tracks[slot] === track) this.emit('ended', slot);
    });
    this.emit('changed', slot, track);
  }
}
