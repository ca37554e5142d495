/**
 * Generate Game Data's schema check (src/gameData/schemaCheck.ts): ajv in a worker thread, with the
 * schema and the reply bounded in size, nothing fetched for a remote `$ref`, a broken schema
 * reported as such, and a catastrophic `pattern` stopped by the time bound (the worker is
 * terminated; the extension host's thread never runs the regular expression).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSchema, MAX_ERRORS, MAX_REPLY_BYTES, MAX_SCHEMA_BYTES } from '../../src/gameData/schemaCheck';

const LOOT = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['name', 'drops'],
  properties: {
    name: { type: 'string', minLength: 1 },
    drops: { type: 'array', items: { type: 'object', required: ['item', 'weight'], properties: { item: { type: 'string' }, weight: { type: 'integer', minimum: 1 } } } },
  },
});

describe('Generate Game Data: the schema check', () => {
  it('passes a reply that matches, pretty-printed', async () => {
    const result = await checkSchema(LOOT, '{"name":"Goblin camp","drops":[{"item":"Rusty dagger","weight":5}]}');
    assert.deepEqual(result, { kind: 'valid', pretty: '{\n  "name": "Goblin camp",\n  "drops": [\n    {\n      "item": "Rusty dagger",\n      "weight": 5\n    }\n  ]\n}' });
  });

  it('lists what breaks the schema: where (instancePath) and what, every error found', async () => {
    const result = await checkSchema(LOOT, '{"drops":[{"item":7,"weight":0}]}');
    assert.equal(result.kind, 'invalid');
    assert.ok(result.kind === 'invalid');
    assert.deepEqual(
      [...result.errors].sort((a, b) => a.path.localeCompare(b.path)),
      [
        { path: '/', message: "must have required property 'name'" },
        { path: '/drops/0/item', message: 'must be string' },
        { path: '/drops/0/weight', message: 'must be >= 1' },
      ],
    );
    assert.equal(result.total, 3);
  });

  it('lists at most MAX_ERRORS errors, and says how many there were', async () => {
    const reply = JSON.stringify({ name: 'x', drops: Array.from({ length: 100 }, () => ({ item: 1, weight: 1 })) });
    const result = await checkSchema(LOOT, reply);
    assert.ok(result.kind === 'invalid', JSON.stringify(result));
    assert.equal(result.errors.length, MAX_ERRORS);
    assert.equal(result.total, 100);
  });

  it('says a reply that is not JSON is not JSON', async () => {
    const result = await checkSchema(LOOT, 'Here is your loot table: {');
    assert.equal(result.kind, 'notJson');
  });

  it('reports a broken schema before any reply: an unknown type, not JSON, an unsupported $schema', async () => {
    const unknownType = await checkSchema('{"type":"objekt"}');
    assert.ok(unknownType.kind === 'schemaInvalid', JSON.stringify(unknownType));
    assert.match(unknownType.message, /type/);
    const notJson = await checkSchema('{"type": "object",');
    assert.ok(notJson.kind === 'schemaInvalid');
    assert.match(notJson.message, /not JSON/);
    const draft4 = await checkSchema('{"$schema":"http://json-schema.org/draft-04/schema#","type":"object"}');
    assert.ok(draft4.kind === 'schemaInvalid');
    assert.match(draft4.message, /draft-04.*not supported/);
    assert.deepEqual(await checkSchema(LOOT), { kind: 'schemaValid' });
  });

  it('compiles 2020-12 schemas with their own keywords (prefixItems)', async () => {
    const schema = JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false });
    assert.equal((await checkSchema(schema, '["sword", 3]')).kind, 'valid');
    assert.equal((await checkSchema(schema, '["sword", "3"]')).kind, 'invalid');
  });

  it('never fetches a remote $ref: the schema is reported invalid and the server sees no request', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits += 1;
      res.end('{"type":"string"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/item.schema.json`;
      const result = await checkSchema(JSON.stringify({ type: 'object', properties: { item: { $ref: url } } }), '{"item":"x"}');
      assert.ok(result.kind === 'schemaInvalid', JSON.stringify(result));
      assert.match(result.message, /can't resolve reference.*not loaded/);
      assert.equal(hits, 0);
    } finally {
      server.close();
    }
  });

  it('refuses a schema or a reply over the size bound without reading it', async () => {
    const big = JSON.stringify({ type: 'object', description: 'x'.repeat(MAX_SCHEMA_BYTES) });
    assert.deepEqual(await checkSchema(big), { kind: 'tooLarge', what: 'schema', bytes: Buffer.byteLength(big), limit: MAX_SCHEMA_BYTES });
    const reply = JSON.stringify({ name: 'y'.repeat(MAX_REPLY_BYTES) });
    assert.deepEqual(await checkSchema(LOOT, reply), { kind: 'tooLarge', what: 'reply', bytes: Buffer.byteLength(reply), limit: MAX_REPLY_BYTES });
  });

  it('stops a catastrophic pattern at the time bound (the worker is terminated)', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { id: { type: 'string', pattern: '^(a+)+$' } } });
    // The same schema checks a short reply at once: the bound is what stops the long one.
    assert.equal((await checkSchema(schema, '{"id":"aaa"}', { timeoutMs: 20_000 })).kind, 'valid');
    const hostile = JSON.stringify({ id: `${'a'.repeat(60)}!` });
    assert.deepEqual(await checkSchema(schema, hostile, { timeoutMs: 1000 }), { kind: 'timeout', ms: 1000 });
  });

  it('stops when cancelled', async () => {
    const schema = JSON.stringify({ type: 'string', pattern: '^(a+)+$' });
    const controller = new AbortController();
    const pending = checkSchema(schema, JSON.stringify(`${'a'.repeat(60)}!`), { timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    assert.deepEqual(await pending, { kind: 'failed', message: 'cancelled' });
  });
});
