// @huddle/services: Debian's own service programs, started as foreground children tied to this Node process.
export { startRedis, type RedisOptions, type RunningRedis } from './redis/redis.js';
export { startPostgres, type PostgresOptions, type RunningPostgres } from './postgres/postgres.js';
export { startHaproxy, type HaproxyOptions, type RunningHaproxy } from './haproxy/haproxy.js';
export type { Backend, HealthCheck } from './haproxy/config.js';
export type { BackendState } from './haproxy/statsSocket.js';
export { startCoturn, type CoturnOptions, type RunningCoturn } from './coturn/coturn.js';
export { PRODUCTION_DENIED_PEER_IPS } from './coturn/config.js';
export { turnCredentials, type TurnCredentials } from './coturn/credentials.js';
export { stunBinding } from './coturn/stunProbe.js';
export * from './coturn/stun.js';

export { ServiceOptionError, type CommonOptions, type RunningService } from './common.js';
export { ServiceStartError } from './process/serviceProcess.js';
export { silentLogger, type ServiceLogger } from './logger.js';
export { cleanupLeftovers, type CleanupOptions, type CleanupReport } from './state/leftovers.js';
export { defaultStateDir } from './state/records.js';
export { TiedProcess, type StopOptions, type TiedProcessOptions } from './process/tiedProcess.js';
export { descendantsOf } from './process/procfs.js';
export { freePort, freePortBlock, freeTcpUdpPort, isPortFree, type PortBlockOptions } from './net/ports.js';
