import { connect } from 'node:net';
import { BACKEND_NAME } from './config.js';

/** Sends one command to HAProxy's stats socket and resolves with the whole answer. */
export function statsCommand(socketPath: string, command: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer to "${command}" within ${timeoutMs} ms`)));
    socket.once('error', reject);
    socket.on('connect', () => socket.write(`${command}\n`));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
  });
}

/** The `Pid:` that `show info` reports, or undefined. */
export async function servingPid(socketPath: string): Promise<number | undefined> {
  const match = /^Pid: (\d+)$/m.exec(await statsCommand(socketPath, 'show info'));
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

/** Marks a server down until its checks pass `rise` times (HAProxy assumes new servers are up). */
export async function markDown(socketPath: string, server: string): Promise<void> {
  const answer = await statsCommand(socketPath, `set server ${BACKEND_NAME}/${server} health down`);
  if (answer.trim() !== '') throw new Error(`HAProxy refused to mark ${server} down: ${answer.trim()}`);
}

export type BackendState = {
  name: string;
  /** HAProxy's own words: UP, DOWN, "UP 1/2" (going down), "DOWN 1/2" (coming up), MAINT, no check … */
  status: string;
  /** Whether it gets traffic now. */
  up: boolean;
  /** The last check: L7OK, L7STS (bad status), L4CON (refused), L4TOUT … */
  checkStatus: string;
  /** The HTTP status of the last check, when there was one. */
  checkCode: number | undefined;
};

/** Each server of the backend, from `show stat` (CSV). */
export async function backendStates(socketPath: string): Promise<BackendState[]> {
  const [header, ...rows] = (await statsCommand(socketPath, 'show stat')).split('\n').filter((line) => line !== '');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const at = (cells: string[], name: string): string => cells[columns.indexOf(name)] ?? '';
  return rows
    .map((row) => row.split(','))
    .filter((cells) => at(cells, 'pxname') === BACKEND_NAME && !['BACKEND', 'FRONTEND'].includes(at(cells, 'svname')))
    .map((cells) => {
      const status = at(cells, 'status');
      const code = Number(at(cells, 'check_code'));
      return {
        name: at(cells, 'svname'),
        status,
        up: status === 'UP' || status.startsWith('UP '),
        checkStatus: at(cells, 'check_status'),
        checkCode: at(cells, 'check_code') !== '' && Number.isInteger(code) ? code : undefined,
      };
    });
}
