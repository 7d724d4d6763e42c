import { progress } from '../progress.js';
import type { SfuUnderTest } from '../sfuUnderTest.js';
import { measureWindow, sleep, type WindowResult } from './window.js';

export type ForwardingOptions = { steps: number[]; warmUpMs: number; windowMs: number };

/** One publisher, N = steps[i] receivers, the SFU uncapped: its cost per subscriber as N grows. */
export async function runForwarding(sfu: SfuUnderTest, options: ForwardingOptions): Promise<WindowResult[]> {
  const results: WindowResult[] = [];
  await sfu.start();
  try {
    await sfu.startPublisher();
    let receivers = 0;
    for (const target of options.steps) {
      await sfu.addReceivers(target - receivers);
      receivers = target;
      await sleep(options.warmUpMs);
      const result = await measureWindow(sfu, options.windowMs);
      progress('forwarding.step', {
        sfu: sfu.name,
        receivers,
        cpu: result.cpuPercent.toFixed(1),
        perReceiver: result.cpuPercentPerReceiver.toFixed(3),
        loss: (result.lossRate * 100).toFixed(2),
        kbps: result.receiverKbps.toFixed(0),
      });
      results.push(result);
    }
  } finally {
    await sfu.stop();
  }
  return results;
}
