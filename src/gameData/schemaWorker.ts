/**
 * Runs in a worker thread (schemaCheck.ts starts it, bundled as dist/schemaWorker.js): compiles a
 * user's JSON Schema with ajv and, when given one, validates a reply against it. Both are hostile:
 * a schema's `pattern` can backtrack for ever on the reply, and ajv cannot interrupt a regular
 * expression, so this runs where the caller can terminate it. Nothing is fetched: a `$ref`
 * outside the file is a compile error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Ajv, { type ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { SchemaCheckInput, SchemaCheckResult } from './schemaTypes';

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // ajv names the reference it could not find; say why it was not looked for.
  const missing = (error as { missingRef?: unknown } | null)?.missingRef;
  return typeof missing === 'string' ? `${text} (references outside the schema file are not loaded)` : text;
}

function check(input: SchemaCheckInput): SchemaCheckResult {
  let schema: unknown;
  try {
    schema = JSON.parse(input.schema);
  } catch (error) {
    return { kind: 'schemaInvalid', message: `it is not JSON: ${describe(error)}` };
  }
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) return { kind: 'schemaInvalid', message: 'a schema is a JSON object (or true/false)' };
  const declared = typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  if (declared !== undefined && (typeof declared !== 'string' || (!DRAFT_07.test(declared) && !DRAFT_2020.test(declared)))) {
    return { kind: 'schemaInvalid', message: `"$schema": ${JSON.stringify(declared).slice(0, 200)} is not supported (draft-07 and 2020-12 are)` };
  }
  // strict off: unknown keywords (a game's own annotations) are allowed; formats are annotations only (no ajv-formats).
  const options = { allErrors: true, strict: false, validateFormats: false, logger: false } as const;
  let validate;
  try {
    validate = typeof declared === 'string' && DRAFT_2020.test(declared) ? new Ajv2020(options).compile(schema) : new Ajv(options).compile(schema);
  } catch (error) {
    return { kind: 'schemaInvalid', message: describe(error) };
  }
  if (input.reply === undefined) return { kind: 'schemaValid' };
  let value: unknown;
  try {
    value = JSON.parse(input.reply);
  } catch (error) {
    return { kind: 'notJson', message: describe(error) };
  }
  if (validate(value)) return { kind: 'valid', pretty: JSON.stringify(value, null, 2) };
  const errors: readonly ErrorObject[] = validate.errors ?? [];
  return {
    kind: 'invalid',
    total: errors.length,
    errors: errors.slice(0, input.maxErrors).map((e) => ({ path: e.instancePath.slice(0, 200) || '/', message: (e.message ?? e.keyword).slice(0, 200) })),
  };
}

// ajv is loaded: the time bound starts now (loading it is bounded separately).
parentPort?.postMessage('started');
parentPort?.postMessage(check(workerData as SchemaCheckInput));
