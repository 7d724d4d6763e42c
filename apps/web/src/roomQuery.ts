import type { LocationQuery, LocationQueryValue } from 'vue-router';

/**
 * What a room URL's query asks for: `?name=<name>[&token=<join token>][&camera=off][&mic=off][&relay=1]
 * [&testHooks=1]`. `relay=1` sends the media only through the SFU's TURN servers (a firewall check).
 */
export type RoomQuery = {
  displayName: string | null;
  token: string | null;
  camera: boolean;
  mic: boolean;
  relay: boolean;
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
    relay: first(query.relay) === '1',
    testHooks: first(query.testHooks) === '1',
  };
}

/** How someone joins: the pre-join screen's choices, or the room URL's. */
export type JoinChoice = { displayName: string; mic: boolean; camera: boolean };
