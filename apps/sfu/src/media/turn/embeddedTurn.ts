import { randomBytes } from 'node:crypto';
import { startCoturn, type RunningCoturn } from '@huddle/services';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { listenAddresses } from '../listenAddresses.js';
import type { TurnServers } from './iceServers.js';

/**
 * The TURN servers of this SFU: the configured ones, or (with `turn.embedded`) a local coturn started with the SFU
 * and stopped with it. Embedded coturn is for one machine: it may relay to loopback (the SFU listens there), which
 * a production TURN server must never allow.
 */
export async function startTurn(
  config: Config,
  log: Logger,
): Promise<{ servers: TurnServers | undefined; stop(): Promise<void> }> {
  const { turn } = config;
  if (!turn.embedded) {
    const servers =
      turn.urls.length > 0 && turn.secret
        ? { urls: turn.urls, secret: turn.secret, ttlSeconds: turn.ttlSeconds }
        : undefined;
    return { servers, stop: () => Promise.resolve() };
  }
  const host =
    turn.listenIp ?? listenAddresses(config.media).find((address) => address.ip !== '127.0.0.1')?.ip ?? '127.0.0.1';
  const secret = turn.secret ?? randomBytes(24).toString('base64url');
  const coturn: RunningCoturn = await startCoturn({
    host,
    port: turn.port,
    secret,
    relayPorts: { min: turn.relayMinPort, max: turn.relayMaxPort },
    allowLoopbackPeers: true,
    logger: {
      info: (fields, message) => log.info(fields, message),
      warn: (fields, message) => log.warn(fields, message),
    },
  });
  const urls = [`turn:${host}:${coturn.port}?transport=udp`, `turn:${host}:${coturn.port}?transport=tcp`];
  log.info({ urls }, 'embedded TURN server (coturn) started');
  return { servers: { urls, secret, ttlSeconds: turn.ttlSeconds }, stop: () => coturn.stop() };
}
