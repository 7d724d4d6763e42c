/** Where a virtualized list is scrolled to, and how big its rows and viewport are (CSS pixels). */
export type WindowInput = {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  /** Rows rendered beyond each edge of the viewport, so a quick scroll shows no gap. */
  overscan: number;
};

/** The rows to render, `start` (included) to `end` (excluded), `offset` px from the top of a `total` px list. */
export type RowWindow = { start: number; end: number; offset: number; total: number };

/**
 * Which rows of a fixed-row-height list to render: those in the viewport and `overscan` more on each side — a
 * thousand participants cost as many DOM rows as fit on screen. A scroll position past the end (the list shrank)
 * is treated as the end.
 */
export function rowWindow(input: WindowInput): RowWindow {
  const count = Math.max(0, Math.floor(input.count));
  const rowHeight = Math.max(1, input.rowHeight);
  const total = count * rowHeight;
  const viewport = Math.max(0, input.viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), Math.max(0, total - viewport));
  const first = Math.floor(scrollTop / rowHeight);
  const visible = Math.ceil((scrollTop + viewport) / rowHeight);
  const start = Math.max(0, first - input.overscan);
  const end = Math.min(count, visible + input.overscan);
  return { start, end: Math.max(start, end), offset: start * rowHeight, total };
}
