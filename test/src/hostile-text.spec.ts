import { eventually, senderFixture, uniqueName } from '@hookline/testing';
import type { IncidentJson } from './support/pipeline-client';
import { type IngressProcess, startIngressProcess } from './support/ingress-process';
import { type IsolatedDeployment, startIsolatedDeployment } from './support/isolated-deployment';
import { type ServiceProcess, startServiceProcess } from './support/service-process';

// No alert is lost to its text: an Alertmanager delivery whose labels and
// annotations hold a NUL and a lone surrogate (which Postgres cannot store)
// is made safe at the door and still opens an incident, with the fact on it.

describe('an alert whose text Postgres cannot store', () => {
  const run = uniqueName('hostile-text');
  let ingress: IngressProcess;
  let correlator: ServiceProcess;
  let deployment: IsolatedDeployment;

  beforeAll(async () => {
    deployment = await startIsolatedDeployment();
    ingress = await startIngressProcess({ deployment, instance: run });
    correlator = await startServiceProcess({
      service: 'correlator',
      instance: run,
      deployment,
      env: { HOOKLINE_ADMIN_TOKEN: ingress.secrets.adminToken, CORRELATOR_TIMER_INTERVAL_MS: '1000' },
    });
  }, 180_000);

  afterAll(async () => {
    await correlator?.stop();
    await ingress?.stop();
    await deployment?.drop();
  });

  async function incidentsOf(service: string): Promise<IncidentJson[]> {
    const response = await fetch(`${correlator.url}/api/incidents?service=${encodeURIComponent(service)}`, {
      headers: { authorization: `Bearer ${ingress.secrets.adminToken}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { incidents: IncidentJson[] }).incidents;
  }

  it('opens an incident, its text made safe, instead of dead-lettering it', async () => {
    const service = `${run}-db`;
    const { id, secret } = await ingress.createIntegration({ name: run, source: 'alertmanager', auth: { scheme: 'bearer' } });
    const payload = senderFixture('alertmanager-two-alerts-firing');
    const [first] = payload['alerts'] as Record<string, unknown>[];
    const hostile = {
      ...payload,
      groupKey: `{}:{run="${run}"}`,
      alerts: [
        {
          ...first,
          labels: { ...(first?.['labels'] as Record<string, string>), service, instance: 'db-1\u0000:9100' },
          annotations: { summary: 'Disk full \ud83d on db-1', description: 'bell\u0007 rang' },
        },
      ],
    };

    const response = await fetch(`${ingress.url}/webhooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify(hostile),
    });

    expect(response.status).toBe(202);
    const [incident] = await eventually(async () => {
      const incidents = await incidentsOf(service);
      expect(incidents).toHaveLength(1);
      return incidents;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    expect(incident).toMatchObject({ status: 'open', service });
    expect(JSON.stringify(incident)).not.toMatch(/\\u0000|\\ud83d(?!\\ud[c-f])/);
  });
});
