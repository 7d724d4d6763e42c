/** Geometry for the dashboard's SVG line charts: values → points in a box, and a readable axis maximum. */
export type ChartBox = { width: number; height: number };

/** The smallest 1/2/5 × 10ⁿ at or above `value` (at least `floor`), so axis labels stay round. */
export function niceMax(value: number, floor = 1): number {
  const target = Math.max(value, floor);
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= target) ?? 10;
  return step * magnitude;
}

/** x spreads `count` slots over the width (newest at the right); y maps 0…max to bottom…top. */
export function toPoints(values: readonly number[], slots: number, max: number, box: ChartBox): string {
  const step = slots > 1 ? box.width / (slots - 1) : 0;
  const offset = slots - values.length;
  return values
    .map((value, index) => {
      const x = (offset + index) * step;
      const y = box.height - (Math.min(value, max) / max) * box.height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
