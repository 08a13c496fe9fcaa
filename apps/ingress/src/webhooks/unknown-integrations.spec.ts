import { Metrics } from '@hookline/platform/observability';
import { UnknownIntegrations, unknownIntegrationSampleSize } from './unknown-integrations';

describe('UnknownIntegrations', () => {
  it('counts every request and keeps, per id, its count, first and last time and last source address', async () => {
    const metrics = new Metrics('spec');
    const unknown = new UnknownIntegrations(metrics);

    unknown.note('int_gone', '192.0.2.1', Date.UTC(2026, 0, 1));
    unknown.note('int_typo', '192.0.2.9', Date.UTC(2026, 0, 2));
    unknown.note('int_gone', '192.0.2.2', Date.UTC(2026, 0, 3));

    expect(unknown.sample()).toEqual([
      { integrationId: 'int_gone', requests: 2, firstSeenAt: '2026-01-01T00:00:00.000Z', lastSeenAt: '2026-01-03T00:00:00.000Z', lastSourceIp: '192.0.2.2' },
      { integrationId: 'int_typo', requests: 1, firstSeenAt: '2026-01-02T00:00:00.000Z', lastSeenAt: '2026-01-02T00:00:00.000Z', lastSourceIp: '192.0.2.9' },
    ]);
    expect(await metrics.render()).toMatch(/^hookline_ingress_unknown_integration_requests_total\{service="spec"\} 3$/m);
  });

  it('keeps only the most recently seen ids, however many are tried', () => {
    const unknown = new UnknownIntegrations(new Metrics('spec'));
    let now = 0;
    unknown.note('int_regular', '192.0.2.1', now);
    unknown.note('int_once', '192.0.2.1', now);
    const probe = (count: number) => {
      for (let n = 0; n < count; n += 1) unknown.note(`int_probe${(now += 1)}`, '192.0.2.66', now);
    };
    probe(unknownIntegrationSampleSize - 2);
    unknown.note('int_regular', '192.0.2.1', (now += 1));
    probe(unknownIntegrationSampleSize / 2);

    const ids = unknown.sample().map((entry) => entry.integrationId);
    expect(ids).toHaveLength(unknownIntegrationSampleSize);
    expect(ids[0]).toBe(`int_probe${now}`);
    // Seen again, it outlives probes older than its last request; the id seen once did not.
    expect(ids).toContain('int_regular');
    expect(ids).not.toContain('int_once');
  });

  it('keeps an id only as long as 200 characters, with what cannot be stored replaced', () => {
    const unknown = new UnknownIntegrations(new Metrics('spec'));
    unknown.note(`int_\u0000${'x'.repeat(500)}`, '192.0.2.1', 0);

    const [entry] = unknown.sample();
    expect(entry?.integrationId).toHaveLength(200);
    expect(entry?.integrationId).not.toContain('\u0000');
  });
});
