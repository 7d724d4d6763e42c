import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Runs a command and returns its stdout; on failure the error names the command and carries its stderr.
 * `input` is written to the command's stdin (e.g. a rule set for `nft -f -`).
 */
export async function run(command: string, args: readonly string[], input?: string): Promise<string> {
  try {
    const pending = execFileAsync(command, args, { encoding: 'utf8' });
    if (input !== undefined) pending.child.stdin?.end(input);
    const { stdout } = await pending;
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${command} ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

/** Like run(), for cleanup steps whose failure only means "already gone". */
export async function runQuietly(command: string, args: readonly string[]): Promise<boolean> {
  try {
    await run(command, args);
    return true;
  } catch {
    return false;
  }
}
