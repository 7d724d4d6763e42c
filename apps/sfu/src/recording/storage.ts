import { statfs } from 'node:fs/promises';

const MB = 1024 * 1024;

/** Free space (for unprivileged writers) on the filesystem holding `dir`, in MB. */
export async function freeMb(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return (stats.bavail * stats.bsize) / MB;
}

/** `Ann Lee (design)` → `ann-lee-design`: ASCII letters, digits and dashes, at most 40, never empty. */
export function safeName(text: string): string {
  const name = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 40)
    .replace(/-+$/, '');
  return name === '' ? 'participant' : name;
}

/** `2026-12-01T21-05-09`: a UTC time that sorts and is safe in a file name. */
export function fileTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replaceAll(':', '-');
}

/** The directory of one recording: `<room>_<time>_<id prefix>` (room slugs are safe already). */
export function recordingDirName(room: string, startedAt: number, id: string): string {
  return `${room}_${fileTime(startedAt)}_${id.slice(0, 8)}`;
}

/** `ann-lee_3f9a1c_camera_2.webm`: who (name and peer id prefix, as names repeat), which source, which stretch. */
export function trackFileName(
  who: { displayName: string; peerId: string },
  source: string,
  index: number,
  extension: string,
): string {
  return `${safeName(who.displayName)}_${safeName(who.peerId).slice(0, 6)}_${source}_${index}.${extension}`;
}
