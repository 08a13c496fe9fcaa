import { addressKey, RefusalBudget } from './refusal-budget';

describe('RefusalBudget', () => {
  it('lets an address be refused up to its budget, then says how long to wait', () => {
    const budget = new RefusalBudget(2);
    budget.spend('192.0.2.1', 0);
    const afterOne = budget.wait('192.0.2.1', 0);
    budget.spend('192.0.2.1', 0);

    expect([afterOne, budget.wait('192.0.2.1', 0)]).toEqual([0, 30]);
  });

  it('charges a refusal one token more per 64 KiB of body read, so big junk bodies run out the budget sooner', () => {
    const budget = new RefusalBudget(120);
    for (let refusal = 0; refusal < 7; refusal += 1) budget.spend('192.0.2.1', 0, 1024 * 1024);
    const afterSevenMegabytes = budget.wait('192.0.2.1', 0);
    budget.spend('192.0.2.1', 0, 1024 * 1024);

    // 7 × 17 tokens leave 1 of 120; the eighth leaves a debt of 16 tokens, 8.5 s of refill at 2 per second.
    expect([afterSevenMegabytes, budget.wait('192.0.2.1', 0)]).toEqual([0, 9]);
    expect(budget.wait('192.0.2.2', 0)).toBe(0);
  });

  it('lets a debt run no deeper than one minute of refill', () => {
    const budget = new RefusalBudget(60);
    for (let refusal = 0; refusal < 100; refusal += 1) budget.spend('192.0.2.1', 0, 1024 * 1024);

    // At most 60 tokens of debt at one token a second: 61 s until the next refusal is answered normally.
    expect(budget.wait('192.0.2.1', 0)).toBe(61);
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
