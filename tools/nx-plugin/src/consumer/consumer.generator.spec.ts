import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { consumerGenerator } from './consumer.generator';

// The generator over the repository's real files, in memory: a tree is never
// flushed here, so nothing is written to the working tree. That the output
// compiles, lints and passes its spec is consumer.generator.int.spec.ts's job.

const repoRoot = join(__dirname, '..', '..', '..', '..');

describe('nx g @hookline/nx-plugin:consumer', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = new FsTree(repoRoot, false);
  });

  const read = (path: string) => tree.read(path, 'utf8') ?? '';

  it('scaffolds a per-event handler that only calls the processor', async () => {
    await consumerGenerator(tree, { name: 'incident-digest', topic: 'incident' });

    const controller = read('apps/incident-digest/src/incident-events/incident-events.controller.ts');
    expect(controller).toContain('@EventPattern(topics.incident.name)\n');
    expect(controller).toContain('apply(@Payload() event: IncidentEvent, @Ctx() context: KafkaEventContext)');
    expect(controller).toContain('await this.processor.apply(event,');
    expect(read('apps/incident-digest/src/incident-events/incident-event-processor.ts')).toContain('this.inbox.processOnce(');
  });

  it('scaffolds a batch handler with --batch', async () => {
    await consumerGenerator(tree, { name: 'ticket-digest', topic: 'ticket', batch: true });

    const controller = read('apps/ticket-digest/src/ticket-events/ticket-events.controller.ts');
    expect(controller).toContain('@EventPattern(topics.ticket.name, { batch: true })');
    expect(controller).toContain('apply(@Payload() events: TicketEvent[])');
    expect(read('apps/ticket-digest/src/ticket-events/ticket-event-processor.ts')).toContain('this.inbox.processBatchOnce(');
  });

  it('registers the consumer group, which gives the app its dead-letter topic', async () => {
    await consumerGenerator(tree, { name: 'incident-digest', topic: 'incident' });

    expect(read('libs/contracts/events/src/registry.ts')).toContain(
      "  incidentDigest: { id: 'incident-digest', consumes: [topics.incident] },\n} as const;",
    );
    expect(read('apps/incident-digest/src/incident-digest.definition.ts')).toContain('group: consumerGroups.incidentDigest');
  });

  it('gives the app a Postgres schema of its own, named after it, starting with the inbox', async () => {
    await consumerGenerator(tree, { name: 'incident-digest', topic: 'incident' });

    const database = read('apps/incident-digest/src/db/database.ts');
    expect(database).toContain("schema: 'incident_digest'");
    expect(database).toMatch(/messagingTablesMigration\(\{ schema: 'incident_digest', outbox: false, timestamp: \d{13} \}\)/);
  });

  it('tags the project as an app of its own scope, so the module boundaries apply to it', async () => {
    await consumerGenerator(tree, { name: 'incident-digest', topic: 'incident' });

    expect(JSON.parse(read('apps/incident-digest/project.json'))).toMatchObject({ name: 'incident-digest', tags: ['type:app', 'scope:incident-digest'] });
  });

  it('writes only the new app and the registry, and leaves the AsyncAPI document to the task it returns', async () => {
    const task = await consumerGenerator(tree, { name: 'incident-digest', topic: 'incident' });

    const outside = tree.listChanges().filter((change) => !change.path.startsWith('apps/incident-digest/'));
    expect(outside.map((change) => change.path)).toEqual(['libs/contracts/events/src/registry.ts']);
    expect(typeof task).toBe('function');
  });

  it('refuses a topic the registry does not have, naming those it has', async () => {
    await expect(consumerGenerator(tree, { name: 'incident-digest', topic: 'incidents' })).rejects.toThrow(
      /--topic incidents: not a topic of .*; one of alert, delivery, incident, ticket, maintenance/,
    );
  });

  it('refuses the name of an existing consumer group, whose offsets and dead letters it would share', async () => {
    await expect(consumerGenerator(tree, { name: 'ingress-delivery-log', topic: 'delivery' })).rejects.toThrow(/consumer group ingress-delivery-log/);
  });

  it('refuses a name whose key in consumerGroups is taken by another group', async () => {
    await expect(consumerGenerator(tree, { name: 'delivery-log', topic: 'delivery' })).rejects.toThrow(/consumer group delivery-log \(deliveryLog\)/);
  });

  it('refuses the name of an existing app', async () => {
    await expect(consumerGenerator(tree, { name: 'ticketing', topic: 'incident' })).rejects.toThrow(/apps\/ticketing exists already/);
  });

  it('refuses a name that is not kebab-case, before writing anything', async () => {
    await expect(consumerGenerator(tree, { name: 'Incident_Digest', topic: 'incident' })).rejects.toThrow(/kebab-case/);
    expect(tree.listChanges()).toEqual([]);
  });
});
