import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, gatewayUrl } from './helpers';

describe('Local gateway from the extension host', () => {
  before(async () => {
    await activated();
  });

  it('reaches the gateway on 127.0.0.1 (GET /v1/health)', async () => {
    const url = gatewayUrl();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status?: string };
    assert.equal(body.status, 'healthy');
  });

  it('answers a request without a key with the documented 401 (INVALID_API_KEY)', async () => {
    const response = await fetch(`${gatewayUrl()}/whoami`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error?: { code?: string } };
    assert.equal(body.error?.code, 'INVALID_API_KEY');
  });

  it('is the gateway the extension is configured to use (user setting)', () => {
    assert.equal(vscode.workspace.getConfiguration('monsterGaming').get<string>('baseUrl'), gatewayUrl());
  });
});
