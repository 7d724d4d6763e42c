import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const BUILD_HINT = 'build it first ("npm run setup" at the Huddle repository root)';

/** The built SFU entry point (`@huddle/sfu`'s main), or a clear error saying how to build it. */
export function locateSfuEntry(explicit?: string): string {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new Error(`Huddle SFU entry ${explicit} does not exist: ${BUILD_HINT}`);
    return explicit;
  }
  try {
    return createRequire(import.meta.url).resolve('@huddle/sfu');
  } catch {
    throw new Error(`the Huddle SFU (@huddle/sfu) is not built or not installed: ${BUILD_HINT}`);
  }
}
