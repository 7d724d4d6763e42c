import type { SignalSocketConstructor } from '@huddle/client';
import WebSocket from 'ws';

/**
 * The `ws` package's WebSocket for the client SDK (Node 20 has none of its own), made to remember the socket it
 * opened: tests cut it (`terminate()`, as a killed process would), stop reading from it (`pause()`), or listen to
 * its raw frames.
 */
export function recordingWebSocket(): { WebSocket: SignalSocketConstructor; opened: () => WebSocket | undefined } {
  const opened: WebSocket[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      opened.push(this);
    }
  }
  return { WebSocket: RecordingWebSocket, opened: () => opened.at(-1) };
}
