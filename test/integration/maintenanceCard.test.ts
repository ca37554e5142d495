/**
 * A 503 or MAINTENANCE answer's error card, from the answering engine against the development
 * gateway: the status (`GET /v1/status`) is read, its message and ETA shown, the status page
 * linked; a status that cannot be read leaves the card as it was, with the link.
 */
import * as assert from 'node:assert/strict';
import { AccountClient } from '../../src/account/accountClient';
import { AnswerEngine } from '../../src/answering/engine';
import type { AnswerFailed } from '../../src/answering/types';
import { DisciplineRouter } from '../../src/disciplines/router';
import { editExchange } from '../../src/edit/editContext';
import { splitLines } from '../../src/fix/editPlan';
import { requestProposal } from '../../src/fix/requestProposal';
import { GatewayClient } from '../../src/gateway/client';
import { statusPageUrl } from '../../src/gateway/errors';
import { Wire } from '../../src/network/wire';
import { startGateway, type DevGateway } from '../gateway/server';

describe('Maintenance and 503 error cards, against the development gateway', () => {
  let gateway: DevGateway;
  const key = 'mg_live_studio_maintenance';
  const ETA = '2030-01-01T06:30:00Z';

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  function engine(statusBase: () => string = () => gateway.url): AnswerEngine {
    const wire = new Wire();
    const account = new AccountClient(() => Promise.resolve({ baseUrl: statusBase(), apiKey: key }), wire, { timeoutMs: 2_000 });
    return new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: key }), { wire }),
      settings: () => ({ model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 0 }),
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
      clock: { now: () => Date.parse('2030-01-01T06:00:00Z'), sleep: () => Promise.resolve(undefined) },
      platformStatus: (signal) => account.status(signal),
    });
  }

  async function failed(answering: AnswerEngine): Promise<AnswerFailed> {
    const last = await answering.run({ surface: 'sidebar', mode: { kind: 'chat', question: { text: 'How do I pool bullets?', items: [] }, history: [] } }, () => undefined, new AbortController().signal);
    if (last.type !== 'error') assert.fail(JSON.stringify(last));
    return last;
  }

  it('shows the maintenance message and ETA from GET /v1/status, and links the status page', async () => {
    gateway.setAccount({ maintenance: { eta: ETA, message: 'Database upgrade' } });
    const { error, view } = await failed(engine());
    assert.equal(error.code, 'MAINTENANCE');
    assert.equal(view.remediation, 'Database upgrade: expected back at 2030-01-01 06:30 UTC (in about 30 min). Retry then; the status page has updates.');
    assert.deepEqual(view.actions.map((a) => a.kind), ['retry', 'openStatus']);
    assert.deepEqual(gateway.requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/chat/completions', 'GET /v1/status']);
    assert.equal(statusPageUrl(gateway.url), `http://127.0.0.1:${gateway.port}/status`);
    const page = await fetch(statusPageUrl(gateway.url));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Database upgrade\. Expected back at 2030-01-01T06:30:00Z/);
  });

  it('links the status page on a 503 PROVIDER_UNAVAILABLE too, keeping its advice when no maintenance is announced', async () => {
    gateway.setFault({ kind: 'error', code: 'PROVIDER_UNAVAILABLE' });
    const { view } = await failed(engine());
    assert.doesNotMatch(view.remediation ?? '', /expected back/);
    assert.deepEqual(view.actions.map((a) => a.kind), ['retry', 'retryWithFallback', 'openStatus']);
    assert.ok(gateway.requests.some((r) => r.path === '/v1/status'));
  });

  it('keeps the card when the status cannot be read (no server there): the gateway\'s words, and the link', async () => {
    gateway.setAccount({ maintenance: { eta: ETA, message: 'Database upgrade' } });
    const { error, view } = await failed(engine(() => 'http://127.0.0.1:9/v1'));
    assert.equal(error.code, 'MAINTENANCE');
    assert.doesNotMatch(view.remediation ?? '', /expected back/);
    assert.deepEqual(view.actions.map((a) => a.kind), ['retry', 'openStatus']);
  });

  it('gives a fix or Edit Selection that failed the same ETA and link (the message they show is the engine\'s description)', async () => {
    gateway.setAccount({ maintenance: { eta: ETA, message: 'Database upgrade' } });
    const answering = engine();
    const lines = splitLines('float4 Foam() {\n  return 0;\n}\n');
    const error = await requestProposal(answering, editExchange({ lines, relativePath: 'Assets/Shaders/Foam.hlsl', languageId: 'hlsl' }, { startLine: 1, endLine: 2 }, 'Make it white'), new AbortController().signal).then(
      () => assert.fail('the proposal should have failed'),
      (failure: unknown) => failure,
    );
    const view = answering.describe(error);
    assert.equal(view.code, 'MAINTENANCE');
    assert.equal(view.remediation, 'Database upgrade: expected back at 2030-01-01 06:30 UTC (in about 30 min). Retry then; the status page has updates.');
    assert.ok(view.actions.some((a) => a.kind === 'openStatus'));
  });

  it('does not read the status for other failures', async () => {
    gateway.setFault({ kind: 'error', code: 'CREDITS_EXHAUSTED' });
    const { view } = await failed(engine());
    assert.ok(!view.actions.some((a) => a.kind === 'openStatus'));
    assert.ok(!gateway.requests.some((r) => r.path === '/v1/status'));
  });
});
