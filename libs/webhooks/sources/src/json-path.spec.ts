import { evaluateJsonPath, parseJsonPath } from './json-path';

function pathOf(text: string) {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.path;
}

describe('JSON paths', () => {
  it('parses keys, indexes and quoted keys', () => {
    expect(pathOf(`$.alerts[0]["app.kubernetes.io/name"]['it\\'s']`)).toEqual(['alerts', 0, 'app.kubernetes.io/name', "it's"]);
  });

  it('parses $ as the whole body', () => {
    expect(evaluateJsonPath({ a: 1 }, pathOf('$'))).toEqual({ a: 1 });
  });

  it('finds a nested value', () => {
    expect(evaluateJsonPath({ a: { b: [{ c: 'found' }] } }, pathOf('$.a.b[0].c'))).toBe('found');
  });

  it('finds nothing where the body has no such value', () => {
    expect(evaluateJsonPath({ a: [1] }, pathOf('$.a[3]'))).toBeUndefined();
  });

  it('does not index an object with a number or an array with a key', () => {
    expect([evaluateJsonPath({ 0: 'x' }, pathOf('$[0]')), evaluateJsonPath(['x'], pathOf('$["length"]'))]).toEqual([undefined, undefined]);
  });

  it('never reaches a prototype member', () => {
    expect([evaluateJsonPath({}, pathOf('$.constructor')), evaluateJsonPath({}, pathOf('$.__proto__'))]).toEqual([undefined, undefined]);
  });

  it('refuses a path that does not start with $', () => {
    expect(parseJsonPath('a.b')).toEqual({ ok: false, problem: 'must start with $ (the body), e.g. $.alert.status' });
  });

  it('refuses a digit key after a dot, which would mean an index in one body and a key in another', () => {
    expect(parseJsonPath('$.alerts.0')).toEqual({ ok: false, problem: '"0" looks like an array index: write [0] (or ["0"] for an object key)' });
  });

  it('refuses wildcards', () => {
    expect(parseJsonPath('$.alerts[*]')).toEqual({ ok: false, problem: 'unexpected "[*]": use .key, [0] or ["key"]' });
  });

  it('refuses an unterminated quoted key', () => {
    expect(parseJsonPath('$["open')).toEqual({ ok: false, problem: 'unterminated quoted key at "["open"' });
  });
});
