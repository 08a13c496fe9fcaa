import { IncidentScript, specCatalog } from '../testing/ticketing-fixtures';
import { applyIncidentEvent, applyPersonChange, type TicketChange } from './ticket-lifecycle';
import { CatalogTicketPolicy } from './ticket-policy';
import type { TicketRecord } from './ticket-records';

const policy = new CatalogTicketPolicy(specCatalog(), { defaultTier: 'tier-2' });

/** Applies the events in order to one ticket, as the processor would, and returns every change. */
function play(...events: Parameters<typeof applyIncidentEvent>[1][]): { ticket: TicketRecord | undefined; changes: (TicketChange | undefined)[] } {
  let ticket: TicketRecord | undefined;
  const changes = events.map((event) => {
    const change = applyIncidentEvent(ticket, event, policy);
    if (change) ticket = change.ticket;
    return change;
  });
  return { ticket, changes };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('tickets from incident events', () => {
  it('opens one ticket and asks for one external ticket', () => {
    const script = new IncidentScript();
    const { changes } = play(script.next('incident.opened'));

    expect(changes[0]).toMatchObject({ isNew: true, published: 'ticket.opened', sync: ['create'], ticket: { status: 'open', revision: 1, priority: 'P2' } });
  });

  it('raises the priority and comments when the severity goes up, without a second ticket', () => {
    const script = new IncidentScript({ severity: 'warning' });
    const { ticket, changes } = play(script.next('incident.opened'), script.next('incident.updated', { severity: 'critical', alertCount: 4 }, 0));

    expect(changes[1]).toMatchObject({ isNew: false, published: 'ticket.updated', sync: ['update'] });
    expect(changes[1]?.comments.map((comment) => comment.body)).toEqual(['Incident updated: severity warning → critical; 4 alerts (was 1); priority P3 → P1.']);
    expect(ticket).toMatchObject({ priority: 'P1', revision: 2, id: changes[0]?.ticket.id });
  });

  it('comments on more alerts but publishes nothing when the priority stays', () => {
    const script = new IncidentScript();
    const { changes } = play(script.next('incident.opened'), script.next('incident.updated', { alertCount: 3 }));

    expect(changes[1]?.published).toBeUndefined();
    expect(changes[1]?.sync).toEqual([]);
    expect(changes[1]?.comments.map((comment) => comment.body)).toEqual(['Incident updated: 3 alerts (was 1).']);
  });

  it('notes a growing alert count at 2, 4, 8… alerts only, so a storm does not bury the ticket in comments', () => {
    const script = new IncidentScript();
    const counts = [2, 3, 4, 5, 6, 7, 8, 9];
    const { changes } = play(script.next('incident.opened'), ...counts.map((alertCount) => script.next('incident.updated', { alertCount })));

    expect(changes.slice(1).map((change) => change?.comments.map((comment) => comment.body))).toEqual([
      ['Incident updated: 2 alerts (was 1).'],
      [],
      ['Incident updated: 4 alerts (was 3).'],
      [],
      [],
      [],
      ['Incident updated: 8 alerts (was 7).'],
      [],
    ]);
  });

  it('ignores a replayed or older revision', () => {
    const script = new IncidentScript();
    const opened = script.next('incident.opened');
    const updated = script.next('incident.updated', { alertCount: 2 });
    const { changes } = play(opened, updated, opened, updated);

    expect(changes.slice(2)).toEqual([undefined, undefined]);
  });

  it('records who acknowledged', () => {
    const script = new IncidentScript();
    const { ticket, changes } = play(script.next('incident.opened'), script.next('incident.acknowledged', { acknowledgedBy: 'alice', acknowledgedAt: '2026-03-10T12:05:00.000Z' }));

    expect(ticket).toMatchObject({ acknowledgedBy: 'alice', incidentStatus: 'acknowledged' });
    expect(changes[1]?.comments[0]?.body).toBe('Incident acknowledged by alice.');
  });

  it('closes with a resolution note saying how long, how many alerts and how it ended', () => {
    const script = new IncidentScript();
    const { ticket, changes } = play(script.next('incident.opened', {}, 0), script.next('incident.updated', { alertCount: 3 }, 30), script.next('incident.resolved', {}, 42));

    expect(changes[2]).toMatchObject({ published: 'ticket.closed', sync: ['close'] });
    expect(ticket).toMatchObject({ status: 'closed', closedReason: 'incident_resolved', resolutionNote: 'Resolved after 1 h 12 min, 3 alerts: every alert recovered.' });
  });

  it('never opens a ticket for a resolution, or for a test incident', () => {
    const resolvedFirst = new IncidentScript({ status: 'resolved' });
    const test = new IncidentScript({ test: true });

    expect(play(resolvedFirst.next('incident.resolved')).ticket).toBeUndefined();
    expect(play(test.next('incident.opened'), test.next('incident.updated', { severity: 'critical' })).ticket).toBeUndefined();
  });

  it('opens a ticket for an incident first seen already acknowledged, with who acknowledged it', () => {
    const script = new IncidentScript();
    script.next('incident.opened');
    const { ticket, changes } = play(script.next('incident.acknowledged', { acknowledgedBy: 'bob' }));

    expect(ticket).toMatchObject({ status: 'open', acknowledgedBy: 'bob', revision: 1 });
    expect(changes[0]?.comments.map((comment) => comment.body)).toContain('Incident acknowledged by bob.');
  });

  it('reopens the same ticket when the incident reopens', () => {
    const script = new IncidentScript();
    const { ticket, changes } = play(script.next('incident.opened'), script.next('incident.resolved'), script.next('incident.reopened'));

    expect(changes[2]).toMatchObject({ published: 'ticket.reopened', sync: ['reopen'] });
    expect(ticket).toMatchObject({ id: changes[0]?.ticket.id, status: 'open', revision: 3 });
    expect(ticket?.closedReason).toBeUndefined();
    expect(ticket?.resolutionNote).toBeUndefined();
  });
});

describe('tickets changed by a person', () => {
  const at = new Date('2026-03-10T13:00:00Z');
  const openTicket = () => required(play(new IncidentScript().next('incident.opened')).ticket);

  it("keeps a ticket closed as won't fix closed when the incident reopens, and says so once", () => {
    const script = new IncidentScript();
    const opened = required(applyIncidentEvent(undefined, script.next('incident.opened'), policy));
    const wontFix = required(applyPersonChange(opened.ticket, { by: 'alice', status: 'closed', resolution: 'wont_fix' }, at));
    const resolved = required(applyIncidentEvent(wontFix.ticket, script.next('incident.resolved'), policy));
    const reopened = required(applyIncidentEvent(resolved.ticket, script.next('incident.reopened'), policy));

    expect(wontFix).toMatchObject({ published: 'ticket.closed', sync: ['close'], ticket: { closedReason: 'manual', closedBy: 'alice', wontFix: true } });
    expect(resolved).toMatchObject({ comments: [], sync: [] });
    expect(reopened.ticket).toMatchObject({ status: 'closed', wontFix: true });
    expect(reopened.published).toBeUndefined();
    expect(reopened.comments.map((comment) => comment.body)).toEqual([
      "The incident fired again and reopened; this ticket stays closed because alice closed it as won't fix.",
    ]);
  });

  it('reopens a ticket a person closed as fixed when the incident reopens', () => {
    const script = new IncidentScript();
    const opened = required(applyIncidentEvent(undefined, script.next('incident.opened'), policy));
    const fixed = required(applyPersonChange(opened.ticket, { by: 'alice', status: 'closed' }, at));
    const resolved = required(applyIncidentEvent(fixed.ticket, script.next('incident.resolved'), policy));
    const reopened = required(applyIncidentEvent(resolved.ticket, script.next('incident.reopened'), policy));

    expect(reopened).toMatchObject({ published: 'ticket.reopened', ticket: { status: 'open', wontFix: false } });
  });

  it('marks an incident-closed ticket as won\'t fix without another close', () => {
    const script = new IncidentScript();
    const { ticket } = play(script.next('incident.opened'), script.next('incident.resolved'));
    const marked = required(applyPersonChange(required(ticket), { by: 'bob', status: 'closed', resolution: 'wont_fix' }, at));

    expect(marked).toMatchObject({ published: 'ticket.updated', sync: [], ticket: { wontFix: true, closedReason: 'manual' } });
  });

  it('reassigns with a comment by the person and an external update', () => {
    const change = required(applyPersonChange(openTicket(), { by: 'bob', assignee: 'chen' }, at));

    expect(change).toMatchObject({ published: 'ticket.updated', sync: ['update'], ticket: { assignee: 'chen', revision: 2 } });
    expect(change.comments).toEqual([{ author: 'bob', body: 'Assigned to chen (was alice).' }]);
  });

  it('adds a comment without publishing a ticket event', () => {
    const change = required(applyPersonChange(openTicket(), { by: 'bob', comment: 'Looking into it' }, at));

    expect(change.published).toBeUndefined();
    expect(change.comments).toEqual([{ author: 'bob', body: 'Looking into it' }]);
  });

  it('changes nothing when asked to close a ticket closed the same way', () => {
    const closed = required(applyPersonChange(openTicket(), { by: 'bob', status: 'closed' }, at));

    expect(applyPersonChange(closed.ticket, { by: 'bob', status: 'closed' }, at)).toBeUndefined();
  });
});
