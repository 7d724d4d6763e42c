import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Services } from '../services.js';
import { countMedia, transportBytes, workerLoads } from './mediaStats.js';

/**
 * The Prometheus registry behind `GET /metrics`: Node's default process metrics (event-loop lag included) and
 * Huddle's own gauges, each read from the live objects at scrape time.
 */
export function createMetrics({ pool, rooms, signalingConnections }: Services): Registry {
  const register = new Registry();
  const registers = [register];
  collectDefaultMetrics({ register });

  new Gauge({
    name: 'huddle_rooms',
    help: 'Rooms with a running call',
    registers,
    collect() {
      this.set(rooms.rooms.size);
    },
  });
  new Gauge({
    name: 'huddle_peers',
    help: 'Participants in calls',
    registers,
    collect() {
      this.set(rooms.peerCount);
    },
  });
  new Gauge({
    name: 'huddle_signaling_connections',
    help: 'Signaling WebSockets open',
    registers,
    collect() {
      this.set(signalingConnections());
    },
  });
  new Gauge({
    name: 'huddle_worker_consumers',
    help: "Consumers on each mediasoup worker (pipe consumers included), counted from mediasoup's observer events",
    labelNames: ['worker'],
    registers,
    collect() {
      this.reset();
      for (const worker of pool.workers) this.set({ worker: String(worker.index) }, worker.consumers);
    },
  });
  new Gauge({
    name: 'huddle_producers',
    help: 'Media producers (streams sent by participants)',
    registers,
    collect() {
      this.set(countMedia(rooms).producers);
    },
  });
  new Gauge({
    name: 'huddle_consumers',
    help: 'Media consumers (streams sent to participants)',
    registers,
    collect() {
      this.set(countMedia(rooms).consumers);
    },
  });
  new Gauge({
    name: 'huddle_transport_bytes',
    help: 'Bytes received from (in) and sent to (out) participants over their current WebRTC transports',
    labelNames: ['direction'],
    registers,
    async collect() {
      const bytes = await transportBytes(rooms);
      this.set({ direction: 'in' }, bytes.in);
      this.set({ direction: 'out' }, bytes.out);
    },
  });
  new Gauge({
    name: 'huddle_worker_cpu_seconds',
    help: 'CPU time (user + system) used by each mediasoup worker process since it started',
    labelNames: ['worker'],
    registers,
    async collect() {
      const loads = await workerLoads(pool);
      this.reset();
      for (const load of loads) this.set({ worker: String(load.index) }, load.cpuSeconds);
    },
  });
  new Gauge({
    name: 'huddle_workers_alive',
    help: 'mediasoup workers running, of huddle_workers_configured',
    registers,
    collect() {
      this.set(pool.workers.length);
    },
  });
  new Gauge({
    name: 'huddle_workers_configured',
    help: 'mediasoup workers configured',
    registers,
    collect() {
      this.set(pool.size);
    },
  });
  return register;
}
