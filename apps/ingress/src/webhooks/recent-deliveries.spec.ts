import { RecentDeliveries } from './recent-deliveries';

describe('RecentDeliveries', () => {
  it('recognises a delivery within the window', () => {
    const recent = new RecentDeliveries(1_000);
    recent.remember('int_a:msg_1', 0);

    expect(recent.has('int_a:msg_1', 999)).toBe(true);
  });

  it('forgets a delivery after the window', () => {
    const recent = new RecentDeliveries(1_000);
    recent.remember('int_a:msg_1', 0);

    expect(recent.has('int_a:msg_1', 1_000)).toBe(false);
  });

  it('evicts the oldest delivery beyond its capacity', () => {
    const recent = new RecentDeliveries(1_000, 2);
    ['a', 'b', 'c'].forEach((id) => recent.remember(id, 0));

    expect([recent.has('a', 1), recent.has('b', 1), recent.has('c', 1)]).toEqual([false, true, true]);
  });
});
