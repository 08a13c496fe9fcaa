import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Metrics } from './metrics';

// promtool is Prometheus's own checker (Debian's `prometheus` package, installed by npm test).
const promtool = '/usr/bin/promtool';
const rulesDir = join(__dirname, '..', '..', '..', '..', 'deploy', 'prometheus');

function promtoolCheckMetrics(exposition: string): { ok: boolean; problems: string } {
  const result = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  return { ok: result.status === 0, problems: `${result.stdout}${result.stderr}`.trim() };
}

describe('Prometheus checks of what Hookline ships', () => {
  it('serves a metrics exposition promtool finds nothing wrong with, including the gauges read at scrape time', async () => {
    const metrics = new Metrics('spec');
    metrics.counter('spec_events_total', 'Events seen by the spec', ['outcome']).inc({ outcome: 'processed' });
    metrics.histogram('spec_duration_seconds', 'How long the spec took').observe(0.2);
    metrics.sampledGauge('spec_backlog', 'Rows waiting in the spec', ['queue'], async () => [{ labels: { queue: 'a' }, value: 3 }]);

    const exposition = await metrics.render();

    expect(promtoolCheckMetrics(exposition)).toEqual({ ok: true, problems: '' });
    expect(exposition).toContain('hookline_spec_backlog{queue="a",service="spec"} 3');
    // prom-client's own `…_total` gauges would fail the check; their per-type gauges remain.
    expect(exposition).not.toMatch(/^# TYPE hookline_nodejs_active_\w+_total gauge$/m);
  });

  it('is the checker the spec relies on: it refuses a gauge named like a counter', () => {
    const result = promtoolCheckMetrics('# HELP x_total a gauge\n# TYPE x_total gauge\nx_total 1\n');

    expect(result.ok).toBe(false);
    expect(result.problems).toContain('non-counter metrics should not have "_total" suffix');
  });

  it('a sampled gauge drops the series its sampler no longer returns', async () => {
    const metrics = new Metrics('spec');
    let queues = ['a', 'b'];
    metrics.sampledGauge('spec_backlog', 'Rows waiting', ['queue'], async () => queues.map((queue) => ({ labels: { queue }, value: 1 })));

    expect(await metrics.render()).toContain('queue="b"');
    queues = ['a'];
    expect(await metrics.render()).not.toContain('queue="b"');
  });

  it('a sampled gauge whose dependency fails reads unknown for that scrape, never 0, and the rest of the exposition still answers', async () => {
    const metrics = new Metrics('spec');
    metrics.counter('spec_events_total', 'Events seen').inc();
    metrics.sampledGauge('spec_backlog', 'Rows waiting', [], () => Promise.reject(new Error('postgres is down')));
    metrics.sampledGauge('spec_lag', 'Events behind', ['partition'], () => Promise.reject(new Error('kafka is down')));

    const exposition = await metrics.render();

    expect(exposition).toContain('hookline_spec_events_total{service="spec"} 1');
    // prom-client writes NaN as "Nan"; Prometheus reads either spelling.
    expect(exposition).toMatch(/^hookline_spec_backlog\{service="spec"\} nan$/im);
    expect(exposition).not.toMatch(/^hookline_spec_lag\{/m);
    expect(promtoolCheckMetrics(exposition).ok).toBe(true);
  });

  it('ships alerting rules that are valid and pass their unit tests (deploy/prometheus)', () => {
    const check = execFileSync(promtool, ['check', 'rules', 'hookline.rules.yml'], { cwd: rulesDir, encoding: 'utf8' });
    const tests = spawnSync(promtool, ['test', 'rules', 'hookline.rules.test.yml'], { cwd: rulesDir, encoding: 'utf8' });

    expect(check).toMatch(/SUCCESS: \d+ rules found/);
    expect({ status: tests.status, output: `${tests.stdout}${tests.stderr}`.trim() }).toEqual({
      status: 0,
      output: expect.stringMatching(/SUCCESS$/),
    });
  });
});
