/**
 * Generate Game Data through the answering engine, against the development gateway over HTTP:
 * `POST /v1/structured` with the user's schema on Monster Gaming, `response_format: json_schema`
 * on an OpenAI-compatible server, the engine's fallback to `json_object` where structured output
 * is unsupported, a reply that breaks the schema (the `structuredInvalid` fault) listed error by
 * error, and a refusal reported as one (not asked again).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnswerEngine } from '../../src/answering/engine';
import { DisciplineRouter } from '../../src/disciplines/router';
import { GatewayClient } from '../../src/gateway/client';
import type { ProviderId } from '../../src/gateway/providers';
import { oversizedSchema, requestGameData, type GameDataAsk, type GameDataOutcome } from '../../src/gameData/gameDataRequest';
import { checkSchema } from '../../src/gameData/schemaCheck';
import { startGateway, type DevGateway } from '../gateway/server';

const SCHEMA_PATH = 'Assets/Data/loot-table.schema.json';
const SCHEMA_TEXT = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'demo', 'sample-game', SCHEMA_PATH), 'utf8');
const SCHEMA = JSON.parse(SCHEMA_TEXT) as unknown;
const ASK: GameDataAsk = { schemaText: SCHEMA_TEXT, schemaPath: SCHEMA_PATH, description: 'a loot table for a level-5 goblin camp' };
// Not strict: a user's schema need not be in OpenAI's strict subset.
const FORMAT = { type: 'json_schema', json_schema: { name: 'loot-table', schema: SCHEMA, strict: false } };

describe('Generate Game Data, against the development gateway', () => {
  let gateway: DevGateway;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  function engineFor(provider: 'monsterGaming' | 'openaiCompatible'): AnswerEngine {
    const monster = provider === 'monsterGaming';
    const baseUrl = monster ? gateway.url : gateway.url.replace(/\/v1$/, '/openai/v1');
    return new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl, apiKey: monster ? 'mg_live_studio_gamedata' : undefined })),
      settings: () => ({ model: monster ? 'monster-gpt' : 'llama3.2', discipline: 'auto', rateLimitMaxWaitSeconds: 60, provider: { id: provider as ProviderId } }),
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
    });
  }

  const generate = (engine: AnswerEngine, ask: GameDataAsk = ASK): Promise<GameDataOutcome> => requestGameData(engine, ask, new AbortController().signal);
  const sent = (): Array<{ path: string; format: unknown }> => gateway.requests.map((r) => ({ path: r.path, format: (r.body as { response_format?: unknown }).response_format }));
  const userMessage = (index: number): string => ((gateway.requests[index].body as { messages: Array<{ role: string; content: string }> }).messages.at(-1)?.content ?? '');

  /** The data opened is the reply checked again, independently, against the schema. */
  async function assertValid(outcome: GameDataOutcome, structured: boolean): Promise<void> {
    assert.ok(outcome.kind === 'valid', JSON.stringify(outcome));
    assert.equal(outcome.structured, structured);
    assert.deepEqual(await checkSchema(SCHEMA_TEXT, outcome.pretty), { kind: 'valid', pretty: outcome.pretty });
    const data = JSON.parse(outcome.pretty) as { drops: unknown[] };
    assert.ok(data.drops.length >= 1);
  }

  it('Monster Gaming: asks POST /v1/structured with the user schema and the description, and the reply validates', async () => {
    await assertValid(await generate(engineFor('monsterGaming')), true);
    assert.deepEqual(sent(), [{ path: '/v1/structured', format: FORMAT }]);
    assert.match(userMessage(0), /^Request: a loot table for a level-5 goblin camp$/m);
    assert.equal(gateway.requests[0].headers.authorization, 'Bearer mg_live_studio_gamedata');
  });

  it('an OpenAI-compatible server: response_format json_schema on chat completions', async () => {
    await assertValid(await generate(engineFor('openaiCompatible')), true);
    assert.deepEqual(sent(), [{ path: '/openai/v1/chat/completions', format: FORMAT }]);
  });

  it('falls back to json_object where /v1/structured is unsupported; the reply is still checked against the schema', async () => {
    gateway.setFault({ kind: 'structuredUnsupported' });
    await assertValid(await generate(engineFor('monsterGaming')), false);
    assert.deepEqual(sent(), [
      { path: '/v1/structured', format: FORMAT },
      { path: '/v1/chat/completions', format: { type: 'json_object' } },
    ]);
    // The schema travels in the prompt, so a json_object model can follow it.
    assert.ok(userMessage(1).includes(JSON.stringify(SCHEMA)));
  });

  it('a reply that breaks the schema is listed error by error, with the raw reply kept', async () => {
    gateway.setFault({ kind: 'structuredInvalid' });
    const outcome = await generate(engineFor('monsterGaming'));
    assert.ok(outcome.kind === 'invalid', JSON.stringify(outcome));
    assert.deepEqual(outcome.errors, [
      { path: '/', message: "must have required property 'name'" },
      { path: '/level', message: 'must be integer' },
    ]);
    assert.ok(!('name' in (JSON.parse(outcome.reply) as object)));
  });

  it('a schema too large to send is told before the description is asked; one that passes the check is sent with the longest description', async () => {
    /** A schema of `count` described properties (what makes real schemas large). */
    const schemaOf = (count: number): string =>
      JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: Object.fromEntries(Array.from({ length: count }, (_, i) => [`stat_${i}`, { type: 'integer', minimum: 0, description: `How much the "${i}" stat adds to the NPC's power, per level.` }])),
      });
    const big: GameDataAsk = { schemaText: schemaOf(300), schemaPath: 'Assets/Data/npc.schema.json', description: 'a goblin' };
    assert.ok(big.schemaText.length > 30_000 && big.schemaText.length < 40_000, `${big.schemaText.length}`);
    // What happened before the check: the description typed, then the request refused as too large.
    const refused = await generate(engineFor('monsterGaming'), big);
    assert.ok(refused.kind === 'failed', JSON.stringify(refused));
    assert.equal(refused.error.code, 'PAYLOAD_TOO_LARGE');
    const over = oversizedSchema(big);
    assert.ok(over, 'the check refuses it up front');
    assert.ok(over.bytes > over.maxBytes, JSON.stringify(over));

    // The largest schema the check lets through still fits with a 2,000-character description.
    let count = 300;
    while (oversizedSchema({ ...big, schemaText: schemaOf(count) })) count -= 10;
    const fits: GameDataAsk = { ...big, schemaText: schemaOf(count), description: 'a level-5 goblin "shaman" with fire spells\n'.repeat(50).slice(0, 2000) };
    gateway.reset();
    const outcome = await generate(engineFor('monsterGaming'), fits);
    assert.notEqual(outcome.kind, 'failed', JSON.stringify(outcome).slice(0, 300));
  });

  it('a refusal is reported as the refusal, not asked again', async () => {
    gateway.setFault({ kind: 'structuredRefusal', text: 'I cannot make loot for that.' });
    assert.deepEqual(await generate(engineFor('openaiCompatible')), { kind: 'refused', refusal: 'I cannot make loot for that.' });
    assert.equal(gateway.requests.length, 1);
  });

  it('a gateway error is the engine\'s described failure', async () => {
    gateway.setFault({ kind: 'error', code: 'CREDITS_EXHAUSTED' });
    const outcome = await generate(engineFor('monsterGaming'));
    assert.ok(outcome.kind === 'failed');
    assert.equal(outcome.error.code, 'CREDITS_EXHAUSTED');
  });
});
