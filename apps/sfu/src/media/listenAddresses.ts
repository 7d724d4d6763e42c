import { networkInterfaces } from 'node:os';
import type { Config } from '../config.js';

export type ListenAddress = { ip: string; announcedIp?: string };

/**
 * Where each worker's WebRtcServer listens. An explicit `media.listenIp` is used as is (with `announcedIp` when
 * listening on a wildcard address). `auto` listens on loopback and on the machine's first LAN IPv4 address:
 * Chromium pairs with 127.0.0.1, while Firefox refuses loopback candidates and pairs with the LAN address, so
 * both browsers on this machine (and browsers elsewhere on the LAN) reach the media ports without any setting.
 */
export function listenAddresses(media: Pick<Config['media'], 'listenIp' | 'announcedIp'>): ListenAddress[] {
  if (media.listenIp !== 'auto') {
    return [{ ip: media.listenIp, ...(media.announcedIp ? { announcedIp: media.announcedIp } : {}) }];
  }
  const lan = firstLanAddress();
  return lan === undefined ? [{ ip: '127.0.0.1' }] : [{ ip: '127.0.0.1' }, { ip: lan }];
}

export function firstLanAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return undefined;
}
