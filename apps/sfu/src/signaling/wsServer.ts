import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { SignalingConnection, type ConnectionDeps } from './connection.js';

export const SIGNALING_PATH = '/ws';

/** Hard cap per frame at the socket layer; the protocol's own (smaller) limit answers with FRAME_TOO_LARGE. */
const SOCKET_MAX_PAYLOAD = 1_048_576;

export type SignalingServer = { close(): void; readonly connections: number };

/** WebSocket signaling on the HTTP server's `/ws`, with a ping/pong heartbeat that drops dead sockets. */
export function startSignaling(server: Server, deps: ConnectionDeps): SignalingServer {
  const wss = new WebSocketServer({ server, path: SIGNALING_PATH, maxPayload: SOCKET_MAX_PAYLOAD });
  const connections = new Set<SignalingConnection>();
  let nextConnection = 1;

  wss.on('connection', (socket, request) => {
    const log = deps.log.child({ conn: nextConnection++ });
    const connection = new SignalingConnection(socket, deps, log);
    connections.add(connection);
    socket.once('close', (code) => {
      connections.delete(connection);
      log.debug({ code }, 'signaling socket closed');
    });
    log.debug({ remote: request.socket.remoteAddress }, 'signaling socket opened');
  });
  wss.on('error', (error) => deps.log.error({ err: error }, 'signaling server error'));

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.ping()) connection.terminate();
    }
  }, deps.config.signaling.heartbeatIntervalMs);

  return {
    get connections() {
      return connections.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const connection of connections) connection.terminate();
      wss.close();
    },
  };
}
