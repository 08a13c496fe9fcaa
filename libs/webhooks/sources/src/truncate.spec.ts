import { boundedIdentity, boundedMap, truncateText } from './truncate';

describe('truncation', () => {
  it('leaves text that fits unchanged', () => {
    expect(truncateText('short', 5)).toBe('short');
  });

  it('cuts text that does not fit and ends it with an ellipsis', () => {
    expect(truncateText('abcdefgh', 5)).toBe('abcd…');
  });

  it('never splits a surrogate pair', () => {
    expect(truncateText('abc😀def', 5)).toBe('abc…');
  });

  it('ends a shortened identity in a hash of the whole value', () => {
    expect(boundedIdentity('x'.repeat(40), 30)).toMatch(/^x{13}…[0-9a-f]{16}$/);
  });

  it('drops empty keys from a map, which the contract refuses', () => {
    expect(boundedMap({ '': 'v', a: 'b' }, { entries: 10, keyLength: 10, valueLength: 10 })).toEqual({ a: 'b' });
  });
});
