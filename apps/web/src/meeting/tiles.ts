import type { Participant } from './participants.js';

export type TileKind = 'camera' | 'screen';
export type Tile = { key: string; kind: TileKind; participant: Participant };
export type LayoutMode = 'auto' | 'grid' | 'spotlight';

export function tileKey(peerId: string, kind: TileKind): string {
  return `${peerId}:${kind}`;
}

/** A camera tile per participant (an avatar when the camera is off), and a tile per shared screen, screens first. */
export function buildTiles(participants: readonly Participant[]): Tile[] {
  const screens: Tile[] = [];
  const cameras: Tile[] = [];
  for (const participant of participants) {
    if (participant.media.screen) {
      screens.push({ key: tileKey(participant.peerId, 'screen'), kind: 'screen', participant });
    }
    cameras.push({ key: tileKey(participant.peerId, 'camera'), kind: 'camera', participant });
  }
  return [...screens, ...cameras];
}

export type SpotlightInput = { mode: LayoutMode; pinnedKey: string | null; activeSpeakerId: string | null };

/**
 * The tile shown large, or none (a plain grid). A pin always wins; then someone else's shared screen. The
 * spotlight layout falls back to the active speaker, then anyone but ourselves.
 */
export function spotlightTile(tiles: readonly Tile[], input: SpotlightInput): Tile | undefined {
  if (input.mode === 'grid') return undefined;
  const pinned = tiles.find((tile) => tile.key === input.pinnedKey);
  if (pinned) return pinned;
  const screen = tiles.find((tile) => tile.kind === 'screen' && !tile.participant.self);
  if (screen || input.mode === 'auto') return screen;
  const others = tiles.filter((tile) => !tile.participant.self);
  return (
    others.find((tile) => tile.kind === 'camera' && tile.participant.peerId === input.activeSpeakerId) ??
    others[0] ??
    tiles[0]
  );
}

export type Page = { tiles: Tile[]; page: number; pageCount: number };

/**
 * One page of tiles. On the first page the active speaker's tile takes the last slot if it would otherwise be
 * on a later page, so whoever talks is seen (a "last-N" flavour of pagination).
 */
export function pageOfTiles(tiles: readonly Tile[], pageSize: number, page: number, speakerKey: string | null): Page {
  const size = Math.max(pageSize, 1);
  const ordered = [...tiles];
  const speakerIndex = ordered.findIndex((tile) => tile.key === speakerKey);
  if (speakerIndex >= size) {
    const [speaker] = ordered.splice(speakerIndex, 1);
    if (speaker) ordered.splice(size - 1, 0, speaker);
  }
  const pageCount = Math.max(Math.ceil(ordered.length / size), 1);
  const current = Math.min(Math.max(page, 0), pageCount - 1);
  return { tiles: ordered.slice(current * size, (current + 1) * size), page: current, pageCount };
}
