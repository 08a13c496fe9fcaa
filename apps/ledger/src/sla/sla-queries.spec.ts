import { HooklineError } from '@hookline/platform/errors';
import { monthRange, slaQuerySchema } from './sla-queries';

const now = new Date('2026-11-23T12:00:00.000Z');

describe('monthRange', () => {
  it('is the current UTC month when neither end is given', () => {
    expect(monthRange({}, now)).toEqual({ from: '2026-11', to: '2026-11' });
  });

  it('is one month when only one end is given', () => {
    expect(monthRange({ from: '2026-03' }, now)).toEqual({ from: '2026-03', to: '2026-03' });
    expect(monthRange({ to: '2026-05' }, now)).toEqual({ from: '2026-05', to: '2026-05' });
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => monthRange({ from: '2026-05', to: '2026-04' }, now)).toThrow(HooklineError);
  });

  it('accepts ten years and refuses more', () => {
    expect(monthRange({ from: '2016-12', to: '2026-11' }, now)).toEqual({ from: '2016-12', to: '2026-11' });
    expect(() => monthRange({ from: '2016-11', to: '2026-11' }, now)).toThrow('at most 120 months');
  });
});

describe('slaQuerySchema', () => {
  it('takes months as YYYY-MM and json or csv', () => {
    expect(slaQuerySchema.parse({ from: '2026-01', to: '2026-12', format: 'csv' })).toEqual({ from: '2026-01', to: '2026-12', format: 'csv' });
    expect(slaQuerySchema.parse({}).format).toBe('json');
  });

  it('refuses dates, month 13 and unknown parameters', () => {
    expect(slaQuerySchema.safeParse({ from: '2026-01-01' }).success).toBe(false);
    expect(slaQuerySchema.safeParse({ from: '2026-13' }).success).toBe(false);
    expect(slaQuerySchema.safeParse({ format: 'xlsx' }).success).toBe(false);
    expect(slaQuerySchema.safeParse({ month: '2026-01' }).success).toBe(false);
  });
});
