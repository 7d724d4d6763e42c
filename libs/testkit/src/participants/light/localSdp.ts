import type { DtlsParameters } from '@huddle/shared';

type Algorithm = DtlsParameters['fingerprints'][number]['algorithm'];
const ALGORITHMS: ReadonlySet<string> = new Set<Algorithm>(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']);

function isAlgorithm(value: string): value is Algorithm {
  return ALGORITHMS.has(value);
}

/**
 * Our DTLS parameters for connectTransport: the certificate fingerprint from libdatachannel's local
 * offer (`a=setup:actpass`), and role "client": the answer remoteSdp makes up says `a=setup:passive`, so
 * mediasoup is the DTLS server and we start the handshake.
 */
export function localDtlsParameters(sdp: string): DtlsParameters {
  const fingerprint = /^a=fingerprint:(\S+) (\S+)/m.exec(sdp);
  const setup = /^a=setup:(\w+)/m.exec(sdp)?.[1];
  const algorithm = fingerprint?.[1]?.toLowerCase();
  const value = fingerprint?.[2];
  if (!algorithm || !value || !isAlgorithm(algorithm))
    throw new Error('the local description has no usable DTLS fingerprint');
  if (setup !== 'actpass') throw new Error(`the local offer's DTLS setup is "${setup ?? 'missing'}", not actpass`);
  return { role: 'client', fingerprints: [{ algorithm, value }] };
}

/** The mids of the local offer's m-sections, in order (an answer must list the same, in that order). */
export function localMids(sdp: string): string[] {
  return [...sdp.matchAll(/^a=mid:(\S+)/gm)].map((match) => match[1] ?? '');
}
