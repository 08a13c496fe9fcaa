import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from './json-schema';

/**
 * Finds the changes between two JSON Schemas of one topic that existing
 * events or existing consumers could not survive:
 *
 * - old events must still be valid: no new required property, no narrowed
 *   type, no removed enum value, union member or const, no tighter limit,
 *   pattern, format or `additionalProperties`;
 * - existing consumers must still find what they rely on: no required
 *   property removed or made optional;
 * - an absent field must keep its meaning: no default changed or removed.
 *
 * Widening (a new enum value, a new event type, a looser limit) is not
 * reported: it keeps the topic version, on the condition that consumers get
 * the new contract before the producer emits the new values (see README).
 *
 * It understands the JSON Schema that `z.toJSONSchema` emits (types, const,
 * enum, objects, records, arrays, anyOf/oneOf, local $refs); anything else
 * that changed is reported rather than guessed at.
 */
export function findIncompatibilities(previous: JsonSchema, next: JsonSchema): SchemaIncompatibility[] {
  const found: SchemaIncompatibility[] = [];
  compare(previous, next, '$', { previousRoot: previous, nextRoot: next, report: (item) => found.push(item) });
  return found;
}

export type IncompatibilityKind =
  | 'property_removed'
  | 'property_made_optional'
  | 'required_property_added'
  | 'type_changed'
  | 'enum_value_removed'
  | 'const_changed'
  | 'union_member_removed'
  | 'constraint_tightened'
  | 'additional_properties_tightened'
  | 'default_changed'
  | 'unsupported_change';

export interface SchemaIncompatibility {
  /** Where in the schema, e.g. `$[type=alert.fired].data.correlationKey`. */
  readonly path: string;
  readonly kind: IncompatibilityKind;
  readonly message: string;
}

/** One line per problem, for test failures and the snapshot script. */
export function formatIncompatibilities(incompatibilities: readonly SchemaIncompatibility[]): string {
  return incompatibilities.map((item) => `- ${item.path}: ${item.message} [${item.kind}]`).join('\n');
}

type Schema = JsonSchema | boolean;

interface Context {
  previousRoot: JsonSchema;
  nextRoot: JsonSchema;
  report: (item: SchemaIncompatibility) => void;
}

// Keywords that describe a value without constraining it.
const annotationKeywords = new Set([
  '$schema', '$id', '$defs', 'definitions', 'title', 'description', 'default', 'examples', 'deprecated',
  'readOnly', 'writeOnly', '$comment',
]);

// Keywords this checker understands; a change in any other one is reported as unsupported.
const analysedKeywords = new Set([
  ...annotationKeywords,
  '$ref', 'id',
  'type', 'const', 'enum', 'anyOf', 'oneOf',
  'properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties', 'maxProperties',
  'items', 'minItems', 'maxItems',
  'minLength', 'maxLength', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
]);

function compare(previousSchema: Schema, nextSchema: Schema, path: string, context: Context): void {
  const previous = resolve(previousSchema, context.previousRoot);
  const next = resolve(nextSchema, context.nextRoot);
  if (next === true || (typeof next === 'object' && Object.keys(next).every((keyword) => annotationKeywords.has(keyword)))) return;
  if (previous === false) return;
  if (next === false) {
    context.report({ path, kind: 'type_changed', message: 'now accepts nothing' });
    return;
  }
  if (previous === true) {
    context.report({ path, kind: 'type_changed', message: 'accepted any value, now constrained' });
    return;
  }
  if (isUnion(previous) || isUnion(next)) {
    compareUnions(previous, next, path, context);
    return;
  }
  if (!compareTypes(previous, next, path, context)) return;
  compareDefaults(previous, next, path, context);
  compareValues(previous, next, path, context);
  compareBounds(previous, next, path, context);
  compareObjects(previous, next, path, context);
  if (next['items'] !== undefined) compare((previous['items'] as Schema | undefined) ?? true, next['items'] as Schema, `${path}[]`, context);
  reportUnanalysedChanges(previous, next, path, context);
}

