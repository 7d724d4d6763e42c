import { PeerConnection, type Track } from 'node-datachannel';

/** How long ICE + DTLS against the local SFU may take. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A node-datachannel PeerConnection for one mediasoup transport. Bound to 127.0.0.1: the SFU listens on
 * loopback, and libjuice then gathers one host candidate instead of enumerating every interface.
 */
export function createPeerConnection(name: string): PeerConnection {
  return new PeerConnection(name, { iceServers: [], bindAddress: '127.0.0.1' });
}

/** Resolves when ICE and DTLS are up; rejects if the connection fails or closes first, or takes too long. */
export function connected(pc: PeerConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    // node-datachannel keeps one callback per event and must not be touched once closed (it aborts the
    // process), so the callback stays installed and merely ignores what comes after the outcome.
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`no connection to the SFU within ${CONNECT_TIMEOUT_MS} ms`)),
      CONNECT_TIMEOUT_MS,
    );
    pc.onStateChange((state) => {
      if (state === 'connected') finish();
      else if (state === 'failed' || state === 'closed') finish(new Error(`the connection to the SFU ${state}`));
    });
    if (pc.state() === 'connected') finish();
  });
}

/** Resolves when `track` is open (DTLS-SRTP keys are ready for it). */
export function opened(track: Track): Promise<void> {
  if (track.isOpen()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`track ${track.mid()} did not open within ${CONNECT_TIMEOUT_MS} ms`)),
      CONNECT_TIMEOUT_MS,
    );
    track.onOpen(() => {
      clearTimeout(timer);
      resolve();
    });
    if (track.isOpen()) {
      clearTimeout(timer);
      resolve();
    }
  });
}
