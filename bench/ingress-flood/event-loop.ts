/** The ingress's event-loop delay since the previous scrape, in milliseconds. */
export interface EventLoopDelay {
  p99: number;
  max: number;
}

/**
 * Reads the event-loop delay from the ingress's own `/metrics` (prom-client's
 * default metrics, from `monitorEventLoopDelay`). prom-client resets that
 * histogram at every scrape, so one scrape before a phase and one after give
 * the phase's own figures: a saturated loop shows here before it shows as
 * webhook latency.
 */
export async function scrapeEventLoopDelay(baseUrl: string): Promise<EventLoopDelay | undefined> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
    if (response.status !== 200) return undefined;
    const text = await response.text();
    const seconds = (name: string): number => Number(new RegExp(`^hookline_nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
    const delay = { p99: seconds('p99') * 1000, max: seconds('max') * 1000 };
    return Number.isFinite(delay.p99) ? delay : undefined;
  } catch {
    return undefined;
  }
}
