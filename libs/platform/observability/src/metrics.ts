import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { withTimeout } from './readiness';

// Longer than a readiness probe's 2 s, so a hung dependency still reads as a failed check (0), and well inside a 10 s scrape timeout.
const sampleTimeoutMs = 5_000;

/**
 * One Prometheus registry per service process. Metric names are prefixed
 * `hookline_` and labelled with the service through the registry's default
 * labels, so the same metric from five apps stays distinguishable.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'hookline_' });
    this.removeTotalGauges();
  }

  counter<Label extends string>(name: string, help: string, labelNames: readonly Label[] = []): Counter<Label> {
    return this.existing<Counter<Label>>(name) ?? new Counter({ name: `hookline_${name}`, help, labelNames, registers: [this.registry] });
  }

  gauge<Label extends string>(name: string, help: string, labelNames: readonly Label[] = []): Gauge<Label> {
    return this.existing<Gauge<Label>>(name) ?? new Gauge({ name: `hookline_${name}`, help, labelNames, registers: [this.registry] });
  }

  /**
   * A gauge read when Prometheus scrapes (a backlog, a readiness check):
   * `sample` returns every series' current value, and series it no longer
   * returns disappear instead of keeping their last value. A sampler that
   * fails or takes longer than `sampleTimeoutMs` (its dependency is down)
   * leaves the gauge without series for that scrape (a gauge without labels,
   * which always has its one series, reads NaN: unknown, never a reassuring
   * 0), and the rest of /metrics still answers, which is when it matters most.
   */
  sampledGauge<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[],
    sample: () => Promise<readonly { labels: Partial<Record<Label, string>>; value: number }[]>,
  ): Gauge<Label> {
    return (
      this.existing<Gauge<Label>>(name) ??
      new Gauge({
        name: `hookline_${name}`,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          const values = await withTimeout(sample(), sampleTimeoutMs, `${name} was not sampled in time`).catch(() => undefined);
          this.reset();
          if (values === undefined) {
            if (labelNames.length === 0) this.set(Number.NaN);
            return;
          }
          for (const { labels, value } of values) this.set(labels, value);
        },
      })
    );
  }

  histogram<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[] = [],
    buckets: number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  ): Histogram<Label> {
    return (
      this.existing<Histogram<Label>>(name) ??
      new Histogram({ name: `hookline_${name}`, help, labelNames, buckets, registers: [this.registry] })
    );
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * prom-client also serves the sums of its `nodejs_active_{handles,requests,resources}`
   * gauges as gauges named `…_total`, a suffix Prometheus reserves for counters
   * (`promtool check metrics` refuses them). The per-type gauges stay; their
   * `sum()` is the same figure.
   */
  private removeTotalGauges(): void {
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(`hookline_${name}`);
    }
  }

  // Two components asking for the same metric share it instead of crashing on a duplicate registration.
  private existing<T>(name: string): T | undefined {
    return this.registry.getSingleMetric(`hookline_${name}`) as T | undefined;
  }
}
