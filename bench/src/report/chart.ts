import type { SfuSeries } from './results.js';

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 24, top: 40, bottom: 48 };
const COLORS = ['#2563eb', '#dc2626'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An SVG line chart of the SFU's CPU per subscriber (% of a core) against the number of subscribers. */
export function cpuPerSubscriberChart(series: SfuSeries[]): string {
  const points = series.flatMap((entry) => entry.forwarding);
  const maxX = Math.max(...points.map((point) => point.receivers), 1);
  const maxY = Math.max(...points.map((point) => point.cpuPercentPerReceiver), 0.01) * 1.15;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (value: number): number => MARGIN.left + (value / maxX) * plotWidth;
  const y = (value: number): number => MARGIN.top + plotHeight - (value / maxY) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">SFU CPU per subscriber (% of one core) vs subscribers</text>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotHeight}" x2="${MARGIN.left + plotWidth}" y2="${MARGIN.top + plotHeight}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotHeight}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 10}" text-anchor="middle">subscribers (N)</text>`,
  ];
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (maxY * tick) / 4;
    parts.push(
      `<line x1="${MARGIN.left - 4}" y1="${y(value)}" x2="${MARGIN.left + plotWidth}" y2="${y(value)}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(value) + 4}" text-anchor="end">${value.toFixed(2)}</text>`,
    );
  }
  for (const receivers of [...new Set(points.map((point) => point.receivers))]) {
    parts.push(
      `<text x="${x(receivers)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${receivers}</text>`,
    );
  }
  series.forEach((entry, index) => {
    const color = COLORS[index % COLORS.length] ?? '#000';
    const path = entry.forwarding.map((point) => `${x(point.receivers)},${y(point.cpuPercentPerReceiver)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const point of entry.forwarding) {
      parts.push(`<circle cx="${x(point.receivers)}" cy="${y(point.cpuPercentPerReceiver)}" r="3" fill="${color}"/>`);
    }
    const legendY = MARGIN.top + 8 + index * 18;
    parts.push(
      `<rect x="${MARGIN.left + plotWidth - 170}" y="${legendY - 9}" width="12" height="12" fill="${color}"/>`,
      `<text x="${MARGIN.left + plotWidth - 152}" y="${legendY + 1}">${escapeXml(entry.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
