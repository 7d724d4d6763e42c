// Runs a child process and resolves with its exit code; output is inherited unless a line handler is given.
// With forwardSignals, Ctrl+C / SIGTERM sent to us reach the child too (it shuts down gracefully), and so does
// the death of our own parent.
import { spawn } from 'node:child_process';

export function run(command, args, { cwd, env, onLine, forwardSignals = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: onLine ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    if (onLine) {
      let pending = '';
      const feed = (chunk) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      };
      child.stdout.on('data', feed);
      child.stderr.on('data', feed);
      child.on('close', () => {
        if (pending) onLine(pending);
      });
    }
    const forward = (signal) => child.kill(signal);
    // `npm start` killed with SIGTERM does not pass it on through its shell: when our parent is gone, stop too.
    const launcher = process.ppid;
    // Once only: a second SIGTERM would cut the child's graceful drain short.
    const orphanWatch = setInterval(() => {
      if (process.ppid === launcher) return;
      clearInterval(orphanWatch);
      forward('SIGTERM');
    }, 1000);
    if (forwardSignals) for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
    else clearInterval(orphanWatch);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(orphanWatch);
      if (forwardSignals) for (const name of ['SIGINT', 'SIGTERM']) process.off(name, forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

export async function capture(command, args) {
  const lines = [];
  const code = await run(command, args, { onLine: (line) => lines.push(line) }).catch(() => 127);
  return { code, output: lines.join('\n') };
}
