import { performance } from 'node:perf_hooks';

/**
 * Calls `send(index, scheduledAt)` for `total` slots at `rate` a second,
 * open loop: each slot fires on its schedule whether or not earlier sends
 * have finished, and `scheduledAt` (epoch ms, this machine's clock,
 * sub-millisecond) is when it was due, not when the timer got round to it.
 * A stalled pipeline therefore shows as latency counted from `scheduledAt`
 * instead of slowing the sender down (coordinated omission). Resolves when
 * every send has settled.
 */
export async function sendOpenLoop(rate: number, total: number, send: (index: number, scheduledAt: number) => Promise<void>): Promise<void> {
  const intervalMs = 1000 / rate;
  const start = performance.now() + 20;
  const pending: Promise<void>[] = [];
  await new Promise<void>((allSent) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) {
        const index = next++;
        pending.push(send(index, performance.timeOrigin + start + index * intervalMs));
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      else allSent();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(pending);
}