function compareUnions(previous: JsonSchema, next: JsonSchema, path: string, context: Context): void {
  const nextMembers = membersOf(next, context.nextRoot);
  const previousMembers = membersOf(previous, context.previousRoot);
  // Members are told apart by the const properties whose values differ between them (`type` in an event union);
  // a const shared by all (`specversion`) is compared like any other property.
  const constsByMember = previousMembers.map((member) => new Map(constProperties(member)));
  const constKeys = new Set(constsByMember.flatMap((consts) => [...consts.keys()]));
  const discriminatorKeys = new Set(
    [...constKeys].filter((key) => constsByMember.some((consts) => !isDeepStrictEqual(consts.get(key), constsByMember[0]?.get(key)))),
  );
  previousMembers.forEach((member, index) => {
    const discriminators = constProperties(member).filter(([key]) => discriminatorKeys.has(key));
    // A lone member has no discriminator to tell it apart; an event `type` still names it better than an index.
    const labelParts = discriminators.length > 0 ? discriminators : constProperties(member).filter(([key]) => key === 'type');
    const label = labelParts.length > 0 ? labelParts.map(([key, value]) => `${key}=${String(value)}`).join(',') : `${index}`;
    const memberPath = isUnion(previous) ? `${path}[${label}]` : path;
    const candidates = nextMembers.filter((candidate) => {
      const candidateConsts = new Map(constProperties(candidate));
      return discriminators.every(([key, value]) => isDeepStrictEqual(candidateConsts.get(key), value));
    });
    if (candidates.length === 0) {
      context.report({ path: memberPath, kind: 'union_member_removed', message: `union member ${label} removed` });
      return;
    }
    // The member survives if some candidate accepts it; otherwise show the closest candidate's problems.
    let closest: SchemaIncompatibility[] | undefined;
    for (const candidate of candidates) {
      const problems: SchemaIncompatibility[] = [];
      compare(member, candidate, memberPath, { ...context, report: (item) => problems.push(item) });
      if (problems.length === 0) return;
      if (closest === undefined || problems.length < closest.length) closest = problems;
    }
    closest?.forEach((item) => context.report(item));
  });
}

/** Returns false when the types changed so much that comparing further would only add noise. */
function compareTypes(previous: JsonSchema, next: JsonSchema, path: string, context: Context): boolean {
  const nextTypes = typesOf(next);
  if (nextTypes === undefined) return true;
  const previousTypes = typesOf(previous);
  if (previousTypes === undefined) {
    context.report({ path, kind: 'type_changed', message: `accepted any type, now only ${nextTypes.join(' | ')}` });
    return false;
  }
  const lost = previousTypes.filter(
    (type) => !nextTypes.includes(type) && !(type === 'integer' && nextTypes.includes('number')),
  );
  if (lost.length === 0) return true;
  context.report({
    path,
    kind: 'type_changed',
    message: `type changed from ${previousTypes.join(' | ')} to ${nextTypes.join(' | ')}`,
  });
  return false;
}

function compareValues(previous: JsonSchema, next: JsonSchema, path: string, context: Context): void {
  const nextValues = allowedValues(next);
  if (nextValues === undefined) return;
  const previousValues = allowedValues(previous);
  if (previousValues === undefined) {
    context.report({
      path,
      kind: 'constraint_tightened',
      message: `any value was allowed, now only ${nextValues.map(show).join(', ')}`,
    });
    return;
  }
  const removed = previousValues.filter((value) => !nextValues.some((candidate) => isDeepStrictEqual(candidate, value)));
  if (removed.length === 0) return;
  if ('const' in previous && 'const' in next) {
    context.report({ path, kind: 'const_changed', message: `const changed from ${show(previous['const'])} to ${show(next['const'])}` });
    return;
  }
  for (const value of removed) {
    context.report({ path, kind: 'enum_value_removed', message: `value ${show(value)} removed` });
  }
}

/** A default is what an absent field means: changing or dropping it silently changes old events that left it out. */
function compareDefaults(previous: JsonSchema, next: JsonSchema, path: string, context: Context): void {
  if (!('default' in previous)) return;
  if (!('default' in next)) {
    context.report({ path, kind: 'default_changed', message: `default ${show(previous['default'])} removed` });
  } else if (!isDeepStrictEqual(previous['default'], next['default'])) {
    context.report({ path, kind: 'default_changed', message: `default changed from ${show(previous['default'])} to ${show(next['default'])}` });
  }
}

type Bound = { value: number; exclusive: boolean };

