export type LivenessOptions = {
  /** Ping once the socket has been silent this long (ms); 1.5 s by default. */
  idleMs: number;
  /** A ping unanswered this long (ms) means the socket is dead; 2.5 s by default. */
  timeoutMs: number;
};

const DEFAULTS: LivenessOptions = { idleMs: 1_500, timeoutMs: 2_500 };
/** How often idleness is checked: a dead socket is noticed within idleMs + CHECK_MS + timeoutMs. */
const CHECK_MS = 500;

export type LivenessProbe = {
  /** How long (ms) since the last frame arrived. */
  idleFor(): number;
  /** Sends a ping that fails after `timeoutMs`; the signal client treats that failure as a dead socket. */
  ping(timeoutMs: number): Promise<void>;
};

/**
 * App-level liveness for the signaling socket. Browsers answer the server's WebSocket pings by themselves but
 * tell the page nothing, so a half-open socket (laptop asleep, Wi-Fi changed, server frozen) would look fine for
 * minutes: an idle socket is pinged instead, and the ping's timeout makes the signal client drop the socket.
 */
export class Liveness {
  readonly #options: LivenessOptions;
  readonly #probe: LivenessProbe;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight = false;

  constructor(options: Partial<LivenessOptions> | undefined, probe: LivenessProbe) {
    this.#options = { ...DEFAULTS, ...options };
    this.#probe = probe;
  }

  start(): void {
    this.stop();
    this.#timer = setInterval(() => this.#check(), CHECK_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#inFlight = false;
  }

  #check(): void {
    if (this.#inFlight || this.#probe.idleFor() < this.#options.idleMs) return;
    this.#inFlight = true;
    const timer = this.#timer;
    this.#probe.ping(this.#options.timeoutMs).then(
      () => {
        if (this.#timer === timer) this.#inFlight = false;
      },
      () => {
        // A failed ping means the socket is gone (the signal client has dropped it) or is going: stop here.
        if (this.#timer === timer) this.#inFlight = false;
      },
    );
  }
}
