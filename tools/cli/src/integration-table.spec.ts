import { integrationTable } from './integration-table';

describe('integrations list --format table', () => {
  it('shows one line per integration: owner, health and the last deliveries, with words for what is missing', () => {
    const table = integrationTable({
      integrations: [
        { id: 'int_a', name: 'payments alerts', source: 'alertmanager', enabled: true, owner: 'payments', health: 'failing', lastAcceptedAt: '2026-01-01T00:00:00.000Z', lastRefusedAt: '2026-01-02T00:00:00.000Z', extra: 1 },
        { id: 'int_b', name: 'old', source: 'grafana', enabled: false, owner: null, health: 'ok', lastAcceptedAt: null, lastRefusedAt: null },
      ],
    });

    expect(table.split('\n')).toEqual([
      'ID     NAME             SOURCE        OWNER     HEALTH    LAST ACCEPTED             LAST REFUSED',
      'int_a  payments alerts  alertmanager  payments  failing   2026-01-01T00:00:00.000Z  2026-01-02T00:00:00.000Z',
      'int_b  old              grafana       -         disabled  never                     never',
      '',
    ]);
  });
});
