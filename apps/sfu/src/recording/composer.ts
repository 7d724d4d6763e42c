import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredTrack } from '../store/recordingStore.js';
import { runTool } from './ffmpegProcess.js';
import { fileSize, probe, type Tools } from './mediaFiles.js';

export const COMPOSED_FILE = 'composed.mp4';
export const COMPOSED_SIZE = { width: 1280, height: 720 };
export const COMPOSED_FPS = 25;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const BACKGROUND = '0x202124';

export type ComposeInput = { dir: string; startedAt: number; durationMs: number; tracks: readonly StoredTrack[] };
/** A track file placed on the recording's timeline: its input index and where its first frame goes (s). */
type Placed = { track: StoredTrack; input: number; at: number };
/** One grid cell: a participant's camera or screen, with every file it was recorded in. */
type Lane = { peerId: string; displayName: string; source: string; segments: Placed[] };
type Cell = { x: number; y: number; width: number; height: number };

const even = (value: number): number => Math.floor(value / 2) * 2;

/** The grid: as square as it can be (2 videos side by side, 3–4 in 2×2, 5–6 in 3×2, …), centered, even sizes. */
export function gridCells(count: number, size = COMPOSED_SIZE): Cell[] {
  if (count === 0) return [];
  const columns = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const width = even(size.width / columns);
  const height = even(size.height / rows);
  const cells: Cell[] = [];
  for (let index = 0; index < count; index += 1) {
    const row = Math.floor(index / columns);
    const inRow = Math.min(columns, count - row * columns);
    const left = even((size.width - inRow * width) / 2);
    const top = even((size.height - rows * height) / 2);
    cells.push({ x: left + (index % columns) * width, y: top + row * height, width, height });
  }
  return cells;
}

function lanesOf(placed: readonly Placed[]): Lane[] {
  const lanes = new Map<string, Lane>();
  for (const entry of placed) {
    if (entry.track.kind !== 'video') continue;
    const key = `${entry.track.peerId}:${entry.track.source}`;
    const lane = lanes.get(key) ?? {
      peerId: entry.track.peerId,
      displayName: entry.track.displayName,
      source: entry.track.source,
      segments: [],
    };
    lane.segments.push(entry);
    lanes.set(key, lane);
  }
  return [...lanes.values()];
}

/**
 * The ffmpeg arguments of the composed file: every video file scaled into its participant's grid cell and overlaid
 * on a background from the moment its first frame was captured (`-itsoffset`), until it ends; every audio file
 * resampled onto the same timeline (silence before and in between) and mixed at full level; names under the cells
 * (from files, so no name needs escaping). H.264 + AAC in MP4 with the index first, to play while downloading.
 */
export function composeArgs(input: ComposeInput, placed: readonly Placed[], labels: readonly string[]): string[] {
  const seconds = (input.durationMs / 1000).toFixed(3);
  const inputs = placed.flatMap((entry) => [
    '-reinit_filter',
    '0',
    '-itsoffset',
    entry.at.toFixed(3),
    '-i',
    join(input.dir, entry.track.file),
  ]);
  const lanes = lanesOf(placed);
  const cells = gridCells(lanes.length);
  const filters = [
    `color=c=${BACKGROUND}:s=${COMPOSED_SIZE.width}x${COMPOSED_SIZE.height}:r=${COMPOSED_FPS}:d=${seconds}[bg0]`,
  ];
  let layer = 0;
  lanes.forEach((lane, laneIndex) => {
    const cell = cells[laneIndex];
    if (!cell) return;
    for (const segment of lane.segments) {
      const { width, height } = cell;
      filters.push(
        `[${segment.input}:v]scale=w=${width}:h=${height}:force_original_aspect_ratio=decrease,` +
          `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1[v${segment.input}]`,
        `[bg${layer}][v${segment.input}]overlay=x=${cell.x}:y=${cell.y}:eof_action=pass:repeatlast=0[bg${layer + 1}]`,
      );
      layer += 1;
    }
  });
  const labelled = labels.length > 0 && existsSync(FONT);
  let video = `bg${layer}`;
  if (labelled) {
    const drawn = lanes.flatMap((lane, laneIndex) => {
      const cell = cells[laneIndex];
      const label = labels[laneIndex];
      if (!cell || label === undefined) return [];
      return [
        `drawtext=fontfile=${FONT}:textfile=${label}:expansion=none:fontsize=18:fontcolor=white:` +
          `box=1:boxcolor=black@0.55:boxborderw=6:x=${cell.x + 10}:y=${cell.y + cell.height - 34}`,
      ];
    });
    if (drawn.length > 0) {
      filters.push(`[${video}]${drawn.join(',')}[labelled]`);
      video = 'labelled';
    }
  }
  const audio = placed.filter((entry) => entry.track.kind === 'audio');
  for (const entry of audio) {
    filters.push(
      `[${entry.input}:a]aresample=48000:async=1:first_pts=0,aformat=sample_fmts=fltp:channel_layouts=stereo[a${entry.input}]`,
    );
  }
  if (audio.length === 0) filters.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${seconds}[aout]`);
  else if (audio.length === 1) filters.push(`[a${audio[0]?.input ?? 0}]apad[aout]`);
  else {
    const mixed = audio.map((entry) => `[a${entry.input}]`).join('');
    filters.push(`${mixed}amix=inputs=${audio.length}:duration=longest:dropout_transition=0:normalize=0,apad[aout]`);
  }
  // prettier-ignore
  return [
    '-hide_banner', '-nostdin', '-v', 'error',
    ...inputs,
    '-filter_complex', filters.join(';'),
    '-map', `[${video}]`, '-map', '[aout]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p', '-g', String(COMPOSED_FPS * 2),
    '-c:a', 'aac', '-b:a', '128k',
    '-t', seconds,
    '-movflags', '+faststart',
    '-f', 'mp4', '-y', join(input.dir, `${COMPOSED_FILE}.part`),
  ];
}

/**
 * Makes the composed MP4 from the finished track files (after the meeting, never during it: see the README).
 * Each file is placed where the recorder's clock put its first sample, plus where its first packet sits in it.
 */
export async function compose(tools: Tools, input: ComposeInput): Promise<{ file: string; sizeBytes: number }> {
  const placed: Placed[] = [];
  for (const track of input.tracks) {
    const probed = await probe(tools, join(input.dir, track.file));
    if (!probed) continue;
    const at = Math.max(0, (track.startedAt - input.startedAt) / 1000 + probed.startS);
    placed.push({ track, input: placed.length, at });
  }
  const labels: string[] = [];
  for (const [index, lane] of lanesOf(placed).entries()) {
    const label = join(input.dir, `.label-${index}.txt`);
    await writeFile(label, lane.source === 'screen' ? `${lane.displayName} (screen)` : lane.displayName);
    labels.push(label);
  }
  const part = join(input.dir, `${COMPOSED_FILE}.part`);
  try {
    await runTool(tools.ffmpegPath, composeArgs(input, placed, labels), { nice: true });
  } finally {
    await Promise.all(labels.map((label) => rm(label, { force: true })));
  }
  const final = join(input.dir, COMPOSED_FILE);
  await rename(part, final);
  return { file: COMPOSED_FILE, sizeBytes: await fileSize(final) };
}
