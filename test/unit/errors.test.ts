import * as assert from 'node:assert/strict';
import { describeError, GatewayError, gatewayErrorFromResponse, parseRetryAfter, toGatewayError } from '../../src/gateway/errors';

const documented: ReadonlyArray<[number, string]> = [
  [400, 'INVALID_REQUEST'],
  [400, 'INVALID_ROLE'],
  [400, 'INVALID_MAX_TOKENS'],
  [400, 'MODEL_NOT_FOUND'],
  [400, 'CONTEXT_OVERFLOW'],
  [401, 'INVALID_API_KEY'],
  [402, 'CREDITS_EXHAUSTED'],
  [403, 'TOS_REQUIRED'],
  [403, 'TIER_RESTRICTED'],
  [413, 'PAYLOAD_TOO_LARGE'],
  [429, 'RATE_LIMITED'],
  [429, 'SPEND_CAP_EXCEEDED'],
  [429, 'MONTHLY_CAP_EXCEEDED'],
  [503, 'PROVIDER_UNAVAILABLE'],
  [503, 'MAINTENANCE'],
];

describe('gateway error mapping', () => {
  for (const [status, code] of documented) {
    it(`${status} ${code} gets a title, the gateway's remediation and an action`, () => {
      const error = gatewayErrorFromResponse(status, {
        error: { type: code.toLowerCase(), message: `msg for ${code}`, code, is_retryable: status >= 429, remediation: `fix ${code}` },
      });
      assert.equal(error.code, code);
      const view = describeError(error);
      assert.equal(view.code, code);
      assert.ok(view.title.length > 0);
      assert.match(view.message, new RegExp(`msg for ${code}`));
      assert.equal(view.remediation, `fix ${code}`);
      assert.ok(view.actions.length > 0, 'every error offers a way out');
    });
  }

  it('offers the one-click action that fits each failure', () => {
    const kinds = (code: string, status: number): string[] =>
      describeError(gatewayErrorFromResponse(status, { error: { code, message: 'x' } })).actions.map((a) => a.kind);
    assert.ok(kinds('INVALID_API_KEY', 401).includes('setApiKey'));
    assert.ok(kinds('CREDITS_EXHAUSTED', 402).includes('openPricing'));
    assert.ok(kinds('TIER_RESTRICTED', 403).includes('openPricing'));
    assert.ok(kinds('RATE_LIMITED', 429).includes('retry'));
    assert.ok(kinds('PROVIDER_UNAVAILABLE', 503).includes('retryWithFallback'));
  });

  it('falls back to the status when the body has no known code', () => {
    assert.equal(gatewayErrorFromResponse(401, 'Unauthorized').code, 'INVALID_API_KEY');
    assert.equal(gatewayErrorFromResponse(502, undefined).code, 'PROVIDER_UNAVAILABLE');
    assert.equal(gatewayErrorFromResponse(418, { error: { code: 'TEAPOT' } }).code, 'HTTP_ERROR');
  });

  it('reads OpenAI-format errors (prxy.monster, Portkey)', () => {
    const error = gatewayErrorFromResponse(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    assert.equal(error.code, 'INVALID_API_KEY');
    assert.equal(error.message, 'Incorrect API key provided');
  });

  it('takes the wait from Retry-After, else from the body', () => {
    assert.equal(gatewayErrorFromResponse(429, { error: { code: 'RATE_LIMITED', retry_after: 30 } }, '12').details.retryAfterSeconds, 12);
    assert.equal(gatewayErrorFromResponse(429, { error: { code: 'RATE_LIMITED', retry_after: 30 } }).details.retryAfterSeconds, 30);
    const view = describeError(gatewayErrorFromResponse(429, { error: { code: 'RATE_LIMITED', message: 'Slow down.' } }, '7'));
    assert.match(view.message, /Retry after 7 s/);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('5'), 5);
    assert.equal(parseRetryAfter(new Date(10_000 + 4_000).toUTCString(), 10_000), 4);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });

  it('wraps anything thrown', () => {
    const wrapped = toGatewayError(new Error('socket hang up'));
    assert.equal(wrapped.code, 'NETWORK');
    const same = new GatewayError('STREAM_CUT', 'cut');
    assert.equal(toGatewayError(same), same);
  });
});

describe('error cards in the user language', () => {
  // A "translation" that marks every string it was asked for, so nothing English slips past it.
  const marked = { t: (message: string, ...args: Array<string | number | boolean>): string => `«${message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]))}»` };
  const isMarked = (text: string): boolean => text.startsWith('«') && text.endsWith('»');
  const codes = ['INVALID_REQUEST', 'INVALID_API_KEY', 'CREDITS_EXHAUSTED', 'RATE_LIMITED', 'PROVIDER_UNAVAILABLE', 'NO_API_KEY', 'NETWORK', 'STREAM_CUT', 'STALLED', 'PROXY_AUTH', 'HTTP_ERROR'];

  it('translates the title, our remediation and every button of each card', () => {
    for (const code of codes) {
      const view = describeError(new GatewayError(code, 'what happened'), undefined, marked);
      assert.ok(isMarked(view.title), `${code}: ${view.title}`);
      assert.ok(isMarked(view.remediation ?? ''), `${code}: ${view.remediation}`);
      for (const action of view.actions) assert.ok(isMarked(action.label), `${code}: ${action.label}`);
      assert.equal(view.message, 'what happened', "the gateway's own words are shown as they came");
    }
  });

  it('does so for other gateways too, with their name in place', () => {
    const moonshot = { providerLabel: 'Moonshot', monsterGaming: false, baseUrl: 'http://127.0.0.1:1/v1' };
    for (const code of codes) {
      const view = describeError(new GatewayError(code, 'x'), moonshot, marked);
      assert.ok(isMarked(view.title) && isMarked(view.remediation ?? ''), `${code}: ${view.title} / ${view.remediation}`);
      for (const action of view.actions) assert.ok(isMarked(action.label), `${code}: ${action.label}`);
    }
    assert.equal(describeError(new GatewayError('NETWORK', 'x'), moonshot, marked).title, '«Cannot reach Moonshot»');
  });

  it('says when a 429 is retried in the user language, and keeps the gateway remediation', () => {
    const view = describeError(gatewayErrorFromResponse(429, { error: { code: 'RATE_LIMITED', message: 'Slow down.', remediation: 'Wait.' } }, '7'), undefined, marked);
    assert.equal(view.message, 'Slow down. «Retry after 7 s.»');
    assert.equal(view.remediation, 'Wait.');
  });
});
