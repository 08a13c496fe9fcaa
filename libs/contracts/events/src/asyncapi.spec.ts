import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { asyncApiDocument } from './asyncapi';
import { consumerGroups, topics } from './registry';
import { asyncApiPath, renderSnapshot } from './schema-snapshots';

const snapshotCommand = 'node -r ./tools/register.js libs/contracts/events/src/scripts/write-schema-snapshots.ts';

describe('the AsyncAPI document', () => {
  const document = asyncApiDocument();

  it('is valid AsyncAPI 3, by the AsyncAPI parser, with no warnings either', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));

    expect(diagnostics.map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`)).toEqual([]);
    expect(parsed?.version()).toBe('3.1.0');
  });

  it('has a channel per topic with its schema, and an operation for its owner and each group that reads it', async () => {
    const { document: parsed } = await new Parser().parse(JSON.stringify(document));
    const addresses = parsed?.channels().all().map((channel) => channel.address());

    for (const topic of Object.values(topics)) expect(addresses).toContain(topic.name);
    const receivers = parsed?.operations().filterByReceive().map((operation) => operation.id());
    for (const group of Object.values(consumerGroups)) {
      for (const topic of group.consumes) expect(receivers).toContain(`${group.id}-receives-${topic.name.replace(/\./g, '-')}`);
    }
    const incident = parsed?.channels().all().find((channel) => channel.address() === topics.incident.name);
    expect(JSON.stringify(incident?.messages().all()[0]?.payload()?.json())).toContain('"incidentId"');
  });

  it('is checked in as generated, so every contract change shows in review', () => {
    if (readFileSync(asyncApiPath, 'utf8') !== renderSnapshot(document)) {
      throw new Error(`libs/contracts/events/asyncapi.json differs from the registry: run \`${snapshotCommand}\` and commit it`);
    }
  });
});
