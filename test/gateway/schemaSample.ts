/**
 * What the development gateway answers to a request for data in a JSON Schema (`POST
 * /v1/structured`, `response_format: json_schema`, or a Generate Game Data prompt that carries its
 * schema under `JSON Schema:` and is asked as `json_object`): a small deterministic instance of
 * the schema. Every property is filled (required or not), arrays get two items (within
 * minItems/maxItems), numbers sit in range, strings are named after their property and fit their
 * lengths and common formats; local `$ref`s (`#/…`) are followed, `anyOf`/`oneOf` take the first
 * branch, `allOf` merges. `pattern` is not generated (keep it out of schemas the gateway must
 * satisfy). The `structuredInvalid` fault answers `brokenSampleOf` instead: the same data with a
 * required property missing and another of the wrong type.
 */

type Schema = Readonly<Record<string, unknown>>;

const MAX_DEPTH = 16;
const FORMATS: Readonly<Record<string, string>> = {
  date: '2026-01-01',
  'date-time': '2026-01-01T12:00:00Z',
  time: '12:00:00Z',
  email: 'designer@example.com',
  uri: 'https://example.com/item',
  uuid: '00000000-0000-4000-8000-000000000001',
};

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `#/definitions/x` (or `$defs`) in `root`; undefined for anything else (remote references are never fetched). */
function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let at: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    at = isSchema(at) ? at[key] : undefined;
  }
  return isSchema(at) ? at : undefined;
}

function requiredOf(s: Schema): string[] {
  return Array.isArray(s['required']) ? (s['required'] as unknown[]).filter((key): key is string => typeof key === 'string') : [];
}

function typeOf(s: Schema): string | undefined {
  const type = Array.isArray(s['type']) ? (s['type'] as unknown[]).find((t) => t !== 'null') : s['type'];
  if (typeof type === 'string') return type;
  if (isSchema(s['properties'])) return 'object';
  if (s['items'] !== undefined) return 'array';
  return undefined;
}

function num(s: Schema, key: string): number | undefined {
  return typeof s[key] === 'number' ? s[key] : undefined;
}

function numberIn(s: Schema, integer: boolean, index: number): number {
  const low = num(s, 'minimum') ?? (num(s, 'exclusiveMinimum') !== undefined ? (num(s, 'exclusiveMinimum') ?? 0) + 1 : undefined);
  const high = num(s, 'maximum') ?? (num(s, 'exclusiveMaximum') !== undefined ? (num(s, 'exclusiveMaximum') ?? 0) - 1 : undefined);
  let value = (low ?? 1) + index;
  if (high !== undefined && value > high) value = high;
  const step = num(s, 'multipleOf');
  if (step) value = Math.ceil(value / step) * step;
  return integer ? Math.round(value) : value;
}

function stringFor(s: Schema, name: string, index: number): string {
  const format = typeof s['format'] === 'string' ? FORMATS[s['format']] : undefined;
  let text = format ?? `${name.replace(/[_-]+/g, ' ').trim() || 'value'} ${index + 1}`;
  const min = num(s, 'minLength') ?? 0;
  const max = num(s, 'maxLength');
  if (text.length < min) text = text.padEnd(Math.min(min, 256), 'x');
  if (max !== undefined && text.length > max) text = text.slice(0, max);
  return text;
}

function sample(root: Schema, schema: unknown, name: string, index: number, depth: number): unknown {
  if (!isSchema(schema) || depth > MAX_DEPTH) return null;
  let s = schema;
  if (typeof s['$ref'] === 'string') return sample(root, resolveRef(root, s['$ref']), name, index, depth + 1);
  if (Array.isArray(s['enum']) && s['enum'].length > 0) return s['enum'][index % s['enum'].length] as unknown;
  if ('const' in s) return s['const'];
  for (const key of ['anyOf', 'oneOf']) {
    const branches = s[key];
    if (Array.isArray(branches) && branches.length > 0 && s['type'] === undefined && !isSchema(s['properties'])) return sample(root, branches[0], name, index, depth + 1);
  }
  if (Array.isArray(s['allOf'])) {
    const parts = (s['allOf'] as unknown[]).map((part) => (isSchema(part) && typeof part['$ref'] === 'string' ? resolveRef(root, part['$ref']) : part)).filter(isSchema);
    s = parts.reduce<Schema>(
      (all, part) => ({ ...all, ...part, properties: { ...(isSchema(all['properties']) ? all['properties'] : {}), ...(isSchema(part['properties']) ? part['properties'] : {}) }, required: [...requiredOf(all), ...requiredOf(part)] }),
      { ...s, allOf: undefined },
    );
  }
  switch (typeOf(s)) {
    case 'object': {
      const properties = isSchema(s['properties']) ? s['properties'] : {};
      const required = requiredOf(s);
      const keys = [...new Set([...Object.keys(properties), ...required])];
      return Object.fromEntries(keys.map((key) => [key, sample(root, properties[key] ?? { type: 'string' }, key, index, depth + 1)]));
    }
    case 'array': {
      const items = s['items'];
      const enumLength = isSchema(items) && Array.isArray(items['enum']) ? items['enum'].length : Infinity;
      const count = Math.max(num(s, 'minItems') ?? 0, Math.min(2, num(s, 'maxItems') ?? 2, s['uniqueItems'] === true ? enumLength : 2));
      return Array.from({ length: Math.min(count, 64) }, (_, i) => sample(root, items, name, i, depth + 1));
    }
    case 'integer':
      return numberIn(s, true, index);
    case 'number':
      return numberIn(s, false, index);
    case 'boolean':
      return index % 2 === 0;
    case 'null':
      return null;
    default:
      return stringFor(s, name, index);
  }
}

/** A deterministic instance of `schema`. */
export function sampleOf(schema: unknown): unknown {
  return isSchema(schema) ? sample(schema, schema, 'value', 0, 0) : null;
}

/** A value of a type other than `type` says. */
function wrongTypeFor(type: string | undefined): unknown {
  return type === 'string' ? 42 : type === 'number' || type === 'integer' ? 'not a number' : 'wrong type';
}

/**
 * `sampleOf(schema)` broken against it: an object loses its first required property and its next
 * typed property gets a value of another type; anything else becomes a value of the wrong type.
 */
export function brokenSampleOf(schema: unknown): unknown {
  const value = sampleOf(schema);
  if (!isSchema(schema) || !isSchema(value)) return isSchema(schema) ? wrongTypeFor(typeOf(schema)) : 'wrong type';
  const broken: Record<string, unknown> = { ...value };
  const required = requiredOf(schema);
  if (required[0] !== undefined) delete broken[required[0]];
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  const typed = Object.keys(properties).find((key) => key !== required[0] && isSchema(properties[key]) && typeOf(properties[key]) !== undefined);
  if (typed !== undefined) broken[typed] = wrongTypeFor(typeOf(properties[typed] as Schema));
  return broken;
}

/** The schema a Generate Game Data prompt carries: the fenced JSON after a `JSON Schema` line. */
export function schemaInPrompt(question: string): Schema | undefined {
  const match = /^JSON Schema\b[^\n]*:\s*\n```(?:json)?\n([\s\S]*?)\n```/m.exec(question);
  if (!match) return undefined;
  try {
    const parsed: unknown = JSON.parse(match[1]);
    return isSchema(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
