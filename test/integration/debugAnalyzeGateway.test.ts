import * as assert from 'node:assert/strict';
import { MAX_QUESTION_CHARS } from '../gateway/debugAnalyze';
import { startGateway, type DevGateway } from '../gateway/server';

/** The development gateway's `POST /v1/debug/analyze` (reference: "Crash Analysis"). */
describe('Development gateway: POST /debug/analyze', () => {
  let gateway: DevGateway;
  const key = 'mg_live_starter_crashtests';
  const post = async (body: unknown, auth = true): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${gateway.url}/debug/analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const errorOf = (body: Record<string, unknown>): Record<string, unknown> => body.error as Record<string, unknown>;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  it('analyzes an inline stack: {crash_id, analysis, model, analyzed_at}, the analysis naming the top frame in the documented sections', async () => {
    const stack = ['try_jump (res://player/player.gd:80)', '_physics_process (res://player/player.gd:40)'];
    const answer = await post({ stack_trace: stack, platform: 'linux', engine: 'godot', question: 'Why only after a double jump?' });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body).sort(), ['analysis', 'analyzed_at', 'crash_id', 'model']);
    assert.equal(answer.body.crash_id, null);
    assert.equal(answer.body.model, 'deepseek-chat');
    assert.ok(!Number.isNaN(Date.parse(String(answer.body.analyzed_at))));
    const analysis = String(answer.body.analysis);
    for (const section of ['**Root Cause:**', '**Severity:**', '**Fix Suggestion:**', '**Prevention:**']) assert.ok(analysis.includes(section), section);
    assert.ok(analysis.includes('`try_jump (res://player/player.gd:80)`'));
    assert.ok(analysis.includes('godot on linux'));
    assert.ok(analysis.includes('Why only after a double jump?'));
    const [recorded] = gateway.requests;
    assert.equal(recorded.path, '/v1/debug/analyze');
    assert.deepEqual((recorded.body as Record<string, unknown>).stack_trace, stack);
  });

  it('needs a key: 401 INVALID_API_KEY in the error envelope', async () => {
    const answer = await post({ stack_trace: ['main'] }, false);
    assert.equal(answer.status, 401);
    assert.equal(errorOf(answer.body).code, 'INVALID_API_KEY');
  });

  it('refuses a body without stack_trace or crash_id, a stack that is not strings, and a question over 500 characters', async () => {
    const missing = await post({ platform: 'windows' });
    assert.equal(missing.status, 400);
    assert.equal(errorOf(missing.body).code, 'INVALID_REQUEST');
    assert.match(String(errorOf(missing.body).message), /crash_id.*stack_trace/);
    const notStrings = await post({ stack_trace: [1, 2] });
    assert.equal(notStrings.status, 400);
    assert.match(String(errorOf(notStrings.body).message), /stack_trace/);
    const long = await post({ stack_trace: ['main'], question: 'x'.repeat(MAX_QUESTION_CHARS + 1) });
    assert.equal(long.status, 400);
    assert.match(String(errorOf(long.body).message), /500/);
    assert.equal((await post({ stack_trace: ['main'], question: 'x'.repeat(MAX_QUESTION_CHARS) })).status, 200);
  });

  it('a crash_id it does not hold is a 404 in the error envelope', async () => {
    const answer = await post({ crash_id: 'crash_unknown' });
    assert.equal(answer.status, 404);
    assert.equal(errorOf(answer.body).code, 'INVALID_REQUEST');
  });

  it('answers a queued error fault (a 503 with Retry-After) instead of the analysis', async () => {
    gateway.setFault({ kind: 'error', code: 'PROVIDER_UNAVAILABLE' });
    const answer = await post({ stack_trace: ['main'] });
    assert.equal(answer.status, 503);
    assert.equal(errorOf(answer.body).code, 'PROVIDER_UNAVAILABLE');
  });
});
