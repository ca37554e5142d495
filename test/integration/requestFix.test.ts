import * as assert from 'node:assert/strict';
import { AnswerEngine } from '../../src/answering/engine';
import { DisciplineRouter } from '../../src/disciplines/router';
import { GatewayClient } from '../../src/gateway/client';
import { GatewayError } from '../../src/gateway/errors';
import type { FixFacts } from '../../src/fix/requestFix';
import { FixRefusedError } from '../../src/fix/fixProposal';
import { requestFix } from '../../src/fix/requestFix';
import { EDIT_LIST_NAME, EDIT_LIST_SCHEMA } from '../../src/fix/editListSchema';
import { startGateway, type DevGateway } from '../gateway/server';

const lines = ['export class Player {', "  name = 'hero';", "  hp: number = '100';", '}'];
const input: FixFacts = {
  lines,
  relativePath: 'src/player.ts',
  languageId: 'typescript',
  diagnostic: { message: "Type 'string' is not assignable to type 'number'.", source: 'ts', code: '2322', severity: 'error', startLine: 3, startColumn: 3, endLine: 3, endColumn: 5 },
  nearby: [],
};

describe('requestFix against the development gateway', () => {
  let gateway: DevGateway;
  let engine: AnswerEngine;
  const instant = { now: () => Date.now(), sleep: () => Promise.resolve(undefined) };

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
    const client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: 'mg_live_studio_fixtests' }));
    engine = new AnswerEngine({
      gateway: client,
      settings: () => ({ model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 }),
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
      clock: instant,
    });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  const ask = (): ReturnType<typeof requestFix> => requestFix(engine, input, new AbortController().signal);

  async function refusal(): Promise<FixRefusedError> {
    try {
      await ask();
    } catch (error) {
      assert.ok(error instanceof FixRefusedError, String(error));
      return error;
    }
    assert.fail('the proposal should have been refused');
  }

  it('gets a validated proposal for the broken line, asked with POST /v1/structured and the edit-list schema', async () => {
    const outcome = await ask();
    assert.deepEqual(outcome.proposal.edits, [{ startLine: 3, endLine: 3, newText: '  hp: number = 100;' }]);
    assert.match(outcome.proposal.explanation, /2322/);
    assert.deepEqual(gateway.requests.map((r) => r.path), ['/v1/structured']);
    const body = gateway.requests.at(-1)?.body as { response_format: unknown; temperature: number; stream?: boolean };
    assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: EDIT_LIST_NAME, schema: EDIT_LIST_SCHEMA, strict: true } });
    assert.equal(body.temperature, 0);
    assert.equal(body.stream, undefined);
  });

  it('accepts the JSON inside a fenced block once the model declined the schema (json_object, read tolerantly)', async () => {
    gateway.setFault({ kind: 'structuredRefusal' });
    gateway.setFault({ kind: 'content', text: 'Here you go:\n```json\n{"explanation":"unquote","edits":[{"startLine":3,"endLine":3,"newText":"  hp: number = 100;"}]}\n```' });
    assert.equal((await ask()).proposal.edits.length, 1);
  });

  const bad: ReadonlyArray<[string, string, FixRefusedError['reason']]> = [
    ['garbage', 'Just change the type to string.', 'unparsable'],
    ['no edits', '{"explanation":"Looks fine to me.","edits":[]}', 'no-edits'],
    ['an edit outside the document', '{"explanation":"x","edits":[{"startLine":4,"endLine":9,"newText":"}"}]}', 'outside'],
    ['overlapping edits', '{"explanation":"x","edits":[{"startLine":1,"endLine":3,"newText":"a"},{"startLine":3,"endLine":4,"newText":"b"}]}', 'overlap'],
  ];
  for (const [what, text, reason] of bad) {
    it(`refuses ${what}`, async () => {
      gateway.setFault({ kind: 'content', text });
      assert.equal((await refusal()).reason, reason);
    });
  }

  describe('edits stay where the model looked', () => {
    // 400 lines, the error on line 300: the model is shown lines 240-360 only.
    const long = Array.from({ length: 400 }, (_, i) => `const value${i + 1} = ${i + 1};`);
    long[299] = "const hp: number = '100';";
    const far: FixFacts = { ...input, lines: long, diagnostic: { ...input.diagnostic, startLine: 300, endLine: 300 } };
    // Line 3 is too long to send whole: it goes as "…(line cut)".
    const cut: FixFacts = { ...input, lines: [...lines.slice(0, 2), `  hp: number = '${'9'.repeat(1500)}';`, lines[3]] };
    const askWith = (fix: FixFacts): ReturnType<typeof requestFix> => requestFix(engine, fix, new AbortController().signal);

    async function refusedWith(fix: FixFacts, answer: unknown): Promise<FixRefusedError> {
      gateway.setFault({ kind: 'content', text: JSON.stringify(answer) });
      try {
        await askWith(fix);
      } catch (error) {
        assert.ok(error instanceof FixRefusedError, String(error));
        return error;
      }
      assert.fail('the proposal should have been refused');
    }

    it('sends lines 240-360 for an error on line 300 (the window the edits must stay in)', async () => {
      const outcome = await askWith(far);
      assert.deepEqual(outcome.request.window, { startLine: 240, endLine: 360 });
      assert.deepEqual(outcome.proposal.edits, [{ startLine: 300, endLine: 300, newText: 'const hp: number = 100;' }]);
    });

    it('refuses a model shown lines 240-360 that deletes lines 1-5, saying why', async () => {
      const error = await refusedWith(far, { explanation: 'tidy the header', edits: [{ startLine: 1, endLine: 5, newText: '' }, { startLine: 300, endLine: 300, newText: 'const hp: number = 100;' }] });
      assert.equal(error.reason, 'outside-window');
      assert.match(error.message, /lines 1–5 .*outside the code that was sent \(lines 240–360\).*nothing was changed/);
      assert.equal(error.explanation, 'tidy the header');
    });

    it('refuses edits that reach past either end of the window', async () => {
      assert.equal((await refusedWith(far, { explanation: '', edits: [{ startLine: 239, endLine: 241, newText: 'x' }] })).reason, 'outside-window');
      assert.equal((await refusedWith(far, { explanation: '', edits: [{ startLine: 360, endLine: 361, newText: 'x' }] })).reason, 'outside-window');
    });

    it('refuses an edit of a line that was sent cut, even inside the window', async () => {
      const error = await refusedWith(cut, { explanation: '', edits: [{ startLine: 2, endLine: 3, newText: "  name = 'hero';\n  hp: number = 100;" }] });
      assert.equal(error.reason, 'cut-line');
      assert.match(error.message, /line 3\b.*too long to send whole.*nothing was changed/);
    });

    it('accepts an edit next to a cut line', async () => {
      gateway.setFault({ kind: 'content', text: JSON.stringify({ explanation: '', edits: [{ startLine: 2, endLine: 2, newText: "  name = 'hera';" }] }) });
      assert.equal((await askWith(cut)).proposal.edits.length, 1);
    });
  });

  it('keeps the model explanation when it refuses', async () => {
    gateway.setFault({ kind: 'content', text: '{"explanation":"Restart the TypeScript server.","edits":[]}' });
    assert.equal((await refusal()).explanation, 'Restart the TypeScript server.');
  });

  it('treats a stream cut as a failure, never as a partial proposal', async () => {
    gateway.setFault({ kind: 'disconnect', afterChunks: 3 });
    await assert.rejects(ask(), (e: unknown) => e instanceof GatewayError && e.code === 'STREAM_CUT');
  });

  it('stops reading an answer that grows past the size of any fix, and refuses it', async () => {
    // A hostile or runaway model: 1 MB of words, streamed as json_object once the schema was
    // declined. The fix stops the stream once it is past the bound, rather than collecting the
    // whole answer first. (The structured reply's bound: structuredProposal.test.ts.)
    gateway.setFault({ kind: 'structuredRefusal' });
    gateway.setFault({ kind: 'content', text: 'word '.repeat(200_000) });
    const error = await refusal();
    assert.equal(error.reason, 'unparsable');
    assert.match(error.message, /too long to be a fix/);
    const recorded = (): (typeof gateway.requests)[number] | undefined => gateway.requests.find((r) => r.path === '/v1/chat/completions');
    // The gateway hears the close on its own socket a moment later: wait for it, bounded.
    for (let i = 0; i < 100 && !recorded()?.clientAborted; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(recorded()?.finished, false, 'the gateway should not have sent the whole answer');
    assert.equal(recorded()?.clientAborted, true, 'the client should have closed the stream');
  });

  it('waits out a 429 before asking again', async () => {
    gateway.setFault({ kind: 'error', code: 'RATE_LIMITED', retryAfter: 1 });
    const outcome = await ask();
    assert.equal(outcome.proposal.edits.length, 1);
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/structured').length, 2);
  });
});
