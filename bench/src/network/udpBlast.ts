// Sends UDP datagrams to HOST:PORT at RATE kbit/s for SECONDS, then exits: offered load above a cap, to check that
// the cap holds. Run by capCheck.ts, inside the namespace for the uplink.
//   udpBlast.ts HOST PORT RATE_KBPS SECONDS
import { createSocket } from 'node:dgram';

const [host, port, rateKbps, seconds] = process.argv.slice(2);
const target = { host: host ?? '', port: Number(port), rate: Number(rateKbps), ms: Number(seconds) * 1000 };
if (!target.host || !Number.isInteger(target.port) || !(target.rate > 0) || !(target.ms > 0)) {
  process.stderr.write('usage: udpBlast.ts HOST PORT RATE_KBPS SECONDS\n');
  process.exit(2);
}
const PAYLOAD = Buffer.alloc(1200);
const TICK_MS = 5;
const perTick = (target.rate * 1000 * (TICK_MS / 1000)) / 8 / PAYLOAD.length;
const socket = createSocket('udp4');
// Port-unreachable answers surface as socket errors: expected, nothing listens there.
socket.on('error', () => undefined);
const started = Date.now();
let sent = 0;
const timer = setInterval(() => {
  const due = Math.floor(((Date.now() - started) / TICK_MS) * perTick);
  for (; sent < due; sent++) socket.send(PAYLOAD, target.port, target.host);
  if (Date.now() - started >= target.ms) {
    clearInterval(timer);
    socket.close();
  }
}, TICK_MS);
