import type { SignalSocketConstructor } from '@huddle/client';
import WebSocket from 'ws';

/**
 * The `ws` package's WebSocket for the client SDK (Node 20 has none of its own), made to remember the socket it
 * opened: tests cut it (`terminate()`, as a killed process would), stop reading from it (`pause()`), or listen to
 * its raw frames.
 */
export function recordingWebSocket(): { WebSocket: SignalSocketConstructor; opened: () => WebSocket | undefined } {
  let last: WebSocket | undefined;
  class RecordingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      last = this;
    }
  }
  return { WebSocket: RecordingWebSocket, opened: () => last };
}
