import { rename, rm, stat } from 'node:fs/promises';
import { z } from 'zod';
import { runTool } from './ffmpegProcess.js';

export type Tools = { ffmpegPath: string; ffprobePath: string };

const probeSchema = z.object({
  format: z.object({ duration: z.string().optional(), start_time: z.string().optional() }).optional(),
  streams: z.array(z.object({ codec_type: z.string(), duration: z.string().optional() })).default([]),
});

/** What ffprobe reads from a media file: its length and where its first packet sits (seconds). */
export type Probe = { durationS: number; startS: number; kinds: string[] };

/** Undefined when the file cannot be read as media (missing, empty, or no header). */
export async function probe(tools: Tools, path: string): Promise<Probe | undefined> {
  try {
    // prettier-ignore
    const out = await runTool(tools.ffprobePath, [
      '-v', 'error', '-print_format', 'json', '-show_entries', 'format=duration,start_time:stream=codec_type,duration', path,
    ]);
    const parsed = probeSchema.parse(JSON.parse(out));
    const durationS = Number(parsed.format?.duration ?? Number.NaN);
    if (!Number.isFinite(durationS)) return undefined;
    return {
      durationS,
      startS: Number(parsed.format?.start_time ?? 0) || 0,
      kinds: parsed.streams.map((stream) => stream.codec_type),
    };
  } catch {
    return undefined;
  }
}

export async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (info) => info.size,
    () => 0,
  );
}

/**
 * Rewrites a file ffmpeg could not finish (killed, crashed, or the SFU died): a stream copy into a new file keeps
 * every whole frame and writes the duration and the index a player needs. False when nothing could be saved.
 */
export async function finalizeFile(tools: Tools, path: string, format: 'webm' | 'matroska'): Promise<boolean> {
  if ((await fileSize(path)) === 0) return false;
  const repaired = `${path}.repaired`;
  try {
    // prettier-ignore
    await runTool(tools.ffmpegPath, [
      '-hide_banner', '-nostdin', '-v', 'error', '-fflags', '+discardcorrupt',
      '-i', path, '-map', '0', '-c', 'copy', '-f', format, '-y', repaired,
    ]);
    if ((await probe(tools, repaired)) === undefined) throw new Error('the rewritten file is unreadable');
    await rename(repaired, path);
    return true;
  } catch {
    await rm(repaired, { force: true });
    return false;
  }
}
