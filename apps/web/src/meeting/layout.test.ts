import { describe, expect, it } from 'vitest';
import { gridLayout, pageCapacity } from './gridLayout.js';
import { spatialLayerFor } from './layers.js';

describe('grid layout', () => {
  it('puts four people in a 2×2 grid on a laptop and on a phone', () => {
    expect(gridLayout(4, { width: 1280, height: 656 }, 8)).toMatchObject({ columns: 2, rows: 2 });
    expect(gridLayout(4, { width: 359, height: 560 }, 8)).toMatchObject({ columns: 2, rows: 2 });
    expect(gridLayout(4, { width: 359, height: 700 }, 10)).toMatchObject({ columns: 2, rows: 2 });
  });

  it('prefers landscape tiles on a landscape screen', () => {
    expect(gridLayout(3, { width: 1256, height: 668 }, 10)).toMatchObject({ columns: 2, rows: 2 });
  });

  it('keeps two tiles side by side on a wide screen and stacked on a narrow one', () => {
    expect(gridLayout(2, { width: 1280, height: 656 }, 8)).toMatchObject({ columns: 2, rows: 1 });
    expect(gridLayout(2, { width: 359, height: 560 }, 8)).toMatchObject({ columns: 1, rows: 2 });
  });

  it('pages rather than shrinking tiles below the minimum', () => {
    expect(pageCapacity({ width: 359, height: 250 }, 8)).toBe(4);
    expect(pageCapacity({ width: 3000, height: 2000 }, 8)).toBe(16);
    expect(pageCapacity({ width: 10, height: 10 }, 8)).toBe(1);
  });
});

describe('spatial layer by tile size', () => {
  it('asks for ¼, ½ or full resolution by rendered width', () => {
    expect(spatialLayerFor(200)).toBe(0);
    expect(spatialLayerFor(399)).toBe(0);
    expect(spatialLayerFor(620)).toBe(1);
    expect(spatialLayerFor(1200)).toBe(2);
    expect(spatialLayerFor(300, 3)).toBe(1);
  });
});
