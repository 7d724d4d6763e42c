export type Size = { width: number; height: number };

export type GridLayout = { columns: number; rows: number; tileWidth: number; tileHeight: number };

/**
 * Tiles are at most 16:9 and at least 4:3, or 9:16 on a portrait screen (a phone: two columns of tall tiles,
 * cameras cropped to fill them); a cell outside that range is trimmed to it.
 */
const MAX_ASPECT = 16 / 9;

function tileIn(cellWidth: number, cellHeight: number, minAspect: number): Size {
  return {
    width: Math.min(cellWidth, cellHeight * MAX_ASPECT),
    height: Math.min(cellHeight, cellWidth / minAspect),
  };
}

/** The column count that gives `count` tiles the largest area in `area`, and each tile's size. */
export function gridLayout(count: number, area: Size, gap: number): GridLayout {
  const tiles = Math.max(count, 1);
  const minAspect = area.width < area.height ? 9 / 16 : 4 / 3;
  let best: GridLayout = { columns: 1, rows: tiles, tileWidth: 0, tileHeight: 0 };
  for (let columns = 1; columns <= tiles; columns++) {
    const rows = Math.ceil(tiles / columns);
    const cellWidth = (area.width - gap * (columns - 1)) / columns;
    const cellHeight = (area.height - gap * (rows - 1)) / rows;
    if (cellWidth <= 0 || cellHeight <= 0) continue;
    const tile = tileIn(cellWidth, cellHeight, minAspect);
    if (tile.width * tile.height > best.tileWidth * best.tileHeight) {
      best = { columns, rows, tileWidth: Math.floor(tile.width), tileHeight: Math.floor(tile.height) };
    }
  }
  return best;
}

/** The smallest tile worth showing; below it, the grid pages instead of shrinking further. */
const MIN_TILE: Size = { width: 160, height: 120 };
/** Never decode more videos than this at once, however large the window. */
const MAX_TILES_PER_PAGE = 16;

/** How many tiles fit in `area` without any getting smaller than MIN_TILE. */
export function pageCapacity(area: Size, gap: number): number {
  const columns = Math.floor((area.width + gap) / (MIN_TILE.width + gap));
  const rows = Math.floor((area.height + gap) / (MIN_TILE.height + gap));
  return Math.min(Math.max(columns * rows, 1), MAX_TILES_PER_PAGE);
}
