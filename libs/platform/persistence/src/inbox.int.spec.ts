import type { DataSource } from 'typeorm';
import { Inbox } from './inbox';
import { schemaOf } from './migrations';
import { migratedSchemaForSpec } from './persistence-test-kit';

describe('Inbox', () => {
  let dataSource: DataSource;
  let inbox: Inbox;
  const event = { id: 'f3f1f8a2-2c39-4d7e-9c39-5a1c2e0e0a01', topic: 'ingress.alert.v1' };

  beforeEach(async () => {
    dataSource = await migratedSchemaForSpec();
    inbox = new Inbox(dataSource);
  });
  afterEach(() => dataSource.destroy());

  const effects = async () => (await dataSource.query(`SELECT note FROM "${schemaOf(dataSource)}".effects`)) as { note: string }[];
  const recordEffect = (note: string) => (manager: { query: DataSource['query'] }) =>
    manager.query(`INSERT INTO "${schemaOf(dataSource)}".effects (note) VALUES ($1)`, [note]);

  it('applies the work of a redelivered event only once', async () => {
    const first = await inbox.processOnce(event, recordEffect('first delivery'));
    const second = await inbox.processOnce(event, recordEffect('redelivery'));

    expect(first.processed).toBe(true);
    expect(second.processed).toBe(false);
    expect(await effects()).toEqual([{ note: 'first delivery' }]);
  });

  it('applies concurrent duplicates once', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => inbox.processOnce(event, recordEffect(`copy ${n}`))));

    expect(results.filter((result) => result.processed)).toHaveLength(1);
    expect(await effects()).toHaveLength(1);
  });

  it('forgets the event when its work fails, so the retry can apply it', async () => {
    await expect(
      inbox.processOnce(event, async (manager) => {
        await recordEffect('half done')(manager);
        throw new Error('constraint violated');
      }),
    ).rejects.toThrow('constraint violated');

    const retry = await inbox.processOnce(event, recordEffect('retried'));

    expect(retry.processed).toBe(true);
    expect(await effects()).toEqual([{ note: 'retried' }]);
  });

  it('claims only the events of a batch it has not seen, and forgets them if the transaction rolls back', async () => {
    const batch = ['0b7b9a1e-8f64-4c59-a5a8-4d4c39b1a001', '0b7b9a1e-8f64-4c59-a5a8-4d4c39b1a002', '0b7b9a1e-8f64-4c59-a5a8-4d4c39b1a003'].map((id) => ({ id }));
    await inbox.processOnce({ id: batch[1]?.id as string, topic: event.topic }, recordEffect('seen before'));
    await expect(
      dataSource.transaction(async (manager) => {
        await inbox.claim(manager, event.topic, batch);
        throw new Error('batch failed');
      }),
    ).rejects.toThrow('batch failed');

    const claimed = await dataSource.transaction((manager) => inbox.claim(manager, event.topic, batch));

    expect(claimed).toEqual([batch[0], batch[2]]);
  });

  it('returns an event that is in one batch twice once, its first copy', async () => {
    const first = { id: '0b7b9a1e-8f64-4c59-a5a8-4d4c39b1a004', copy: 1 };
    const other = { id: '0b7b9a1e-8f64-4c59-a5a8-4d4c39b1a005', copy: 1 };

    const claimed = await dataSource.transaction((manager) => inbox.claim(manager, event.topic, [first, other, { ...first, copy: 2 }]));

    expect(claimed).toEqual([first, other]);
  });

  it('processes a batch in one transaction: only the new events, effects kept or dropped with their ids', async () => {
    const batch = ['0b7b9a1e-8f64-4c59-a5a8-4d4c39b1a006', '0b7b9a1e-8f64-4c59-a5a8-4d4c39b1a007'].map((id) => ({ id }));
    const applyAll = (fail: boolean) =>
      inbox.processBatchOnce(event.topic, batch, async (manager, fresh) => {
        for (const { id } of fresh) await recordEffect(id)(manager);
        if (fail) throw new Error('batch failed');
        return fresh.length;
      });
    await inbox.processOnce({ id: batch[0]?.id as string, topic: event.topic }, recordEffect('seen before'));

    await expect(applyAll(true)).rejects.toThrow('batch failed');
    const applied = await applyAll(false);
    const replayed = await applyAll(false);

    expect([applied, replayed]).toEqual([1, undefined]);
    expect(await effects()).toEqual([{ note: 'seen before' }, { note: batch[1]?.id }]);
  });
});
