/**
 * Fixes and Edit Selection through structured output, against the development gateway over HTTP:
 * `POST /v1/structured` with the edit-list schema on Monster Gaming, `response_format:
 * json_schema` on an OpenAI-compatible server, the fallback to `json_object` (read tolerantly) on
 * a refusal or where either is unsupported, and a reply that breaks the schema refused whole.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnswerEngine } from '../../src/answering/engine';
import { DisciplineRouter } from '../../src/disciplines/router';
import { EDIT_LIST_NAME, EDIT_LIST_SCHEMA } from '../../src/fix/editListSchema';
import { FixRefusedError } from '../../src/fix/fixProposal';
import { requestFix, type FixFacts } from '../../src/fix/requestFix';
import { GatewayClient } from '../../src/gateway/client';
import type { ProviderId } from '../../src/gateway/providers';
import { startGateway, type DevGateway } from '../gateway/server';

const input: FixFacts = {
  lines: ['export class Player {', "  name = 'hero';", "  hp: number = '100';", '}'],
  relativePath: 'src/player.ts',
  languageId: 'typescript',
  diagnostic: { message: "Type 'string' is not assignable to type 'number'.", source: 'ts', code: '2322', severity: 'error', startLine: 3, startColumn: 3, endLine: 3, endColumn: 5 },
  nearby: [],
};
/** What the gateway's fix rules answer, whichever way it is asked. */
const FIXED = [{ startLine: 3, endLine: 3, newText: '  hp: number = 100;' }];
const SCHEMA_FORMAT = { type: 'json_schema', json_schema: { name: EDIT_LIST_NAME, schema: EDIT_LIST_SCHEMA, strict: true } };

