import { ReadinessChecks } from './readiness';

describe('ReadinessChecks', () => {
  it('is ready when every probe answers', async () => {
    const checks = new ReadinessChecks();
    checks.register({ name: 'kafka', check: async () => undefined });
    checks.register({ name: 'postgres', check: async () => undefined });

    const report = await checks.run();

    expect(report.ready).toBe(true);
    expect(Object.keys(report.checks)).toEqual(['kafka', 'postgres']);
  });

  it('is not ready and names the failing dependency when one probe fails', async () => {
    const checks = new ReadinessChecks();
    checks.register({ name: 'kafka', check: async () => undefined });
    checks.register({ name: 'postgres', check: async () => Promise.reject(new Error('connection refused')) });

    const report = await checks.run();

    expect(report.ready).toBe(false);
    expect(report.checks['postgres']).toMatchObject({ ok: false, error: 'connection refused' });
    expect(report.checks['kafka']).toMatchObject({ ok: true });
  });

  it('treats a probe that hangs as failed after the timeout', async () => {
    const checks = new ReadinessChecks(50);
    checks.register({ name: 'kafka', check: () => new Promise(() => undefined) });

    const report = await checks.run();

    expect(report.checks['kafka']).toMatchObject({ ok: false, error: 'kafka did not answer within 50 ms' });
  });
});
