/**
 * An init script for the join-speed benchmark: it runs in the page before any of the page's code, so it is
 * self-contained, and it declares no named function, class or function-valued constant (tsx would wrap those in
 * a helper the page lacks).
 * It records, in ms since navigation start, when the page did what on its way to the first remote video frame:
 * signaling (socket opened, each request sent and answered, the first of each notification), getUserMedia, and the
 * first frame a remote tile video rendered. Nothing in the app is changed to measure it.
 */
export function installJoinTrace(): void {
  const trace: { events: Array<{ at: number; what: string }>; firstFrameAt?: number } = { events: [] };
  Object.assign(window, { __joinTrace: trace });
  const seen = new Set<string>();
  const methods = new Map<number, string>();
  const tracer = {
    mark(what: string): void {
      if (seen.has(what)) return;
      seen.add(what);
      trace.events.push({ at: performance.now(), what });
    },
    count(entry: Record<string, unknown>, field: string): number {
      const value = entry[field];
      return typeof value === 'number' ? value : 0;
    },
    frame(text: unknown): Record<string, unknown> | undefined {
      if (typeof text !== 'string') return undefined;
      const frame: unknown = JSON.parse(text);
      return typeof frame === 'object' && frame !== null ? { ...frame } : undefined;
    },
    watchVideos(): void {
      for (const video of Array.from(document.querySelectorAll<HTMLVideoElement>('video[data-consumer-id]'))) {
        if (watched.has(video)) continue;
        watched.add(video);
        tracer.mark('remote video element');
        video.requestVideoFrameCallback((now: number) => {
          trace.firstFrameAt ??= now;
          tracer.mark('first remote frame');
        });
      }
    },
  };
  const watched = new WeakSet<HTMLVideoElement>();

  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data) {
    const frame = tracer.frame(data);
    if (typeof frame?.id === 'number' && typeof frame.method === 'string') {
      methods.set(frame.id, frame.method);
      tracer.mark(`→ ${frame.method}`);
    }
    send.call(this, data);
  };
  window.WebSocket = new Proxy(WebSocket, {
    construct(target, args: ConstructorParameters<typeof WebSocket>) {
      const socket = new target(...args);
      tracer.mark('socket created');
      socket.addEventListener('open', () => tracer.mark('socket open'));
      socket.addEventListener('message', (event: MessageEvent<unknown>) => {
        const frame = tracer.frame(event.data);
        if (typeof frame?.notification === 'string') tracer.mark(`← ${frame.notification}`);
        if (typeof frame?.id === 'number') tracer.mark(`← ${methods.get(frame.id) ?? '?'} reply`);
      });
      return socket;
    },
  });

  let connections = 0;
  window.RTCPeerConnection = new Proxy(RTCPeerConnection, {
    construct(target, args: ConstructorParameters<typeof RTCPeerConnection>) {
      const pc = new target(...args);
      const index = ++connections;
      tracer.mark(`peer connection ${index} created`);
      pc.addEventListener('connectionstatechange', () => tracer.mark(`peer connection ${index} ${pc.connectionState}`));
      const poll = setInterval(() => {
        if (pc.connectionState === 'closed' || trace.firstFrameAt !== undefined) {
          clearInterval(poll);
          return;
        }
        void pc.getStats().then((report) => {
          report.forEach((entry: Record<string, unknown>) => {
            if (entry.type !== 'inbound-rtp' || entry.kind !== 'video') return;
            if (tracer.count(entry, 'packetsReceived') > 0) tracer.mark('first video packet received');
            const requests = tracer.count(entry, 'pliCount') + tracer.count(entry, 'firCount');
            if (requests > 0) tracer.mark('key frame requested by the browser');
            if (tracer.count(entry, 'framesDecoded') > 0) tracer.mark('first video frame decoded');
          });
        });
      }, 20);
      return pc;
    },
  });

  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const device = constraints?.video ? 'camera' : 'mic';
    tracer.mark(`getUserMedia ${device} start`);
    const stream = await getUserMedia(constraints);
    tracer.mark(`getUserMedia ${device} done`);
    return stream;
  };

  addEventListener('load', () => {
    // When the page and its script arrived (the rest of the page's first second is parsing and running it).
    for (const entry of performance.getEntriesByType('navigation')) {
      if (entry instanceof PerformanceNavigationTiming)
        trace.events.push({ at: entry.responseEnd, what: 'page received' });
    }
    for (const entry of performance.getEntriesByType('resource')) {
      if (entry instanceof PerformanceResourceTiming && /\/assets\/index-[^/]*\.js$/.test(entry.name)) {
        trace.events.push({ at: entry.responseEnd, what: 'app script received' });
      }
    }
  });
  document.addEventListener('DOMContentLoaded', () => {
    tracer.mark('DOMContentLoaded');
    new MutationObserver(() => tracer.watchVideos()).observe(document.body, { childList: true, subtree: true });
  });
}