function compareBounds(previous: JsonSchema, next: JsonSchema, path: string, context: Context): void {
  for (const keyword of ['maxLength', 'maxItems', 'maxProperties'] as const) {
    const before = numberOf(previous[keyword]);
    const after = numberOf(next[keyword]);
    if (after !== undefined && (before === undefined || after < before)) {
      context.report({ path, kind: 'constraint_tightened', message: `${keyword} tightened from ${before ?? 'none'} to ${after}` });
    }
  }
  for (const keyword of ['minLength', 'minItems', 'minProperties'] as const) {
    const before = numberOf(previous[keyword]);
    const after = numberOf(next[keyword]);
    if (after !== undefined && after > (before ?? 0)) {
      context.report({ path, kind: 'constraint_tightened', message: `${keyword} tightened from ${before ?? 'none'} to ${after}` });
    }
  }
  const upperBefore = bound(previous, 'maximum', 'exclusiveMaximum', Math.min);
  const upperAfter = bound(next, 'maximum', 'exclusiveMaximum', Math.min);
  if (upperAfter !== undefined && (upperBefore === undefined || tighterBound(upperAfter, upperBefore, -1))) {
    context.report({ path, kind: 'constraint_tightened', message: `maximum tightened from ${showBound(upperBefore)} to ${showBound(upperAfter)}` });
  }
  const lowerBefore = bound(previous, 'minimum', 'exclusiveMinimum', Math.max);
  const lowerAfter = bound(next, 'minimum', 'exclusiveMinimum', Math.max);
  if (lowerAfter !== undefined && (lowerBefore === undefined || tighterBound(lowerAfter, lowerBefore, 1))) {
    context.report({ path, kind: 'constraint_tightened', message: `minimum tightened from ${showBound(lowerBefore)} to ${showBound(lowerAfter)}` });
  }
  const multipleBefore = numberOf(previous['multipleOf']);
  const multipleAfter = numberOf(next['multipleOf']);
  if (multipleAfter !== undefined && (multipleBefore === undefined || multipleBefore % multipleAfter !== 0)) {
    context.report({ path, kind: 'constraint_tightened', message: `multipleOf changed from ${multipleBefore ?? 'none'} to ${multipleAfter}` });
  }
  for (const keyword of ['pattern', 'format'] as const) {
    const before = previous[keyword];
    const after = next[keyword];
    if (after !== undefined && !isDeepStrictEqual(before, after)) {
      context.report({
        path,
        kind: 'constraint_tightened',
        message: before === undefined ? `${keyword} ${show(after)} added` : `${keyword} changed from ${show(before)} to ${show(after)}`,
      });
    }
  }
}

function compareObjects(previous: JsonSchema, next: JsonSchema, path: string, context: Context): void {
  const previousProperties = recordOf(previous['properties']);
  const nextProperties = recordOf(next['properties']);
  const previousRequired = new Set(stringsOf(previous['required']));
  const nextRequired = new Set(stringsOf(next['required']));
  const nextAdditional = next['additionalProperties'];

  for (const name of previousRequired) {
    if (nextRequired.has(name)) continue;
    if (!(name in nextProperties)) {
      context.report({ path: `${path}.${name}`, kind: 'property_removed', message: 'required property removed' });
    } else {
      context.report({
        path: `${path}.${name}`,
        kind: 'property_made_optional',
        message: 'required property made optional: consumers relying on it would break',
      });
    }
  }
  for (const name of nextRequired) {
    if (!previousRequired.has(name)) {
      context.report({
        path: `${path}.${name}`,
        kind: 'required_property_added',
        message: name in previousProperties ? 'optional property made required' : 'new required property',
      });
    }
  }
  for (const [name, previousProperty] of Object.entries(previousProperties)) {
    const nextProperty = nextProperties[name];
    if (nextProperty !== undefined) {
      compare(previousProperty, nextProperty, `${path}.${name}`, context);
    } else if (nextAdditional === false) {
      if (!previousRequired.has(name)) {
        context.report({ path: `${path}.${name}`, kind: 'property_removed', message: 'property removed and no longer allowed' });
      }
    } else if (nextAdditional !== undefined) {
      compare(previousProperty, nextAdditional as Schema, `${path}.${name}`, context);
    }
  }

  const previousAdditional = previous['additionalProperties'];
  if (nextAdditional !== undefined && nextAdditional !== true) {
    if (nextAdditional === false) {
      if (previousAdditional !== false) {
        context.report({
          path,
          kind: 'additional_properties_tightened',
          message: 'additional properties were allowed, now forbidden',
        });
      }
    } else if (previousAdditional === undefined || previousAdditional === true) {
      context.report({
        path,
        kind: 'additional_properties_tightened',
        message: 'additional properties were unconstrained, now must match a schema',
      });
    } else if (previousAdditional !== false) {
      compare(previousAdditional as Schema, nextAdditional as Schema, `${path}.*`, context);
    }
  }

  const nextNames = next['propertyNames'];
  if (nextNames !== undefined) {
    compare((previous['propertyNames'] as Schema | undefined) ?? true, nextNames as Schema, `${path}.(key)`, context);
  }
}

