import { createEvent, type MaintenanceData, topics } from '@hookline/contracts/events';
import { historyColumns, incidentHistoryRow, latestMaintenanceRows, ticketHistoryRow } from './history-rows';
import { IncidentStory } from './incident-story.fixture';
import type { LedgerRates } from './ledger-rates';

const rates: LedgerRates = {
  costPerMinute: (service) => (service === 'checkout-api' ? 450 : undefined),
  severityWeight: (severity) => (severity === 'warning' ? 0.1 : 1),
};

describe('history rows', () => {
  it('records an incident change with the catalog cost and the weight of its severity at that moment', () => {
    const story = new IncidentStory('checkout-api', '2026-03-01T00:00:00.000Z', { severity: 'warning', team: 'payments', component: 'checkout' });
    story.opened();
    const event = story.acknowledged('2026-03-01T00:05:00.000Z', 'alice');

    const row = incidentHistoryRow(event, rates);

    expect(Object.keys(row)).toEqual([...historyColumns]);
    expect(row).toMatchObject({
      source_event_id: event.id,
      source: 'incident',
      change_type: 'incident.acknowledged',
      incident_id: story.incidentId,
      revision: 2,
      occurred_at: '2026-03-01T00:05:00.000Z',
      status: 'acknowledged',
      team: 'payments',
      acknowledged_by: 'alice',
      resolved_at: null,
      cost_per_minute: 450,
      severity_weight: 0.1,
      ticket_id: null,
    });
  });

  it('leaves the cost empty for a service the catalog does not list', () => {
    const story = new IncidentStory('unknown-api', '2026-03-01T00:00:00.000Z');
    expect(incidentHistoryRow(story.opened(), rates).cost_per_minute).toBeNull();
  });

  it('records a ticket change with its external reference and the team it was routed to', () => {
    const event = createEvent(topics.ticket, {
      type: 'ticket.updated',
      source: 'hookline/ticketing',
      data: { ticketId: 'tkt-1', incidentId: 'inc-1', revision: 3, title: 'down', priority: 'P1', status: 'open', team: 'platform', externalRef: { system: 'jira', id: 'OPS-9' } },
    });

    expect(ticketHistoryRow(event)).toMatchObject({
      source: 'ticket',
      incident_id: 'inc-1',
      revision: 3,
      team: 'platform',
      ticket_id: 'tkt-1',
      ticket_system: 'jira',
      ticket_external_id: 'OPS-9',
      ticket_url: null,
      status: null,
    });
  });

  it('keeps only the newest revision of each maintenance window in a batch', () => {
    const window = (maintenanceId: string, revision: number, title: string) => {
      const data: MaintenanceData = { maintenanceId, revision, title, components: ['checkout'], startsAt: '2026-03-01T00:00:00.000Z', endsAt: '2026-03-01T01:00:00.000Z', cancelled: false };
      return createEvent(topics.maintenance, { type: 'maintenance.updated', source: 'hookline/status-page', data });
    };

    const rows = latestMaintenanceRows([window('m1', 2, 'second'), window('m1', 1, 'first'), window('m2', 1, 'other'), window('m1', 3, 'third')]);

    expect(rows.map((row) => [row.maintenance_id, row.revision, row.title])).toEqual([
      ['m1', 3, 'third'],
      ['m2', 1, 'other'],
    ]);
  });
});
