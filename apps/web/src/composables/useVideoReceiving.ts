import { onScopeDispose } from 'vue';
import { spatialLayerFor } from '../meeting/layers.js';
import type { RoomSession } from '@huddle/client';
import { useMeetingStore } from '../stores/meeting.js';

/** A rendered video's claim on a consumer: its current width; released when the video leaves the screen. */
export type VideoDemand = { setWidth(width: number): void; release(): void };

type Applied = { paused: boolean; layer: number | null };

/** Resizes and page flips settle for this long before the SFU hears about them. */
const SETTLE_MS = 250;

/**
 * Receives only the remote videos on screen, each at the size it is shown: a consumer no tile renders (another
 * page, outside the filmstrip) is paused on the SFU, and a layered consumer asks for the spatial layer that fits
 * its widest rendering (small tile → low layer, spotlight → high layer).
 */
export function useVideoReceiving(session: RoomSession) {
  const meeting = useMeetingStore();
  const demands = new Map<string, Map<symbol, number>>();
  const applied = new Map<string, Applied>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const running = new Set<string>();
  const dirty = new Set<string>();

  function desired(consumerId: string, layered: boolean): Applied {
    const widths = [...(demands.get(consumerId)?.values() ?? [])];
    if (widths.length === 0) return { paused: true, layer: applied.get(consumerId)?.layer ?? null };
    return { paused: false, layer: layered ? spatialLayerFor(Math.max(...widths), window.devicePixelRatio) : null };
  }

  async function apply(consumerId: string): Promise<void> {
    const track = meeting.tracks.find((entry) => entry.consumerId === consumerId);
    if (!track || track.kind !== 'video' || session.state !== 'connected') return;
    const want = desired(consumerId, track.layered);
    const have = applied.get(consumerId) ?? { paused: false, layer: null };
    if (want.paused !== have.paused) {
      await (want.paused ? session.pauseConsumer(consumerId) : session.resumeConsumer(consumerId));
      applied.set(consumerId, { ...have, paused: want.paused });
    }
    if (!want.paused && want.layer !== null && want.layer !== have.layer) {
      await session.setPreferredLayers(consumerId, want.layer);
      applied.set(consumerId, { paused: false, layer: want.layer });
    }
    meeting.setReceiving(consumerId, { paused: want.paused, requestedLayer: applied.get(consumerId)?.layer ?? null });
  }

  /** Runs apply() for one consumer at a time; a change during a run schedules another. */
  async function reconcile(consumerId: string): Promise<void> {
    if (running.has(consumerId)) {
      dirty.add(consumerId);
      return;
    }
    running.add(consumerId);
    try {
      await apply(consumerId);
    } catch (error) {
      // Offline, or the consumer just went away: the next change or reconnection retries.
      const current = meeting.tracks.some((entry) => entry.consumerId === consumerId);
      if (current && session.state === 'connected') reportError(error);
    } finally {
      running.delete(consumerId);
      if (dirty.delete(consumerId)) schedule(consumerId);
    }
  }

  function schedule(consumerId: string): void {
    clearTimeout(timers.get(consumerId));
    timers.set(
      consumerId,
      setTimeout(() => {
        timers.delete(consumerId);
        void reconcile(consumerId);
      }, SETTLE_MS),
    );
  }

  function forget(consumerId: string): void {
    clearTimeout(timers.get(consumerId));
    timers.delete(consumerId);
    demands.delete(consumerId);
    applied.delete(consumerId);
  }

  function demand(consumerId: string): VideoDemand {
    const token = Symbol(consumerId);
    return {
      setWidth(width) {
        const widths = demands.get(consumerId) ?? new Map<symbol, number>();
        widths.set(token, width);
        demands.set(consumerId, widths);
        schedule(consumerId);
      },
      release() {
        demands.get(consumerId)?.delete(token);
        schedule(consumerId);
      },
    };
  }

  const unsubscribe = [
    // A video no tile shows yet is paused once things settle.
    session.on('trackAdded', ({ consumerId, kind }) => {
      if (kind === 'video') schedule(consumerId);
    }),
    session.on('trackRemoved', ({ consumerId }) => forget(consumerId)),
    session.on('connectionStateChanged', (state) => {
      if (state !== 'connected') return;
      for (const track of meeting.tracks) if (track.kind === 'video') schedule(track.consumerId);
    }),
  ];
  onScopeDispose(() => {
    for (const stop of unsubscribe) stop();
    for (const timer of timers.values()) clearTimeout(timer);
  });

  return { demand };
}

export type VideoReceiving = ReturnType<typeof useVideoReceiving>;