function reportUnanalysedChanges(previous: JsonSchema, next: JsonSchema, path: string, context: Context): void {
  const keywords = new Set([...Object.keys(previous), ...Object.keys(next)]);
  for (const keyword of keywords) {
    if (analysedKeywords.has(keyword) || isDeepStrictEqual(previous[keyword], next[keyword])) continue;
    context.report({ path, kind: 'unsupported_change', message: `"${keyword}" changed and this checker cannot tell whether that is safe` });
  }
}

function resolve(schema: Schema, root: JsonSchema): Schema {
  let current = schema;
  // Bounded, so a cyclic $ref chain cannot hang the check.
  for (let hops = 0; hops < 32 && typeof current === 'object' && typeof current['$ref'] === 'string'; hops += 1) {
    const { $ref, ...siblings } = current;
    const target = lookUp(root, $ref as string);
    if (target === undefined) return current;
    current = typeof target === 'boolean' ? target : { ...target, ...siblings };
  }
  return current;
}

function lookUp(root: JsonSchema, ref: string): Schema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(2).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'boolean' || (typeof node === 'object' && node !== null) ? (node as Schema) : undefined;
}

function isUnion(schema: JsonSchema): boolean {
  return Array.isArray(schema['anyOf']) || Array.isArray(schema['oneOf']);
}

function membersOf(schema: JsonSchema, root: JsonSchema): JsonSchema[] {
  const members = (schema['anyOf'] ?? schema['oneOf'] ?? [schema]) as Schema[];
  return members
    .map((member) => resolve(member, root))
    .map((member) => (member === true ? {} : member === false ? { not: {} } : member));
}

function constProperties(schema: JsonSchema): Array<[string, unknown]> {
  return Object.entries(recordOf(schema['properties']))
    .filter(([, property]) => typeof property === 'object' && 'const' in property)
    .map(([name, property]) => [name, (property as JsonSchema)['const']]);
}

function typesOf(schema: JsonSchema): string[] | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return undefined;
}

function allowedValues(schema: JsonSchema): unknown[] | undefined {
  if ('const' in schema) return [schema['const']];
  return Array.isArray(schema['enum']) ? schema['enum'] : undefined;
}

function bound(schema: JsonSchema, inclusiveKey: string, exclusiveKey: string, pick: (a: number, b: number) => number): Bound | undefined {
  const inclusive = numberOf(schema[inclusiveKey]);
  const exclusive = numberOf(schema[exclusiveKey]);
  if (inclusive === undefined && exclusive === undefined) return undefined;
  if (inclusive === undefined) return { value: exclusive as number, exclusive: true };
  if (exclusive === undefined) return { value: inclusive, exclusive: false };
  const value = pick(inclusive, exclusive);
  return { value, exclusive: value === exclusive };
}

/** `direction` 1 for lower bounds (higher is tighter), -1 for upper bounds (lower is tighter). */
function tighterBound(after: Bound, before: Bound, direction: 1 | -1): boolean {
  if (after.value !== before.value) return (after.value - before.value) * direction > 0;
  return after.exclusive && !before.exclusive;
}

function showBound(value: Bound | undefined): string {
  if (value === undefined) return 'none';
  return value.exclusive ? `${value.value} (exclusive)` : String(value.value);
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function recordOf(value: unknown): Record<string, Schema> {
  return typeof value === 'object' && value !== null ? (value as Record<string, Schema>) : {};
}

function show(value: unknown): string {
  return JSON.stringify(value);
}