describe('Structured output for fixes and edits, against the development gateway', () => {
  let gateway: DevGateway;
  const logs: string[] = [];

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => {
    gateway.reset();
    logs.length = 0;
  });

  /** A fresh engine (no memory of unsupported endpoints) for Monster Gaming or the plain OpenAI-compatible server. */
  function engineFor(provider: 'monsterGaming' | 'openaiCompatible'): AnswerEngine {
    const monster = provider === 'monsterGaming';
    const baseUrl = monster ? gateway.url : gateway.url.replace(/\/v1$/, '/openai/v1');
    return new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl, apiKey: monster ? 'mg_live_studio_structured' : undefined })),
      settings: () => ({ model: monster ? 'monster-gpt' : 'llama3.2', discipline: 'auto', rateLimitMaxWaitSeconds: 60, provider: { id: provider as ProviderId } }),
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
      log: (line) => logs.push(line),
    });
  }

  const fix = (engine: AnswerEngine): ReturnType<typeof requestFix> => requestFix(engine, input, new AbortController().signal);
  const sent = (): Array<{ path: string; format: unknown }> => gateway.requests.map((r) => ({ path: r.path, format: (r.body as { response_format?: unknown }).response_format }));

  async function refused(engine: AnswerEngine): Promise<FixRefusedError> {
    try {
      await fix(engine);
    } catch (error) {
      assert.ok(error instanceof FixRefusedError, String(error));
      return error;
    }
    assert.fail('the proposal should have been refused');
  }

  describe('Monster Gaming', () => {
    it('asks POST /v1/structured with the edit-list schema, and nothing else', async () => {
      const outcome = await fix(engineFor('monsterGaming'));
      assert.deepEqual(outcome.proposal.edits, FIXED);
      assert.deepEqual(sent(), [{ path: '/v1/structured', format: SCHEMA_FORMAT }]);
      assert.equal(gateway.requests[0].headers.authorization, 'Bearer mg_live_studio_structured');
      assert.equal(outcome.discipline, 'programming');
    });

    it('falls back to json_object when /v1/structured is not there (404), and remembers it', async () => {
      const engine = engineFor('monsterGaming');
      gateway.setFault({ kind: 'structuredUnsupported' });
      assert.deepEqual((await fix(engine)).proposal.edits, FIXED);
      assert.deepEqual(sent(), [
        { path: '/v1/structured', format: SCHEMA_FORMAT },
        { path: '/v1/chat/completions', format: { type: 'json_object' } },
      ]);
      assert.equal(gateway.requests[0].status, 404);
      assert.match(logs.join('\n'), /POST \/structured is not supported here \(404/);
      gateway.reset();
      assert.deepEqual((await fix(engine)).proposal.edits, FIXED);
      assert.deepEqual(sent(), [{ path: '/v1/chat/completions', format: { type: 'json_object' } }], 'the next fix goes straight to json_object');
    });

    it('falls back to json_object, read tolerantly, when the model refuses the schema; the next fix asks structured again', async () => {
      const engine = engineFor('monsterGaming');
      gateway.setFault({ kind: 'structuredRefusal', text: 'I will not write JSON today.' });
      // The fallback answer is fenced: only the tolerant reading accepts it.
      gateway.setFault({ kind: 'content', text: `Sure:\n\`\`\`json\n${JSON.stringify({ explanation: 'unquote', edits: FIXED })}\n\`\`\`` });
      assert.deepEqual((await fix(engine)).proposal.edits, FIXED);
      assert.deepEqual(sent().map((r) => r.path), ['/v1/structured', '/v1/chat/completions']);
      assert.match(logs.join('\n'), /refused \("I will not write JSON today\."\)/);
      gateway.reset();
      await fix(engine);
      assert.deepEqual(sent().map((r) => r.path), ['/v1/structured']);
    });

    it('does not fall back on a documented failure: a 402 is the answer', async () => {
      gateway.setFault({ kind: 'error', code: 'CREDITS_EXHAUSTED' });
      await assert.rejects(fix(engineFor('monsterGaming')), (error: unknown) => error instanceof Error && (error as { code?: string }).code === 'CREDITS_EXHAUSTED');
      assert.deepEqual(sent().map((r) => r.path), ['/v1/structured']);
    });

    const hostile: ReadonlyArray<[string, unknown, FixRefusedError['reason'], RegExp]> = [
      ['a line number as a string', { explanation: 'x', edits: [{ startLine: '3', endLine: 3, newText: 'a' }] }, 'malformed', /does not match the edit-list schema/],
      ['a field the schema does not have', { explanation: 'x', edits: FIXED, command: 'rm -rf /' }, 'malformed', /does not match the edit-list schema/],
      ['an edit without newText', { explanation: 'x', edits: [{ startLine: 3, endLine: 3 }] }, 'malformed', /does not match the edit-list schema/],
      ['line 0', { explanation: 'x', edits: [{ startLine: 0, endLine: 3, newText: 'a' }] }, 'malformed', /does not match the edit-list schema/],
      ['fenced JSON instead of JSON', `\`\`\`json\n${JSON.stringify({ explanation: 'x', edits: FIXED })}\n\`\`\``, 'unparsable', /not JSON/],
    ];
    for (const [what, reply, reason, message] of hostile) {
      it(`refuses a structured reply with ${what}: nothing applied, no second guess`, async () => {
        gateway.setFault({ kind: 'content', text: typeof reply === 'string' ? reply : JSON.stringify(reply) });
        const error = await refused(engineFor('monsterGaming'));
        assert.equal(error.reason, reason);
        assert.match(error.message, message);
        assert.match(error.message, /nothing was changed/);
        assert.deepEqual(sent().map((r) => r.path), ['/v1/structured'], 'a broken promise is not asked again as json_object');
      });
    }

    it('stops reading a structured reply past the bound, and refuses it', async () => {
      // A gateway that never stops: 64 KB chunks until the client hangs up.
      let written = 0;
      let closed = false;
      const endless = http.createServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.on('close', () => (closed = true));
        const chunk = Buffer.alloc(64 * 1024, ' ');
        const more = (): void => {
          while (!res.destroyed && written < 256 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
        };
        more();
      });
      await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
      try {
        const engine = new AnswerEngine({
          gateway: new GatewayClient(() => Promise.resolve({ baseUrl: `http://127.0.0.1:${(endless.address() as AddressInfo).port}/v1`, apiKey: 'mg_live_studio_structured' })),
          settings: () => ({ model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 }),
          hasKey: () => Promise.resolve(true),
          router: new DisciplineRouter(),
        });
        const error = await refused(engine);
        assert.equal(error.reason, 'unparsable');
        assert.match(error.message, /too long to be a fix/);
        for (let i = 0; i < 100 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(closed, true, 'the client should have hung up');
        assert.ok(written < 256 * 1024 * 1024, `the client read on: ${written} bytes written`);
      } finally {
        endless.closeAllConnections();
        await new Promise((resolve) => endless.close(resolve));
      }
    });

    it('still holds a schema-valid reply to the lines that were sent', async () => {
      gateway.setFault({ kind: 'content', text: JSON.stringify({ explanation: 'x', edits: [{ startLine: 3, endLine: 9, newText: 'a' }] }) });
      assert.equal((await refused(engineFor('monsterGaming'))).reason, 'outside');
    });
  });

  describe('an OpenAI-compatible server', () => {
    it('asks chat completions with response_format json_schema', async () => {
      const outcome = await fix(engineFor('openaiCompatible'));
      assert.deepEqual(outcome.proposal.edits, FIXED);
      assert.deepEqual(sent(), [{ path: '/openai/v1/chat/completions', format: SCHEMA_FORMAT }]);
    });

    it('falls back to json_object when json_schema is refused as unsupported (400), and remembers it', async () => {
      const engine = engineFor('openaiCompatible');
      gateway.setFault({ kind: 'structuredUnsupported' });
      assert.deepEqual((await fix(engine)).proposal.edits, FIXED);
      assert.deepEqual(sent(), [
        { path: '/openai/v1/chat/completions', format: SCHEMA_FORMAT },
        { path: '/openai/v1/chat/completions', format: { type: 'json_object' } },
      ]);
      assert.equal(gateway.requests[0].status, 400);
      gateway.reset();
      await fix(engine);
      assert.deepEqual(sent().map((r) => r.format), [{ type: 'json_object' }]);
    });

    it('falls back to json_object when the model streams a refusal', async () => {
      gateway.setFault({ kind: 'structuredRefusal' });
      assert.deepEqual((await fix(engineFor('openaiCompatible'))).proposal.edits, FIXED);
      assert.deepEqual(sent().map((r) => r.format), [SCHEMA_FORMAT, { type: 'json_object' }]);
    });

    it('refuses a json_schema reply that breaks the schema', async () => {
      gateway.setFault({ kind: 'content', text: JSON.stringify({ explanation: 'x', edits: [{ startLine: 3.5, endLine: 3, newText: 'a' }] }) });
      assert.equal((await refused(engineFor('openaiCompatible'))).reason, 'malformed');
    });
  });

  describe('the gateway\'s POST /v1/structured', () => {
    const post = (body: unknown, key: string | null = 'mg_live_studio_structured'): Promise<Response> =>
      fetch(`${gateway.url}/structured`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
    const loot = {
      type: 'object',
      required: ['item_name', 'rarity', 'damage'],
      properties: { item_name: { type: 'string' }, rarity: { type: 'string', enum: ['common', 'uncommon', 'rare', 'epic', 'legendary'] }, damage: { type: 'integer' }, effects: { type: 'array', items: { type: 'string' } } },
    };
    const documented = { model: 'deepseek-chat', messages: [{ role: 'user', content: 'Generate a loot drop for a dragon boss' }], response_format: { type: 'json_schema', json_schema: { name: 'loot_drop', schema: loot } } };

    it('answers the reference\'s example with a chat.completion whose content matches its schema', async () => {
      const response = await post(documented);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { object: string; choices: Array<{ message: { content: string } }> };
      assert.equal(body.object, 'chat.completion');
      assert.deepEqual(JSON.parse(body.choices[0].message.content), { item_name: 'item name 1', rarity: 'common', damage: 1, effects: ['effects 1', 'effects 2'] });
    });

    it('needs a key, a json_schema response_format and a named schema, answering in the documented envelope', async () => {
      const cases: ReadonlyArray<[unknown, string | null, number, string, RegExp]> = [
        [documented, null, 401, 'INVALID_API_KEY', /./],
        [{ ...documented, response_format: undefined }, 'mg_live_studio_structured', 400, 'INVALID_REQUEST', /response_format/],
        [{ ...documented, response_format: { type: 'json_object' } }, 'mg_live_studio_structured', 400, 'INVALID_REQUEST', /json_schema/],
        [{ ...documented, response_format: { type: 'json_schema', json_schema: { name: 'loot drop!', schema: loot } } }, 'mg_live_studio_structured', 400, 'INVALID_REQUEST', /name/],
        [{ ...documented, response_format: { type: 'json_schema', json_schema: { name: 'loot_drop' } } }, 'mg_live_studio_structured', 400, 'INVALID_REQUEST', /schema/],
      ];
      for (const [body, key, status, code, message] of cases) {
        const response = await post(body, key);
        assert.equal(response.status, status, JSON.stringify(body));
        const error = ((await response.json()) as { error: { code: string; message: string; is_retryable: boolean } }).error;
        assert.equal(error.code, code);
        assert.match(error.message, message);
        assert.equal(error.is_retryable, false);
      }
    });

    it('answers 503 MAINTENANCE during maintenance, like chat', async () => {
      gateway.setAccount({ maintenance: { eta: '2030-01-01T06:00:00Z', message: 'Database upgrade' } });
      const response = await post(documented);
      assert.equal(response.status, 503);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'MAINTENANCE');
    });

    it('answers a refusal as OpenAI does: no content, message.refusal', async () => {
      gateway.setFault({ kind: 'structuredRefusal' });
      const message = ((await (await post(documented)).json()) as { choices: Array<{ message: { content: unknown; refusal: string } }> }).choices[0].message;
      assert.equal(message.content, null);
      assert.equal(message.refusal, "I can't help with that request.");
    });
  });
});
