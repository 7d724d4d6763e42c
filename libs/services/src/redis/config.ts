export type RedisConfig = {
  host: string;
  port: number;
  dir: string;
  appendOnly: boolean;
  password?: string;
};

/** A redis.conf for a foreground Redis that keeps everything in `dir` and logs to stdout. */
export function redisConfig(config: RedisConfig): string {
  const lines = [
    `bind ${config.host}`,
    `port ${config.port}`,
    `dir ${JSON.stringify(config.dir)}`,
    'daemonize no',
    'supervised no',
    'logfile ""',
    'pidfile ""',
    // No RDB snapshots: tests and caches restart empty unless appendonly is on.
    'save ""',
    `appendonly ${config.appendOnly ? 'yes' : 'no'}`,
    'appendfsync everysec',
    'protected-mode yes',
    'tcp-keepalive 60',
  ];
  if (config.password !== undefined) lines.push(`requirepass ${JSON.stringify(config.password)}`);
  return `${lines.join('\n')}\n`;
}
