import { describe, expect, it } from 'vitest';
import { expectedKbps, gridLayer } from './grid.js';

describe('gridLayer', () => {
  it('asks for smaller layers as the grid fills, and counts only the last-N shown', () => {
    expect(gridLayer(2, 25)).toBe(2); // one tile across 1280 px
    expect(gridLayer(5, 25)).toBe(1); // 2 × 2 tiles of 640 px
    expect(gridLayer(10, 25)).toBe(1); // 3 × 3 of 427 px
    expect(gridLayer(20, 25)).toBe(0); // 5 columns of 256 px
    expect(gridLayer(50, 25)).toBe(0);
    expect(gridLayer(50, 4)).toBe(1); // last-N 4: a 2 × 2 grid
  });
});

describe('expectedKbps', () => {
  it('adds the shown videos at their layer and the speakers’ audio', () => {
    expect(expectedKbps(5, 25, 2, 32)).toBe(4 * 200 + 2 * 32);
    expect(expectedKbps(50, 25, 2, 32)).toBe(25 * 80 + 2 * 32);
    expect(expectedKbps(2, 25, 2, 32)).toBe(500 + 32);
    expect(expectedKbps(50, 25, 2, 32, 49)).toBe(49 * 80 + 2 * 32); // no last-N: every other video
  });
});
