import { describe, expect, it } from 'vitest';
import { rowWindow } from './virtualWindow.js';

describe('virtualized rows', () => {
  const list = { rowHeight: 52, viewportHeight: 520, overscan: 4 };

  it('renders what fits and the overscan, whatever the length of the list', () => {
    expect(rowWindow({ ...list, count: 1000, scrollTop: 0 })).toEqual({ start: 0, end: 14, offset: 0, total: 52_000 });
    const middle = rowWindow({ ...list, count: 1000, scrollTop: 26_000 });
    expect(middle).toEqual({ start: 496, end: 514, offset: 496 * 52, total: 52_000 });
    expect(middle.end - middle.start).toBeLessThanOrEqual(10 + 2 * 4);
  });

  it('ends at the last row when scrolled to the bottom', () => {
    const bottom = rowWindow({ ...list, count: 1000, scrollTop: 52_000 - 520 });
    expect(bottom.end).toBe(1000);
    expect(bottom.start).toBe(1000 - 10 - 4);
  });

  it('copes with a list shorter than the viewport, an empty one, and a scroll past a list that shrank', () => {
    expect(rowWindow({ ...list, count: 3, scrollTop: 0 })).toEqual({ start: 0, end: 3, offset: 0, total: 156 });
    expect(rowWindow({ ...list, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, offset: 0, total: 0 });
    expect(rowWindow({ ...list, count: 20, scrollTop: 40_000 })).toMatchObject({ end: 20 });
  });

  it('renders nothing but the overscan before the viewport has a size', () => {
    expect(rowWindow({ ...list, count: 1000, scrollTop: 0, viewportHeight: 0 })).toMatchObject({ start: 0, end: 4 });
  });
});
