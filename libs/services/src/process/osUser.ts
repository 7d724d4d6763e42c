import { readFileSync } from 'node:fs';

export type OsUser = { name: string; uid: number; gid: number };

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The passwd entry of `name` (from /etc/passwd), or undefined. */
export function lookupUser(name: string): OsUser | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/** `command args` run as `user` (setpriv execs it, so the pid stays the program's own), or as is without a user. */
export function asUser(user: OsUser | undefined, command: string, args: readonly string[]): [string, string[]] {
  if (!user) return [command, [...args]];
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', command, ...args]];
}
