import { anyDigestEquals, digestsEqual, sha256 } from './constant-time';

describe('digestsEqual', () => {
  it('is true for equal digests', () => {
    expect(digestsEqual(sha256(Buffer.from('a')), sha256(Buffer.from('a')))).toBe(true);
  });

  it('is false for different digests', () => {
    expect(digestsEqual(sha256(Buffer.from('a')), sha256(Buffer.from('b')))).toBe(false);
  });

  it('is false, without throwing, for buffers of different lengths', () => {
    expect(digestsEqual(Buffer.alloc(32), Buffer.alloc(31))).toBe(false);
  });
});

describe('anyDigestEquals', () => {
  const expected = sha256(Buffer.from('expected'));

  it('is true when a later candidate matches', () => {
    expect(anyDigestEquals(expected, [sha256(Buffer.from('other')), sha256(Buffer.from('expected'))])).toBe(true);
  });

  it('is false when no candidate matches', () => {
    expect(anyDigestEquals(expected, [sha256(Buffer.from('other'))])).toBe(false);
  });

  it('is false for no candidates', () => {
    expect(anyDigestEquals(expected, [])).toBe(false);
  });
});
