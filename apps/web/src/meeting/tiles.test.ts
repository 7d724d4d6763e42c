import { describe, expect, it } from 'vitest';
import type { Participant } from './participants.js';
import { buildTiles, pageOfTiles, spotlightTile, tileKey } from './tiles.js';

function person(peerId: string, self = false, screen = false): Participant {
  return {
    peerId,
    name: peerId,
    self,
    role: 'participant',
    handRaised: false,
    state: 'connected',
    media: { mic: 'on', camera: true, screen },
  };
}

describe('tiles', () => {
  const people = [person('me', true), person('ann'), person('bob', false, true), person('cat')];
  const tiles = buildTiles(people);

  it('gives screens their own tiles, first', () => {
    expect(tiles.map((tile) => tile.key)).toEqual([
      'bob:screen',
      'me:camera',
      'ann:camera',
      'bob:camera',
      'cat:camera',
    ]);
  });

  it('spotlights a pin, else someone else’s screen; the grid never spotlights', () => {
    const input = { mode: 'auto', pinnedKey: null, activeSpeakerId: null } as const;
    expect(spotlightTile(tiles, input)?.key).toBe('bob:screen');
    expect(spotlightTile(tiles, { ...input, pinnedKey: 'cat:camera' })?.key).toBe('cat:camera');
    expect(spotlightTile(tiles, { ...input, mode: 'grid' })).toBeUndefined();
    const noScreen = buildTiles([person('me', true), person('ann'), person('cat')]);
    expect(spotlightTile(noScreen, input)).toBeUndefined();
    expect(spotlightTile(noScreen, { ...input, mode: 'spotlight', activeSpeakerId: 'cat' })?.key).toBe('cat:camera');
  });

  it('pages, bringing the active speaker onto the first page', () => {
    const cameras = tiles.filter((tile) => tile.kind === 'camera');
    expect(pageOfTiles(cameras, 2, 0, null).tiles.map((tile) => tile.key)).toEqual(['me:camera', 'ann:camera']);
    const promoted = pageOfTiles(cameras, 2, 0, tileKey('cat', 'camera'));
    expect(promoted.tiles.map((tile) => tile.key)).toEqual(['me:camera', 'cat:camera']);
    expect(pageOfTiles(cameras, 2, 5, null)).toMatchObject({ page: 1, pageCount: 2 });
  });
});
