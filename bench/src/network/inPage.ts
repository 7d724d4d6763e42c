// Code that runs inside the participants' pages. Playwright serializes these functions, so they are self-contained
// (no imports, no module constants) and define no named inner functions or classes: tsx compiles with esbuild's
// keepNames, which would wrap those in a __name() helper that does not exist in the page.

/** The property of `window` under which the init script keeps every RTCPeerConnection the page creates. */
export const REGISTRY_KEY = '__huddleNetbenchPeerConnections';

export type PageOverrides = {
  /** Force this ICE transport policy on every PeerConnection ('relay': TURN only); undefined keeps the page's. */
  iceTransportPolicy: RTCIceTransportPolicy | undefined;
  registryKey: string;
};

/**
 * Init script: replaces window.RTCPeerConnection with a subclass that records each instance, so stats can be read
 * from every PeerConnection the page (mediasoup-client) creates without any help from the app.
 */
export function trackPeerConnections(overrides: PageOverrides): void {
  const created: RTCPeerConnection[] = [];
  const policy = overrides.iceTransportPolicy;
  // A Proxy rather than a subclass: prototype, statics and instanceof stay the browser's own.
  const tracked = new Proxy(window.RTCPeerConnection, {
    construct(target, args, newTarget) {
      const [configuration, ...rest] = args;
      const given = typeof configuration === 'object' && configuration !== null ? configuration : {};
      const forced = policy === undefined ? configuration : { ...given, iceTransportPolicy: policy };
      const connection: RTCPeerConnection = Reflect.construct(target, [forced, ...rest], newTarget);
      created.push(connection);
      return connection;
    },
  });
  Object.defineProperty(window, 'RTCPeerConnection', { value: tracked, configurable: true, writable: true });
  Object.defineProperty(window, overrides.registryKey, { value: created });
}

/** Stat types the harness reads; the rest of each report is left in the page. */
export const WANTED_STAT_TYPES = [
  'inbound-rtp',
  'outbound-rtp',
  'transport',
  'candidate-pair',
  'local-candidate',
  'remote-candidate',
];

export type CollectOptions = { registryKey: string; wantedTypes: readonly string[] };

/**
 * page.evaluate: getStats() of every live PeerConnection, plus which remote participant each received track
 * belongs to (from the web app's <video>/<audio> elements, which carry data-peer-id and data-source).
 */
export async function collectPageStats({ registryKey, wantedTypes }: CollectOptions) {
  const registry: unknown = Reflect.get(window, registryKey);
  const connections = Array.isArray(registry)
    ? registry.filter((entry): entry is RTCPeerConnection => entry instanceof RTCPeerConnection)
    : [];
  const peerConnections = await Promise.all(
    connections.map(async (connection, index) => {
      const stats: unknown[] = [];
      if (connection.connectionState !== 'closed') {
        (await connection.getStats()).forEach((stat: { type?: unknown }) => {
          if (typeof stat.type === 'string' && wantedTypes.includes(stat.type)) stats.push(stat);
        });
      }
      return { index, connectionState: connection.connectionState, stats };
    }),
  );
  const owners = Array.from(document.querySelectorAll('video[data-peer-id], audio[data-peer-id]')).flatMap(
    (element) => {
      if (!(element instanceof HTMLMediaElement) || !(element.srcObject instanceof MediaStream)) return [];
      const { peerId, source, requestedLayer } = element instanceof HTMLElement ? element.dataset : {};
      const renderedWidth = element instanceof HTMLVideoElement ? element.getBoundingClientRect().width : undefined;
      return element.srcObject
        .getTracks()
        .map((track) => ({ trackId: track.id, peerId, source, requestedLayer, renderedWidth }));
    },
  );
  const selfPeerId = document.querySelector('[data-connection-state][data-peer-id]')?.getAttribute('data-peer-id');
  const connection = document.querySelector('[data-connection-state]')?.getAttribute('data-connection-state');
  return { selfPeerId, connection, owners, peerConnections, wallClock: Date.now() };
}
