import { z } from 'zod';
import { createEvent } from './create-event';
import { topics } from './registry';

const alertData = {
  integrationId: 'int_1',
  sourceKind: 'alertmanager',
  deliveryId: 'del_1',
  fingerprint: 'f404ecabc8dd5cd7',
  correlationKey: 'node/InstanceDown',
  severity: 'critical',
  alertName: 'InstanceDown',
  summary: 'Instance localhost:8081 down',
  labels: { alertname: 'InstanceDown' },
  annotations: {},
  startsAt: '2023-06-12T08:24:38.326Z',
} as const;

describe('createEvent', () => {
  it('fills the id, spec version and time', () => {
    const event = createEvent(topics.alert, { type: 'alert.fired', source: 'hookline/ingress', data: alertData });
    expect(event).toMatchObject({ specversion: '1.0', type: 'alert.fired', source: 'hookline/ingress' });
    expect(z.uuid().safeParse(event.id).success).toBe(true);
    expect(Number.isNaN(Date.parse(event.time))).toBe(false);
  });

  it('gives every event its own id', () => {
    const input = { type: 'alert.fired', source: 'hookline/ingress', data: alertData } as const;
    expect(createEvent(topics.alert, input).id).not.toBe(createEvent(topics.alert, input).id);
  });

  it('takes the id and time from the options when given', () => {
    const event = createEvent(
      topics.alert,
      { type: 'alert.fired', source: 'hookline/ingress', data: alertData },
      { id: '0b9f5a1e-6a43-4c1e-9d2b-3f3c8a7e2d10', time: new Date('2024-01-02T03:04:05.678Z') },
    );
    expect(event).toMatchObject({ id: '0b9f5a1e-6a43-4c1e-9d2b-3f3c8a7e2d10', time: '2024-01-02T03:04:05.678Z' });
  });

  it('fills defaults, such as test: false', () => {
    const event = createEvent(topics.alert, { type: 'alert.fired', source: 'hookline/ingress', data: alertData });
    expect(event.data.test).toBe(false);
  });

  it('carries the subject and causation id', () => {
    const event = createEvent(topics.alert, {
      type: 'alert.fired',
      source: 'hookline/ingress',
      subject: 'node/InstanceDown',
      causationId: 'del_1',
      data: alertData,
    });
    expect(event).toMatchObject({ subject: 'node/InstanceDown', causationId: 'del_1' });
  });

  it('leaves absent optional attributes out, so the event survives a JSON round trip unchanged', () => {
    const event = createEvent(topics.alert, { type: 'alert.fired', source: 'hookline/ingress', data: alertData });
    expect(Object.keys(event)).not.toContain('subject');
    expect(JSON.parse(JSON.stringify(event))).toStrictEqual(event);
  });

  it('throws a ZodError that names the invalid field', () => {
    const create = () =>
      createEvent(topics.alert, { type: 'alert.fired', source: 'hookline/ingress', data: { ...alertData, startsAt: 'yesterday' } });
    expect(create).toThrow(z.ZodError);
    expect(create).toThrow(/startsAt/);
  });

  it('rejects data of another event type of the same topic at compile time', () => {
    const create = () =>
      createEvent(topics.incident, {
        type: 'incident.opened',
        source: 'hookline/correlator',
        // @ts-expect-error ticket data is not incident data
        data: { ticketId: 't1', incidentId: 'i1', revision: 1, title: 'x', priority: 'P1', status: 'open' },
      });
    expect(create).toThrow(z.ZodError);
  });

  it('rejects a type the topic does not carry at compile time', () => {
    const create = () =>
      // @ts-expect-error incident.closed is not an incident event type
      createEvent(topics.incident, { type: 'incident.closed', source: 'hookline/correlator', data: {} });
    expect(create).toThrow(z.ZodError);
  });
});
