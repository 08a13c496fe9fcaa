import { uniqueName } from '@hookline/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { takeKeyLocks } from './key-locks';
import { migratedSchemaForSpec } from './persistence-test-kit';

describe('takeKeyLocks against the real Postgres', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await migratedSchemaForSpec();
  });
  afterAll(() => dataSource.destroy());

  /** Holds the locks until `release` resolves, recording when it got them. */
  function holdLocks(namespace: string, keys: string[], order: string[], name: string, release: Promise<void>) {
    return dataSource.transaction(async (manager: EntityManager) => {
      await takeKeyLocks(manager, namespace, keys);
      order.push(name);
      await release;
    });
  }

  it('makes a transaction wait for another holding one of its keys, and takes overlapping sets in any order without deadlock', async () => {
    const namespace = uniqueName('spec.locks');
    const order: string[] = [];
    let releaseFirst = () => undefined as void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));

    const first = holdLocks(namespace, ['a', 'b', 'c'], order, 'first', firstHolds);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The same keys listed the other way round, plus one of its own.
    const second = holdLocks(namespace, ['d', 'c', 'b'], order, 'second', Promise.resolve());
    const unrelated = holdLocks(uniqueName('spec.other'), ['a', 'b', 'c'], order, 'other namespace', Promise.resolve());
    await unrelated;
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(order).toEqual(['first', 'other namespace']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'other namespace', 'second']);
  });
});
