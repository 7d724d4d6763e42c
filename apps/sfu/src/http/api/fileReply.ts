import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { HuddleError } from '../../errors.js';
import type { ApiContext } from './route.js';

/** What a route sends instead of JSON: a status and a stream (headers are set on the context). */
export class FileReply {
  readonly status: number;
  readonly body: Readable;

  constructor(status: number, body: Readable) {
    this.status = status;
    this.body = body;
  }
}

/** `bytes=START-END`, `bytes=START-` or `bytes=-SUFFIX` (one range; a multi-range request gets the whole file). */
export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * Sends a file with HTTP Range support (what `<video>` needs to seek): 200 with the whole file, 206 with the
 * asked part, 416 for a range past its end. `download` adds Content-Disposition: attachment.
 */
export async function sendFile(ctx: ApiContext, path: string, type: string, download: boolean): Promise<FileReply> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new HuddleError('NOT_FOUND', 'that file is not there (yet)');
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('Content-Type', type);
  if (download) ctx.set('Content-Disposition', `attachment; filename="${basename(path)}"`);
  const range = parseRange(ctx.get('range'), info.size);
  if (range === 'unsatisfiable') {
    ctx.set('Content-Range', `bytes */${info.size}`);
    return new FileReply(416, Readable.from([]));
  }
  if (!range) {
    ctx.length = info.size;
    return new FileReply(200, createReadStream(path));
  }
  ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
  ctx.length = range.end - range.start + 1;
  return new FileReply(206, createReadStream(path, { start: range.start, end: range.end }));
}
