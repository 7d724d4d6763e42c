import { PassThrough } from 'node:stream';
import {
  clusterResponseSchema,
  serverEventSchema,
  serverStatsSchema,
  type ClusterResponse,
  type ServerEvent,
} from '@huddle/shared';
import { serverStats } from '../../metrics/serverStats.js';
import type { Services } from '../../services.js';
import { defineRoute, type ApiRoute } from './route.js';
import { ServerEvents } from './serverEvents.js';

const STATS_INTERVAL_MS = 2_000;

/**
 * The server panel: a load snapshot, a live stream of room events and periodic load snapshots, and (cluster mode)
 * every node with its load.
 */
export function serverRoutes({ pool, rooms, startedAt, log, cluster }: Services): ApiRoute[] {
  let events: ServerEvents | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/cluster',
      summary: "The cluster's nodes with their load (CPU, rooms, peers, consumers) and whether each drains",
      tag: 'server',
      access: 'operator',
      response: clusterResponseSchema,
      handle: (): ClusterResponse =>
        cluster
          ? { mode: 'cluster', nodeId: cluster.nodeId, nodes: cluster.nodes() }
          : { mode: 'single', nodeId: 'local', nodes: [] },
    }),
    defineRoute({
      method: 'get',
      path: '/server',
      summary: 'Server load now: rooms, peers, streams, bytes, and each media worker',
      tag: 'server',
      access: 'operator',
      response: serverStatsSchema,
      handle: () => serverStats(pool, rooms, startedAt),
    }),
    defineRoute({
      method: 'get',
      path: '/events',
      summary: 'Server-Sent Events: room, participant and lobby changes as they happen, load every 2 s',
      tag: 'server',
      access: 'operator',
      response: serverEventSchema,
      responseType: 'text/event-stream',
      handle: ({ ctx }) => {
        const stream = new PassThrough();
        const send = (event: ServerEvent): void => {
          stream.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        };
        const sendStats = (): void => {
          serverStats(pool, rooms, startedAt).then(
            (stats) => send({ type: 'stats', stats }),
            (error: unknown) => log.warn({ err: error }, 'could not gather server stats'),
          );
        };
        events ??= new ServerEvents(rooms);
        const unsubscribe = events.subscribe(send);
        const timer = setInterval(sendStats, STATS_INTERVAL_MS);
        ctx.req.once('close', () => {
          clearInterval(timer);
          unsubscribe();
          stream.end();
        });
        ctx.req.socket.setTimeout(0);
        ctx.type = 'text/event-stream';
        ctx.set('X-Accel-Buffering', 'no');
        stream.write(': connected\n\n');
        sendStats();
        return stream;
      },
    }),
  ];
}
