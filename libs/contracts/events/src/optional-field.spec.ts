import { optionalField } from './optional-field';

describe('optionalField', () => {
  it('leaves a missing value out, so the object equals its JSON round trip', () => {
    const built = { id: 'a', ...optionalField('team', undefined), ...optionalField('tier', null) };

    expect(Object.keys(built)).toEqual(['id']);
    expect(JSON.parse(JSON.stringify(built))).toStrictEqual(built);
  });

  it('keeps a present value, falsy ones included', () => {
    expect({ ...optionalField('count', 0), ...optionalField('note', '') }).toStrictEqual({ count: 0, note: '' });
  });
});
