import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst up to the per-minute limit', () => {
    const limiter = new RateLimiter();

    const waits = [1, 2, 3].map(() => limiter.take('int_a', 3, 0));

    expect(waits).toEqual([0, 0, 0]);
  });

  it('refuses the next request and says how long to wait', () => {
    const limiter = new RateLimiter();
    [1, 2, 3].forEach(() => limiter.take('int_a', 3, 0));

    expect(limiter.take('int_a', 3, 0)).toBe(20);
  });

  it('refills over time', () => {
    const limiter = new RateLimiter();
    [1, 2, 3].forEach(() => limiter.take('int_a', 3, 0));

    expect(limiter.take('int_a', 3, 20_000)).toBe(0);
  });

  it('keeps integrations apart', () => {
    const limiter = new RateLimiter();
    [1, 2, 3].forEach(() => limiter.take('int_a', 3, 0));

    expect(limiter.take('int_b', 3, 0)).toBe(0);
  });
});

describe('RateLimiter.wait', () => {
  it('spends nothing', () => {
    const limiter = new RateLimiter();

    [1, 2, 3].forEach(() => limiter.wait('int_a', 3, 0));

    expect(limiter.take('int_a', 3, 0)).toBe(0);
  });

  it('says how long to wait once the bucket is empty', () => {
    const limiter = new RateLimiter();
    [1, 2, 3].forEach(() => limiter.take('int_a', 3, 0));

    expect([limiter.wait('int_a', 3, 0), limiter.wait('int_a', 3, 20_000)]).toEqual([20, 0]);
  });
});

describe('RateLimiter capacity', () => {
  it('forgets the least recently used key beyond its capacity', () => {
    const limiter = new RateLimiter(2);
    limiter.take('a', 1, 0);
    limiter.take('b', 1, 0);
    limiter.take('c', 1, 0);

    expect([limiter.take('a', 1, 0), limiter.take('c', 1, 0)]).toEqual([0, 60]);
  });
});
