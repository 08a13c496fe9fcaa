import { createEvent, type IncidentData, type IncidentEvent, type IncidentEventType, topics } from '@hookline/contracts/events';
import { projectIncidentEvent, publicIdOf } from './incident-projection';
import type { PublicIncident } from './public-incident';

const delayMs = 60_000;
const openedAt = new Date('2026-05-01T12:00:00.000Z');
const minutes = (n: number) => new Date(openedAt.getTime() + n * 60_000);

function incidentEvent(type: IncidentEventType, revision: number, data: Partial<IncidentData> = {}, time = openedAt): IncidentEvent {
  return createEvent(
    topics.incident,
    {
      type,
      source: 'spec',
      data: {
        incidentId: '7d3c1b6e-2f4a-4c1e-9a53-0e8f2b6d4a11',
        revision,
        correlationKey: 'int_spec:checkout-api/CheckoutDown',
        title: 'db-primary-7.internal: connection refused',
        status: 'open',
        severity: 'critical',
        service: 'checkout-api',
        tier: 'tier-1',
        team: 'payments',
        component: 'checkout',
        openedAt: openedAt.toISOString(),
        alertCount: 1,
        flapping: false,
        test: false,
        ...data,
      },
    },
    { time },
  );
}

function apply(events: IncidentEvent[], start?: PublicIncident) {
  let incident = start;
  const updates = [];
  for (const event of events) {
    const projection = projectIncidentEvent(incident, event, delayMs);
    if (!projection) continue;
    incident = projection.incident;
    updates.push(...projection.updates);
  }
  return { incident, updates };
}

describe('projectIncidentEvent', () => {
  it('opens a public incident as investigating, with the impact from severity and tier, under an id that is not the internal one', () => {
    const { incident, updates } = apply([incidentEvent('incident.opened', 1)]);

    expect(incident).toMatchObject({ status: 'investigating', components: ['checkout'], impactSince: openedAt, createdAt: openedAt });
    expect(incident?.id).toBe(publicIdOf('7d3c1b6e-2f4a-4c1e-9a53-0e8f2b6d4a11'));
    expect(incident?.id).not.toBe('7d3c1b6e-2f4a-4c1e-9a53-0e8f2b6d4a11');
    expect(incident?.name).toBeUndefined();
    expect(updates).toEqual([expect.objectContaining({ kind: 'opened', status: 'investigating', at: openedAt, impact: { checkout: 'major_outage' } })]);
  });

  it('never keeps the alert text that the event carries as its title', () => {
    const { incident, updates } = apply([incidentEvent('incident.opened', 1)]);

    expect(JSON.stringify({ incident, updates })).not.toContain('db-primary-7');
  });

  it('resolves with the time the incident resolved and puts the component back to operational', () => {
    const { incident, updates } = apply([
      incidentEvent('incident.opened', 1),
      incidentEvent('incident.resolved', 2, { status: 'resolved', resolvedAt: minutes(30).toISOString() }, minutes(31)),
    ]);

    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: minutes(30) });
    expect(updates.at(-1)).toMatchObject({ kind: 'resolved', status: 'resolved', at: minutes(30), impact: { checkout: 'operational' } });
  });

  it('ignores a revision it already applied, a test incident and an incident on no component', () => {
    const opened = apply([incidentEvent('incident.opened', 1), incidentEvent('incident.updated', 2, { severity: 'warning' }, minutes(5))]);

    expect(projectIncidentEvent(opened.incident, incidentEvent('incident.opened', 1), delayMs)).toBeUndefined();
    expect(projectIncidentEvent(opened.incident, incidentEvent('incident.updated', 2, { severity: 'error' }, minutes(6)), delayMs)).toBeUndefined();
    expect(projectIncidentEvent(undefined, incidentEvent('incident.opened', 1, { test: true }), delayMs)).toBeUndefined();
    expect(projectIncidentEvent(undefined, incidentEvent('incident.opened', 1, { component: undefined }), delayMs)).toBeUndefined();
  });

  it('records a change of impact when the severity changes while the incident is open', () => {
    const { updates } = apply([incidentEvent('incident.opened', 1, { severity: 'warning' }), incidentEvent('incident.updated', 2, {}, minutes(10))]);

    expect(updates.map((update) => [update.kind, update.impact])).toEqual([
      ['opened', { checkout: 'degraded_performance' }],
      ['impact', { checkout: 'major_outage' }],
    ]);
  });

  it('starts the publish delay when an info incident first gets public impact', () => {
    const info = apply([incidentEvent('incident.opened', 1, { severity: 'info' })]);
    const raised = apply([incidentEvent('incident.updated', 2, { severity: 'error' }, minutes(20))], info.incident);

    expect(info.incident?.impactSince).toBeUndefined();
    expect(raised.incident?.impactSince).toEqual(minutes(20));
  });

  it('never overwrites the status a person set, even when the alerts resolve', () => {
    const opened = apply([incidentEvent('incident.opened', 1)]);
    const byPerson: PublicIncident = { ...(opened.incident as PublicIncident), status: 'monitoring', statusSetBy: 'person', personPostedAt: minutes(5) };

    const { incident, updates } = apply([incidentEvent('incident.resolved', 2, { status: 'resolved', resolvedAt: minutes(9).toISOString() })], byPerson);

    expect(incident).toMatchObject({ status: 'monitoring', source: { status: 'resolved', revision: 2 } });
    expect(incident?.resolvedAt).toBeUndefined();
    expect(updates).toEqual([]);
  });

  it('gives a reopened incident that never reached the page a fresh delay, and one that did none', () => {
    const quick = apply([
      incidentEvent('incident.opened', 1),
      incidentEvent('incident.resolved', 2, { status: 'resolved', resolvedAt: minutes(0.5).toISOString() }),
      incidentEvent('incident.reopened', 3, {}, minutes(10)),
    ]);
    const long = apply([
      incidentEvent('incident.opened', 1),
      incidentEvent('incident.resolved', 2, { status: 'resolved', resolvedAt: minutes(30).toISOString() }),
      incidentEvent('incident.reopened', 3, {}, minutes(40)),
    ]);

    expect(quick.incident).toMatchObject({ status: 'investigating', impactSince: minutes(10) });
    expect(long.incident).toMatchObject({ status: 'investigating', impactSince: openedAt });
    expect(long.updates.at(-1)).toMatchObject({ kind: 'reopened', at: minutes(40), impact: { checkout: 'major_outage' } });
  });

  it('builds the whole story from a late first event, so a missed open loses nothing public', () => {
    const { incident, updates } = apply([incidentEvent('incident.resolved', 3, { status: 'resolved', resolvedAt: minutes(45).toISOString() })]);

    expect(incident).toMatchObject({ status: 'resolved', createdAt: openedAt, resolvedAt: minutes(45) });
    expect(updates.map((update) => [update.kind, update.at])).toEqual([
      ['opened', openedAt],
      ['resolved', minutes(45)],
    ]);
  });
});
