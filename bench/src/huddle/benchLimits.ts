/**
 * Limits of a Huddle SFU under a benchmark: every bot runs in this one process, so from one address — the
 * production bounds (100 sockets per IP, 100 peers per room) would stop a run long before the SFU's own limit.
 */
export const BENCH_LIMITS_ENV = {
  HUDDLE_MAX_PEERS: '1000',
  HUDDLE_MAX_CONNECTIONS: '10000',
  HUDDLE_MAX_CONNECTIONS_PER_IP: '10000',
} as const;
