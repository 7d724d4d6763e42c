import { spawn } from 'node:child_process';
import { z } from 'zod';
import { TIMECODE, timecodeGeometry } from '@huddle/testkit';

/** Runs a program to its end: stdout as bytes, stderr as text, and the exit code. */
function run(command: string, args: string[]): Promise<{ stdout: Buffer; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ stdout: Buffer.concat(chunks), stderr, code }));
  });
}

const probeSchema = z.object({
  format: z.object({ duration: z.string() }),
  streams: z.array(z.object({ codec_type: z.string(), codec_name: z.string(), duration: z.string().optional() })),
});

export type ProbedFile = { durationS: number; streams: Array<{ type: string; codec: string; durationS: number }> };

/** ffprobe's view of a file: its duration, and each stream's kind, codec and duration (the file's when unknown). */
export async function probeFile(path: string): Promise<ProbedFile> {
  // prettier-ignore
  const { stdout, stderr } = await run('ffprobe', [
    '-v', 'error', '-print_format', 'json', '-show_entries', 'format=duration:stream=codec_type,codec_name,duration', path,
  ]);
  if (stdout.length === 0) throw new Error(`ffprobe could not read ${path}: ${stderr}`);
  const parsed = probeSchema.parse(JSON.parse(stdout.toString()));
  const durationS = Number(parsed.format.duration);
  return {
    durationS,
    streams: parsed.streams.map((stream) => ({
      type: stream.codec_type,
      codec: stream.codec_name,
      durationS: stream.duration === undefined ? durationS : Number(stream.duration),
    })),
  };
}

/** The width of a file's first video stream, as ffprobe reads it. */
export async function videoWidth(path: string): Promise<number> {
  // prettier-ignore
  const { stdout, stderr } = await run('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width', '-of', 'csv=p=0', path,
  ]);
  const width = Number.parseInt(stdout.toString(), 10);
  if (!Number.isInteger(width)) throw new Error(`ffprobe found no video width in ${path}: ${stderr}`);
  return width;
}

/** What `ffmpeg -v error -i FILE -f null -` prints: nothing for a file that decodes cleanly. */
export async function decodeErrors(path: string): Promise<string> {
  const { stderr, code } = await run('ffmpeg', ['-hide_banner', '-v', 'error', '-i', path, '-f', 'null', '-']);
  return code === 0 ? stderr.trim() : `exit ${String(code)}: ${stderr.trim()}`;
}

/** A video frame's time in the file and the time code it shows (wall clock mod the period, s). */
export type CodedFrame = { t: number; phase: number };

/** Where a participant's picture sits in a frame: the time-code strip is along its bottom. */
export type Region = { x: number; y: number; width: number; height: number };

/**
 * Reads the time code of every frame inside `region`: one row through the middle of the strip, the bar's left
 * edge (the first bright pixel) gives the phase. Frames whose row shows no bar are skipped.
 */
export async function readVideoTimecode(path: string, region: Region): Promise<CodedFrame[]> {
  const { strip, bar } = timecodeGeometry(region.width, region.height);
  const row = region.y + region.height - Math.ceil(strip / 2);
  // prettier-ignore
  const { stdout, stderr } = await run('ffmpeg', [
    '-hide_banner', '-v', 'info', '-i', path, '-an',
    '-vf', `format=gray,crop=${region.width}:1:${region.x}:${row},showinfo`,
    '-fps_mode', 'passthrough', '-f', 'rawvideo', '-',
  ]);
  const times = [...stderr.matchAll(/pts_time:\s*([\d.]+)/g)].map((match) => Number(match[1]));
  const frames: CodedFrame[] = [];
  for (let index = 0; index < times.length; index += 1) {
    const pixels = stdout.subarray(index * region.width, (index + 1) * region.width);
    const left = pixels.findIndex((value) => value > 128);
    const t = times[index];
    if (left < 0 || t === undefined) continue;
    frames.push({ t, phase: (left / (region.width - bar)) * TIMECODE.periodS });
  }
  return frames;
}

const SAMPLE_RATE = 48_000;
const WINDOW = 120; // 2.5 ms

/** When each beep starts in the file's audio (s): the RMS of 2.5 ms windows jumps past 3× its median. */
export async function readBeeps(path: string): Promise<number[]> {
  // prettier-ignore
  const { stdout } = await run('ffmpeg', [
    '-hide_banner', '-v', 'error', '-i', path, '-vn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 'f32le', '-',
  ]);
  const samples = new Float32Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.length / 4));
  const levels: number[] = [];
  for (let start = 0; start + WINDOW <= samples.length; start += WINDOW) {
    let sum = 0;
    for (let index = start; index < start + WINDOW; index += 1) sum += (samples[index] ?? 0) ** 2;
    levels.push(Math.sqrt(sum / WINDOW));
  }
  const median = [...levels].sort((a, b) => a - b)[Math.floor(levels.length / 2)] ?? 0;
  const onsets: number[] = [];
  let inBeep = false;
  levels.forEach((level, index) => {
    if (!inBeep && level > median * 3) {
      onsets.push((index * WINDOW) / SAMPLE_RATE);
      inBeep = true;
    } else if (inBeep && level < median * 1.5) inBeep = false;
  });
  return onsets;
}

/** `value` on the period's circle, as a signed distance from 0: in (−period/2, period/2]. */
function wrap(value: number): number {
  const period = TIMECODE.periodS;
  const mod = ((value % period) + period) % period;
  return mod > period / 2 ? mod - period : mod;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * How late (s) a file shows what its time code says, given when its time 0 was on the wall clock (`originS`):
 * for video the median over frames of (wall time shown at − time coded in the frame), for audio the median over
 * beeps of how far after an even second it starts. Equal values for a picture and a sound mean they are in sync.
 */
export function videoLateness(frames: readonly CodedFrame[], originS: number): number {
  return median(frames.map((frame) => wrap(originS + frame.t - frame.phase)));
}

export function audioLateness(onsets: readonly number[], originS: number): number {
  return median(onsets.map((onset) => wrap(originS + onset)));
}
