import type { LobbyEntry, PrincipalResponse, RoomResponse, ServerEvent, ServerStats } from '@huddle/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { HISTORY_LENGTH, toSample, type LoadSample } from '../stats.js';

export type LiveState = 'connecting' | 'open' | 'retrying';

/** The dashboard's shared state: who is signed in, the rooms, live server load and room activity. */
export const useAdminStore = defineStore('admin', () => {
  const principal = ref<PrincipalResponse | null>(null);
  const rooms = ref<RoomResponse[]>([]);
  const stats = ref<ServerStats | null>(null);
  /** The snapshot before `stats`, for rates such as worker CPU. */
  const previousStats = ref<ServerStats | null>(null);
  const history = ref<LoadSample[]>([]);
  const live = ref<LiveState>('connecting');
  /** Who waits in each room's lobby, as the event stream last said. */
  const lobbies = ref<Record<string, LobbyEntry[]>>({});
  /** Bumped on every event about a room, so views showing it refresh. */
  const activity = ref<Record<string, number>>({});

  function touch(room: string): void {
    activity.value = { ...activity.value, [room]: (activity.value[room] ?? 0) + 1 };
  }

  function setStats(next: ServerStats): void {
    const sample = toSample(stats.value ?? undefined, next);
    previousStats.value = stats.value;
    stats.value = next;
    history.value = [...history.value, sample].slice(-HISTORY_LENGTH);
  }

  function adjustCount(room: string, delta: number): void {
    rooms.value = rooms.value.map((entry) =>
      entry.slug === room
        ? {
            ...entry,
            live: { ...entry.live, active: true, participants: Math.max(0, entry.live.participants + delta) },
          }
        : entry,
    );
  }

  function setActive(room: string, active: boolean): void {
    rooms.value = rooms.value.map((entry) =>
      entry.slug === room
        ? { ...entry, live: active ? { ...entry.live, active } : { active, participants: 0, waiting: 0 } }
        : entry,
    );
  }

  function applyEvent(event: ServerEvent): void {
    if (event.type === 'stats') {
      setStats(event.stats);
      return;
    }
    switch (event.type) {
      case 'roomStarted':
        setActive(event.room, true);
        break;
      case 'roomEnded':
        setActive(event.room, false);
        setLobby(event.room, []);
        break;
      case 'participantJoined':
        adjustCount(event.room, 1);
        break;
      case 'participantLeft':
        adjustCount(event.room, -1);
        break;
      case 'lobbyChanged':
        setLobby(event.room, event.waiting);
        rooms.value = rooms.value.map((entry) =>
          entry.slug === event.room ? { ...entry, live: { ...entry.live, waiting: event.waiting.length } } : entry,
        );
        break;
    }
    touch(event.room);
  }

  function setLobby(room: string, waiting: LobbyEntry[]): void {
    lobbies.value = { ...lobbies.value, [room]: waiting };
  }

  function upsertRoom(room: RoomResponse): void {
    const others = rooms.value.filter((entry) => entry.slug !== room.slug);
    rooms.value = [...others, room].sort((a, b) => a.slug.localeCompare(b.slug));
  }

  function signedOut(): void {
    principal.value = null;
    rooms.value = [];
    stats.value = null;
    previousStats.value = null;
    history.value = [];
  }

  return {
    principal,
    rooms,
    stats,
    previousStats,
    history,
    live,
    lobbies,
    activity,
    applyEvent,
    setLobby,
    setStats,
    upsertRoom,
    signedOut,
  };
});
