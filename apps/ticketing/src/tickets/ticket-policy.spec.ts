import { specCatalog, IncidentScript } from '../testing/ticketing-fixtures';
import { applyIncidentEvent } from './ticket-lifecycle';
import { CatalogTicketPolicy } from './ticket-policy';

// Priority, team and assignee as a new ticket gets them, through the whole
// path an incident event takes (routing, rotation, overrides), with the spec
// catalog: payments rotates weekly alice → bob → chen, Mondays 09:00 Berlin
// time, from 2026-01-05; platform weekly farah → gus, Wednesdays 10:00 London.

const policy = new CatalogTicketPolicy(specCatalog(), { defaultTier: 'tier-2' });

/** The ticket an incident opened at `at` gets. */
function ticketOpenedAt(at: string, incident: ConstructorParameters<typeof IncidentScript>[0] = {}) {
  const script = new IncidentScript(incident, Date.parse(at));
  const change = applyIncidentEvent(undefined, script.next('incident.opened', {}, 0), policy);
  if (!change) throw new Error('no ticket was opened');
  return { ...change.ticket, firstComment: change.comments[0]?.body };
}

describe('ticket assignment through the rotation', () => {
  it('hands over at the boundary: the outgoing person until the hand-off, the next one from it', () => {
    // 2026-01-12 is the second Monday; 09:00 in Berlin in winter is 08:00Z.
    expect(ticketOpenedAt('2026-01-12T07:59:59.999Z').assignee).toBe('alice');
    expect(ticketOpenedAt('2026-01-12T08:00:00.000Z').assignee).toBe('bob');
  });

  it('follows the Berlin wall clock across the spring DST change', () => {
    // Clocks went forward on 2026-03-29: Monday's 09:00 hand-off is now 07:00Z, an hour earlier than in winter.
    expect(ticketOpenedAt('2026-03-30T06:59:59.999Z').assignee).toBe('chen');
    expect(ticketOpenedAt('2026-03-30T07:00:00.000Z').assignee).toBe('alice');
    expect(ticketOpenedAt('2026-03-30T07:30:00.000Z').assignee).toBe('alice');
  });

  it('gives the ticket to the override for exactly its window, and says why', () => {
    // chen has the week of 2026-03-02; dora covers 2026-03-03 09:00 to 2026-03-05 09:00 Berlin time (08:00Z, winter).
    expect(ticketOpenedAt('2026-03-03T07:59:59.999Z').assignee).toBe('chen');
    const covered = ticketOpenedAt('2026-03-04T12:00:00Z');
    expect(covered.assignee).toBe('dora');
    expect(covered.firstComment).toContain('dora, on call by override (chen at a conference)');
    expect(ticketOpenedAt('2026-03-05T08:00:00Z').assignee).toBe('chen');
  });
});

describe('ticket routing and priority', () => {
  it('sends a critical checkout incident at night to the platform team and its on-call person', () => {
    // 23:00 on a Tuesday in Berlin: outside business hours, so the routing rule applies.
    const ticket = ticketOpenedAt('2026-03-10T22:00:00Z', { severity: 'critical' });

    expect(ticket).toMatchObject({ team: 'platform', queue: 'OPS', assignee: 'farah', priority: 'P1' });
    expect(ticket.firstComment).toContain('routing rule 1');
  });

  it('keeps the same incident with its owning team during business hours', () => {
    const ticket = ticketOpenedAt('2026-03-10T10:00:00Z', { severity: 'critical' });

    expect(ticket).toMatchObject({ team: 'payments', queue: 'PAY', assignee: 'alice', priority: 'P1' });
  });

  it('takes the priority from the tier and severity matrix', () => {
    expect(ticketOpenedAt('2026-03-10T10:00:00Z', { service: 'search-api', tier: 'tier-2', team: 'discovery', severity: 'warning' }).priority).toBe('P4');
    expect(ticketOpenedAt('2026-03-10T10:00:00Z', { service: 'batch-job', tier: 'tier-3', team: 'platform', severity: 'critical' }).priority).toBe('P3');
  });

  it('uses the catalog tier when the incident carries none, and the default tier for an unknown service', () => {
    expect(ticketOpenedAt('2026-03-10T10:00:00Z', { tier: undefined, severity: 'error' }).priority).toBe('P2');
    const unknown = ticketOpenedAt('2026-03-10T10:00:00Z', { service: 'mystery', tier: undefined, team: undefined, severity: 'error' });
    expect(unknown).toMatchObject({ priority: 'P3' });
    expect(unknown.team).toBeUndefined();
    expect(unknown.assignee).toBeUndefined();
  });
});
