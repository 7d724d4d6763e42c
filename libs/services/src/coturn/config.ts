import { ServiceOptionError } from '../common.js';

/**
 * Peer ranges a production TURN server should refuse to relay to (RFC 6890 special-purpose and private ranges):
 * otherwise anyone holding credentials can use it to reach the servers' own private network. Allow the SFU's own
 * address explicitly with `allowedPeerIps` when it is in one of these ranges.
 */
export const PRODUCTION_DENIED_PEER_IPS: readonly string[] = [
  '0.0.0.0-0.255.255.255',
  '10.0.0.0-10.255.255.255',
  '100.64.0.0-100.127.255.255',
  '127.0.0.0-127.255.255.255',
  '169.254.0.0-169.254.255.255',
  '172.16.0.0-172.31.255.255',
  '192.0.0.0-192.0.0.255',
  '192.0.2.0-192.0.2.255',
  '192.88.99.0-192.88.99.255',
  '192.168.0.0-192.168.255.255',
  '198.18.0.0-198.19.255.255',
  '198.51.100.0-198.51.100.255',
  '203.0.113.0-203.0.113.255',
  '240.0.0.0-255.255.255.255',
  '::1',
  'fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
];

export type CoturnSettings = {
  host: string;
  port: number;
  relayIp: string;
  externalIp: string | undefined;
  relayPorts: { min: number; max: number };
  realm: string;
  secret: string;
  allowLoopbackPeers: boolean;
  deniedPeerIps: readonly string[];
  allowedPeerIps: readonly string[];
  dir: string;
};

const PEER_RANGE = /^[0-9A-Fa-f.:]+(-[0-9A-Fa-f.:]+)?$/;
const REALM = /^[A-Za-z0-9.-]{1,128}$/;

function peerRanges(ranges: readonly string[], flag: string): string[] {
  return ranges.map((range) => {
    if (!PEER_RANGE.test(range)) throw new ServiceOptionError(`bad ${flag} ${JSON.stringify(range)}`);
    return `--${flag}=${range}`;
  });
}

/**
 * turnserver.conf (a file, mode 600, so the secret stays off the command line): REST API auth, UDP + TCP without
 * TLS, logging to stdout.
 */
export function coturnConfig(config: CoturnSettings): string {
  if (!REALM.test(config.realm)) throw new ServiceOptionError(`bad realm ${JSON.stringify(config.realm)}`);
  if (!/^[\x21-\x7e]{16,}$/.test(config.secret)) {
    throw new ServiceOptionError('the TURN secret must be at least 16 printable ASCII characters, without spaces');
  }
  const flags = [
    `--listening-ip=${config.host}`,
    `--listening-port=${config.port}`,
    `--relay-ip=${config.relayIp}`,
    ...(config.externalIp ? [`--external-ip=${config.externalIp}`] : []),
    `--min-port=${config.relayPorts.min}`,
    `--max-port=${config.relayPorts.max}`,
    `--realm=${config.realm}`,
    '--use-auth-secret',
    `--static-auth-secret=${config.secret}`,
    '--fingerprint',
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    '--no-rfc5780',
    '--no-stun-backward-compatibility',
    '--no-software-attribute',
    '--no-multicast-peers',
    // Relaying to 127.x/::1 is what lets tests run on one machine: never in production (see README).
    ...(config.allowLoopbackPeers ? ['--allow-loopback-peers'] : []),
    ...peerRanges(config.deniedPeerIps, 'denied-peer-ip'),
    ...peerRanges(config.allowedPeerIps, 'allowed-peer-ip'),
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${config.dir}/turnserver.pid`,
    `--userdb=${config.dir}/turndb`,
  ];
  return `${flags.map((flag) => flag.slice(2)).join('\n')}\n`;
}
