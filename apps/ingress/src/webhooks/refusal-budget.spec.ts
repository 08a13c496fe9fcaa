import { addressKey, RefusalBudget } from './refusal-budget';

describe('RefusalBudget', () => {
  it('lets an address be refused up to its budget, then says how long to wait', () => {
    const budget = new RefusalBudget(2);
    budget.spend('192.0.2.1', 0);
    const afterOne = budget.wait('192.0.2.1', 0);
    budget.spend('192.0.2.1', 0);

    expect([afterOne, budget.wait('192.0.2.1', 0)]).toEqual([0, 30]);
  });

  it('keeps other addresses apart', () => {
    const budget = new RefusalBudget(1);
    budget.spend('192.0.2.1', 0);

    expect(budget.wait('192.0.2.2', 0)).toBe(0);
  });

  it('counts every address of one IPv6 /64 as one caller', () => {
    const budget = new RefusalBudget(1);
    budget.spend('2001:db8:1:2::1', 0);

    expect([budget.wait('2001:db8:1:2:ffff::9', 0), budget.wait('2001:db8:1:3::1', 0)]).toEqual([60, 0]);
  });
});

describe('addressKey', () => {
  it('reads an IPv4 client of a dual-stack socket as its IPv4 address', () => {
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('names an IPv6 address by its /64', () => {
    expect(addressKey('2001:0DB8:0:0:1::1')).toBe('2001:db8:0:0::/64');
  });
});
