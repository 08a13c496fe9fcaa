import { storableText } from './storable-text';

describe('storableText', () => {
  it('replaces NUL and other control characters with U+FFFD', () => {
    expect(storableText('a\u0000b\u0007c\u007fd\u009be')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde');
  });

  it('keeps tabs and line breaks', () => {
    expect(storableText('line one\r\n\tline two\n')).toBe('line one\r\n\tline two\n');
  });

  it('replaces a lone high or low surrogate but keeps a pair', () => {
    expect(storableText('\ud83d\ude00 \ud83d x \ude00')).toBe('\ud83d\ude00 \ufffd x \ufffd');
  });

  it('returns text without such characters unchanged', () => {
    const text = 'Disk 95% full on db-1 — ünïcödé ✓';

    expect(storableText(text)).toBe(text);
  });
});
