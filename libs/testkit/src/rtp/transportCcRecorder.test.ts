import { describe, expect, it } from 'vitest';
import { parseTransportCcFeedback } from './transportCc.js';
import { TransportCcRecorder } from './transportCcRecorder.js';

describe('TransportCcRecorder', () => {
  it('reports each packet once, gaps as missing, across the 16-bit wraparound', () => {
    const recorder = new TransportCcRecorder(1);
    recorder.record(65534, 100);
    recorder.record(0, 102); // 65535 missing
    const first = parseTransportCcFeedback(recorder.feedback(2) ?? Buffer.alloc(0));
    expect(first?.baseSequence).toBe(65534);
    expect(first?.arrivals.map((arrival) => arrival !== undefined)).toEqual([true, false, true]);
    expect(recorder.feedback(2)).toBeUndefined();
    recorder.record(65535, 103); // too late: already reported missing
    recorder.record(2, 110);
    const second = parseTransportCcFeedback(recorder.feedback(2) ?? Buffer.alloc(0));
    expect(second?.baseSequence).toBe(1);
    expect(second?.feedbackCount).toBe(1);
    expect(second?.arrivals.map((arrival) => arrival !== undefined)).toEqual([false, true]);
  });
});
