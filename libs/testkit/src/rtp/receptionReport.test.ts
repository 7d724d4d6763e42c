import { describe, expect, it } from 'vitest';
import { ReceptionReport } from './receptionReport.js';

describe('ReceptionReport', () => {
  it('reports the interval loss as a fraction of 256 and the cumulative loss', () => {
    const report = new ReceptionReport(5, 90000);
    const first = report.block({ received: 90, expected: 100, extendedHighest: 99 }, 0);
    expect(first).toMatchObject({ ssrc: 5, fractionLost: 25, cumulativeLost: 10, extendedHighestSequence: 99 });
    const second = report.block({ received: 190, expected: 200, extendedHighest: 199 }, 1000);
    expect(second).toMatchObject({ fractionLost: 0, cumulativeLost: 10 });
  });

  it('has no jitter for evenly paced packets and some for uneven ones', () => {
    const even = new ReceptionReport(1, 90000);
    const uneven = new ReceptionReport(1, 90000);
    for (let index = 0; index < 50; index++) {
      even.packet(index * 6000, index * (1000 / 15));
      uneven.packet(index * 6000, index * (1000 / 15) + (index % 2) * 10);
    }
    const counts = { received: 50, expected: 50, extendedHighest: 49 };
    expect(even.block(counts, 0).jitter).toBeLessThan(1e-6);
    expect(uneven.block(counts, 0).jitter).toBeGreaterThan(400); // ~10 ms at 90 kHz is 900
  });

  it('echoes the last Sender Report and the delay since it in 1/65536 s', () => {
    const report = new ReceptionReport(1, 48000);
    const counts = { received: 1, expected: 1, extendedHighest: 0 };
    expect(report.block(counts, 0)).toMatchObject({ lastSenderReport: 0, delaySinceLastSenderReport: 0 });
    report.senderReport(0x12345678, 1000);
    expect(report.block(counts, 1250)).toMatchObject({
      lastSenderReport: 0x12345678,
      delaySinceLastSenderReport: 16384,
    });
  });
});
