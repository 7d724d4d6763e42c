import type { LocationQuery, LocationQueryValue } from 'vue-router';

/** What a room URL's query asks for: `?name=<name>[&token=<join token>][&camera=off][&mic=off][&testHooks=1]`. */
export type RoomQuery = {
  displayName: string | null;
  token: string | null;
  camera: boolean;
  mic: boolean;
  testHooks: boolean;
};

function first(value: LocationQueryValue | LocationQueryValue[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

export function parseRoomQuery(query: LocationQuery): RoomQuery {
  return {
    displayName: first(query.name),
    token: first(query.token),
    camera: first(query.camera) !== 'off',
    mic: first(query.mic) !== 'off',
    testHooks: first(query.testHooks) === '1',
  };
}

/** How someone joins: the pre-join screen's choices, or the room URL's. */
export type JoinChoice = { displayName: string; mic: boolean; camera: boolean };
