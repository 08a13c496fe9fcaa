import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fieldLimits } from './fields';
import { topics } from './registry';

function fixture(topicName: string, file: string): Record<string, unknown> & { data: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', topicName, file), 'utf8'));
}

const firedAlert = () => fixture(topics.alert.name, 'alert.fired.alertmanager.json');

function problemsOf(value: unknown): string {
  const result = topics.alert.schema.safeParse(value);
  if (result.success) throw new Error('expected the event to be invalid');
  return z.prettifyError(result.error);
}

describe('alert events', () => {
  it('reject a missing correlation key, naming the field', () => {
    const event = firedAlert();
    delete event.data['correlationKey'];
    expect(problemsOf(event)).toMatch(/expected string, received undefined\n {2}→ at data\.correlationKey/);
  });

  it('reject an oversized summary, naming the field and the limit', () => {
    const event = firedAlert();
    event.data['summary'] = 'x'.repeat(fieldLimits.summaryLength + 1);
    expect(problemsOf(event)).toMatch(new RegExp(`<=${fieldLimits.summaryLength} characters\\n {2}→ at data\\.summary`));
  });

  it('reject more labels than the limit', () => {
    const event = firedAlert();
    event.data['labels'] = Object.fromEntries(Array.from({ length: fieldLimits.labelCount + 1 }, (_, i) => [`l${i}`, 'v']));
    expect(problemsOf(event)).toMatch(/at most 64 entries\n {2}→ at data\.labels/);
  });

  it('reject an oversized label value', () => {
    const event = firedAlert();
    event.data['labels'] = { job: 'x'.repeat(fieldLimits.labelValueLength + 1) };
    expect(problemsOf(event)).toMatch(/→ at data\.labels\.job/);
  });

  it('reject a timestamp with an offset: producers convert to UTC', () => {
    const event = firedAlert();
    event.data['startsAt'] = '2021-10-12T09:51:03.157076+02:00';
    expect(problemsOf(event)).toMatch(/→ at data\.startsAt/);
  });

  it('reject a generator URL that is not http(s)', () => {
    const event = firedAlert();
    event.data['generatorUrl'] = 'javascript:alert(1)';
    expect(problemsOf(event)).toMatch(/→ at data\.generatorUrl/);
  });

  it('require what the alert is about when it fires', () => {
    const event = firedAlert();
    delete event.data['severity'];
    expect(problemsOf(event)).toMatch(/→ at data\.severity/);
  });

  it('accept a resolution that carries only the dedup key', () => {
    const event = fixture(topics.alert.name, 'alert.resolved.pagerduty-dedup-key-only.json');
    expect(topics.alert.schema.safeParse(event).success).toBe(true);
  });

  it('reject an unknown event type, naming the discriminator', () => {
    const event = { ...firedAlert(), type: 'alert.exploded' };
    expect(problemsOf(event)).toMatch(/→ at type/);
  });

  it('drop properties they do not know, so a newer producer does not break an older consumer', () => {
    const event = firedAlert();
    event.data['addedInAMinorRelease'] = 'x';
    const parsed = topics.alert.schema.parse(event);
    expect(parsed.data).not.toHaveProperty('addedInAMinorRelease');
  });
});

describe('delivery events', () => {
  it('accept an IPv4-mapped IPv6 source address, as Node reports it', () => {
    const event = fixture(topics.delivery.name, 'delivery.recorded.accepted.json');
    event.data['sourceIp'] = '::ffff:10.20.3.17';
    expect(topics.delivery.schema.safeParse(event).success).toBe(true);
  });

  it('reject an HTTP status outside 100-599', () => {
    const event = fixture(topics.delivery.name, 'delivery.recorded.accepted.json');
    event.data['httpStatus'] = 600;
    expect(topics.delivery.schema.safeParse(event).success).toBe(false);
  });
});

describe('incident events', () => {
  it('reject a revision below 1', () => {
    const event = fixture(topics.incident.name, 'incident.opened.json');
    event.data['revision'] = 0;
    expect(topics.incident.schema.safeParse(event).success).toBe(false);
  });

  it('reject an unknown resolution reason', () => {
    const event = fixture(topics.incident.name, 'incident.resolved.json');
    event.data['resolution'] = { reason: 'magic' };
    expect(topics.incident.schema.safeParse(event).success).toBe(false);
  });
});
