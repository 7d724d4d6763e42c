import type { RoomSession } from '@huddle/client';
import { computed, onScopeDispose, watch } from 'vue';
import { useLayoutStore } from '../stores/layout.js';
import { useMeetingStore } from '../stores/meeting.js';

/** The viewer list is fetched again at most this often while the count changes. */
const REFRESH_MS = 2_000;

/**
 * A webinar's audience, for its moderators: who watches, fetched (`listViewers`, paged by the SDK) when the
 * participant list opens and fetched again — at most every 2 s — while it is open and the viewer count changes;
 * viewers' raised hands as they change. Nobody else is sent the list: they see the count only.
 */
export function useAudience(session: RoomSession) {
  const meeting = useMeetingStore();
  const layout = useLayoutStore();
  const wanted = computed(
    () =>
      meeting.mode === 'webinar' &&
      meeting.isModerator &&
      meeting.connection === 'connected' &&
      layout.panel === 'people',
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFetch = 0;
  let fetching = false;
  let stale = false;

  async function fetchNow(): Promise<void> {
    if (fetching) {
      stale = true;
      return;
    }
    fetching = true;
    lastFetch = Date.now();
    try {
      const viewers = await session.listViewers();
      if (wanted.value) meeting.audience = viewers;
    } catch {
      // The next change (or opening the list again) asks again.
    } finally {
      fetching = false;
      if (stale) {
        stale = false;
        refresh();
      }
    }
  }

  /** Fetches the list soon (at once if the last fetch is old enough). */
  function refresh(): void {
    if (!wanted.value || timer !== undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        if (wanted.value) void fetchNow();
      },
      Math.max(0, lastFetch + REFRESH_MS - Date.now()),
    );
  }

  const stop = [
    watch(
      wanted,
      (on) => {
        clearTimeout(timer);
        timer = undefined;
        // Closing the list keeps the last one (a private chat to a viewer goes on); losing the role drops it.
        if (on) void fetchNow();
        else if (!meeting.isModerator) meeting.audience = [];
      },
      { immediate: true },
    ),
    session.on('audienceChanged', refresh),
    // Brought on stage: the roster has them now.
    session.on('peerJoined', (peer) => {
      meeting.audience = meeting.audience.filter((viewer) => viewer.peerId !== peer.peerId);
    }),
    session.notifications.on('handRaisedChanged', ({ peerId, raised }) => {
      if (!meeting.audience.some((viewer) => viewer.peerId === peerId)) return;
      meeting.audience = meeting.audience.map((viewer) =>
        viewer.peerId === peerId ? { ...viewer, handRaised: raised } : viewer,
      );
    }),
  ];
  onScopeDispose(() => {
    clearTimeout(timer);
    for (const unsubscribe of stop) unsubscribe();
  });

  return { refresh };
}

export type AudienceActions = ReturnType<typeof useAudience>;
