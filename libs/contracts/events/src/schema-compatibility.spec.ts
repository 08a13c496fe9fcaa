import { findIncompatibilities, formatIncompatibilities } from './schema-compatibility';
import type { JsonSchema } from './json-schema';

function object(properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema {
  return { type: 'object', properties, required };
}

const str = { type: 'string' };

function kinds(previous: JsonSchema, next: JsonSchema): string[] {
  return findIncompatibilities(previous, next).map((item) => `${item.path} ${item.kind}`);
}

describe('findIncompatibilities', () => {
  it('finds nothing between identical schemas', () => {
    const schema = object({ a: str, b: { type: 'integer', maximum: 5 } });
    expect(findIncompatibilities(schema, structuredClone(schema))).toEqual([]);
  });

  it('accepts a new optional property', () => {
    expect(kinds(object({ a: str }), object({ a: str, b: str }, ['a']))).toEqual([]);
  });

  it('accepts removing an optional property while extra properties stay allowed', () => {
    expect(kinds(object({ a: str, b: str }, ['a']), object({ a: str }))).toEqual([]);
  });

  it('reports a required property removed', () => {
    expect(kinds(object({ a: str, b: str }), object({ a: str }))).toEqual(['$.b property_removed']);
  });

  it('reports a required property made optional', () => {
    expect(kinds(object({ a: str }), object({ a: str }, []))).toEqual(['$.a property_made_optional']);
  });

  it('reports a new required property', () => {
    expect(kinds(object({ a: str }), object({ a: str, b: str }))).toEqual(['$.b required_property_added']);
  });

  it('reports an optional property made required', () => {
    const found = findIncompatibilities(object({ a: str }, []), object({ a: str }));
    expect(found).toEqual([expect.objectContaining({ path: '$.a', kind: 'required_property_added', message: 'optional property made required' })]);
  });

  it('reports a changed type', () => {
    expect(kinds(object({ a: str }), object({ a: { type: 'number' } }))).toEqual(['$.a type_changed']);
  });

  it('reports a type narrowed from number to integer', () => {
    expect(kinds({ type: 'number' }, { type: 'integer' })).toEqual(['$ type_changed']);
  });

  it('accepts a type widened from integer to number', () => {
    expect(kinds({ type: 'integer' }, { type: 'number' })).toEqual([]);
  });

  it('reports a type narrowed from a list of types', () => {
    expect(kinds({ type: ['string', 'null'] }, { type: 'string' })).toEqual(['$ type_changed']);
  });

  it('reports an enum value removed', () => {
    const found = findIncompatibilities({ type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['a'] });
    expect(found).toEqual([expect.objectContaining({ kind: 'enum_value_removed', message: 'value "b" removed' })]);
  });

  it('accepts an enum value added', () => {
    expect(kinds({ type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] })).toEqual([]);
  });

  it('reports an enum imposed on a free value', () => {
    expect(kinds(str, { type: 'string', enum: ['a'] })).toEqual(['$ constraint_tightened']);
  });

  it('reports a changed const', () => {
    expect(kinds({ type: 'string', const: '1.0' }, { type: 'string', const: '2.0' })).toEqual(['$ const_changed']);
  });

  it('reports a lower maxLength', () => {
    expect(kinds({ type: 'string', maxLength: 10 }, { type: 'string', maxLength: 5 })).toEqual(['$ constraint_tightened']);
  });

  it('accepts a higher maxLength', () => {
    expect(kinds({ type: 'string', maxLength: 5 }, { type: 'string', maxLength: 10 })).toEqual([]);
  });

  it('reports a maxLength added', () => {
    expect(kinds(str, { type: 'string', maxLength: 10 })).toEqual(['$ constraint_tightened']);
  });

  it('reports a higher minLength', () => {
    expect(kinds({ type: 'string', minLength: 1 }, { type: 'string', minLength: 2 })).toEqual(['$ constraint_tightened']);
  });

  it('reports a lower maximum', () => {
    expect(kinds({ type: 'integer', maximum: 599 }, { type: 'integer', maximum: 499 })).toEqual(['$ constraint_tightened']);
  });

  it('reports an inclusive maximum made exclusive', () => {
    expect(kinds({ type: 'number', maximum: 5 }, { type: 'number', exclusiveMaximum: 5 })).toEqual(['$ constraint_tightened']);
  });

  it('accepts an exclusive minimum loosened to an inclusive one', () => {
    expect(kinds({ type: 'number', exclusiveMinimum: 0 }, { type: 'number', minimum: 0 })).toEqual([]);
  });

  it('reports a higher minimum', () => {
    expect(kinds({ type: 'integer', minimum: 0 }, { type: 'integer', minimum: 1 })).toEqual(['$ constraint_tightened']);
  });

  it('reports a pattern added', () => {
    expect(kinds(str, { type: 'string', pattern: '^[a-z]+$' })).toEqual(['$ constraint_tightened']);
  });

  it('accepts a pattern removed', () => {
    expect(kinds({ type: 'string', pattern: '^[a-z]+$' }, str)).toEqual([]);
  });

  it('reports a format changed', () => {
    expect(kinds({ type: 'string', format: 'uri' }, { type: 'string', format: 'uuid' })).toEqual(['$ constraint_tightened']);
  });

  it('reports additionalProperties tightened to false', () => {
    expect(kinds(object({ a: str }), { ...object({ a: str }), additionalProperties: false })).toEqual([
      '$ additional_properties_tightened',
    ]);
  });

  it('reports an optional property removed when extra properties are no longer allowed', () => {
    expect(kinds({ ...object({ a: str, b: str }, ['a']), additionalProperties: false }, { ...object({ a: str }), additionalProperties: false })).toEqual([
      '$.b property_removed',
    ]);
  });

  it('reports a record value limit tightened', () => {
    const record = (maxLength: number) => ({ type: 'object', additionalProperties: { type: 'string', maxLength } });
    expect(kinds(record(100), record(50))).toEqual(['$.* constraint_tightened']);
  });

  it('reports a record key limit tightened', () => {
    const record = (maxLength: number) => ({ type: 'object', propertyNames: { type: 'string', maxLength }, additionalProperties: str });
    expect(kinds(record(100), record(50))).toEqual(['$.(key) constraint_tightened']);
  });

  it('reports a lower maxProperties', () => {
    expect(kinds({ type: 'object', maxProperties: 64 }, { type: 'object', maxProperties: 32 })).toEqual(['$ constraint_tightened']);
  });

  it('reports a change inside array items', () => {
    expect(kinds({ type: 'array', items: str }, { type: 'array', items: { type: 'number' } })).toEqual(['$[] type_changed']);
  });

  it('reports a union member removed', () => {
    const previous = { oneOf: [object({ type: { type: 'string', const: 'a.opened' } }), object({ type: { type: 'string', const: 'a.closed' } })] };
    const next = { oneOf: [object({ type: { type: 'string', const: 'a.opened' } })] };
    expect(kinds(previous, next)).toEqual(['$[type=a.closed] union_member_removed']);
  });

  it('accepts a union member added', () => {
    const previous = { oneOf: [object({ type: { type: 'string', const: 'a.opened' } })] };
    const next = { oneOf: [...previous.oneOf, object({ type: { type: 'string', const: 'a.closed' } })] };
    expect(kinds(previous, next)).toEqual([]);
  });

  it('reports a change inside the matching member of a discriminated union', () => {
    const member = (type: string, extra: Record<string, JsonSchema>) => object({ type: { type: 'string', const: type }, ...extra });
    const previous = { oneOf: [member('a.opened', { n: { type: 'integer' } }), member('a.closed', {})] };
    const next = { oneOf: [member('a.opened', { n: { type: 'string' } }), member('a.closed', {})] };
    expect(kinds(previous, next)).toEqual(['$[type=a.opened].n type_changed']);
  });

  it('compares a const shared by every member as a property, not as the discriminator', () => {
    const member = (type: string, version: string) =>
      object({ specversion: { type: 'string', const: version }, type: { type: 'string', const: type } });
    const previous = { oneOf: [member('a.opened', '1.0'), member('a.closed', '1.0')] };
    const next = { oneOf: [member('a.opened', '2.0'), member('a.closed', '2.0')] };
    expect(kinds(previous, next)).toEqual(['$[type=a.opened].specversion const_changed', '$[type=a.closed].specversion const_changed']);
  });

  it('reports a union member removed from a nullable value', () => {
    expect(kinds({ anyOf: [str, { type: 'null' }] }, { anyOf: [str] })).toEqual(['$[1] type_changed']);
  });

  it('accepts a value widened into a union', () => {
    expect(kinds(str, { anyOf: [str, { type: 'null' }] })).toEqual([]);
  });

  it('follows local $refs', () => {
    const previous = { $defs: { name: { type: 'string', maxLength: 10 } }, ...object({ a: { $ref: '#/$defs/name' } }) };
    const next = { $defs: { name: { type: 'string', maxLength: 5 } }, ...object({ a: { $ref: '#/$defs/name' } }) };
    expect(kinds(previous, next)).toEqual(['$.a constraint_tightened']);
  });

  it('reports a change to a keyword it does not analyse', () => {
    expect(kinds({ type: 'object' }, { type: 'object', allOf: [object({ a: str })] })).toEqual(['$ unsupported_change']);
  });

  it('ignores a changed description', () => {
    expect(kinds({ type: 'boolean', description: 'old' }, { type: 'boolean', description: 'new' })).toEqual([]);
  });

  it('reports a changed default, which changes what old events without the field mean', () => {
    expect(kinds({ type: 'boolean', default: false }, { type: 'boolean', default: true })).toEqual(['$ default_changed']);
  });

  it('reports a removed default', () => {
    expect(kinds({ type: 'boolean', default: false }, { type: 'boolean' })).toEqual(['$ default_changed']);
  });

  it('accepts a default added', () => {
    expect(kinds({ type: 'boolean' }, { type: 'boolean', default: false })).toEqual([]);
  });

  it('formats one line per problem with its path and kind', () => {
    const text = formatIncompatibilities(findIncompatibilities(object({ a: str, b: str }), object({ a: str })));
    expect(text).toBe('- $.b: required property removed [property_removed]');
  });
});
