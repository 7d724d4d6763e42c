import { readFileSync } from 'node:fs';
import { version as mediasoupVersion } from 'mediasoup';
import { z } from 'zod';

const packageFile = new URL('../package.json', import.meta.url);

export const HUDDLE_VERSION = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(packageFile, 'utf8'))).version;
export const MEDIASOUP_VERSION = mediasoupVersion;
