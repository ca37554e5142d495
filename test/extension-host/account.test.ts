/**
 * The account in the real extension host: after an answer through the development gateway, the
 * status-bar item's tooltip shows the credit balance, today's spend and the caps; a balance under
 * `monsterGaming.account.lowCreditWarning` warns exactly once, an aging key gets one notice.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MonsterGamingApi } from '../../src/extension';
import { activated, extensionLog, gatewayUrl, waitFor } from './helpers';

const KEY = 'mg_live_starter_ext_host_account';

async function control(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, `control ${path}`);
  return response.json();
}

const requested = async (path: string): Promise<number> => ((await control('requests')) as Array<{ path: string }>).filter((r) => r.path === path).length;

/** Enough of a Chat view response stream for the participant to answer into. */
class Stream implements vscode.ChatResponseStream {
  text = '';
  markdown(value: string | vscode.MarkdownString): void {
    this.text += typeof value === 'string' ? value : value.value;
  }
  anchor(): void {}
  button(): void {}
  filetree(): void {}
  progress(): void {}
  reference(): void {}
  push(): void {}
}

/** A model of another vendor, never used: @monster answers through its own gateway. */
const unusedModel = { id: 'x', vendor: 'other', family: 'x', name: 'x', version: 'x', maxInputTokens: 64_000 } as unknown as vscode.LanguageModelChat;

describe('Account: credits in the status-bar tooltip, one-time notices (real extension host)', function () {
  this.timeout(60_000);
  let api: MonsterGamingApi;

  async function ask(prompt: string): Promise<void> {
    assert.ok(api.chatParticipant, 'the participant is registered');
    const stream = new Stream();
    const request = { prompt, command: undefined, references: [], toolReferences: [], toolInvocationToken: undefined as never, model: unusedModel } as unknown as vscode.ChatRequest;
    await api.chatParticipant.requestHandler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
    assert.ok(stream.text.length > 0, 'answered');
  }

  const lines = (pattern: RegExp): number => extensionLog().split('\n').filter((line) => pattern.test(line)).length;

  before(async () => {
    api = (await activated()).exports as MonsterGamingApi;
    await control('reset', {});
    await control('account', { balanceUsd: 0.5, spentTodayUsd: 0.37, keyAge: 'aging' });
    // The documented fallback for a key, read at each request. The status bar read the key state at
    // start, maybe before this: it reads it again (as a key change makes it), so its tooltip knows the key.
    process.env.MONSTER_GAMING_API_KEY = KEY;
    await api.refreshAccount();
  });
  after(async () => {
    delete process.env.MONSTER_GAMING_API_KEY;
    await api.refreshAccount();
    await control('reset', {});
  });

  it('reads nothing before an answer; after one, the tooltip shows balance, today\'s spend and the caps', async () => {
    assert.equal(await requested('/v1/credits/balance'), 0, 'nothing at activation');
    assert.doesNotMatch(api.accountTooltip(), /Credit balance/);
    await ask('How do I pool bullets in Unity?');
    const tooltip = await waitFor('the tooltip with the balance', () => (/Credit balance/.test(api.accountTooltip()) ? api.accountTooltip() : undefined));
    assert.match(tooltip, /Credit balance: \$0\.50/);
    assert.match(tooltip, /Spent today: \$0\.37/);
    assert.match(tooltip, /Spend caps: \$10\.00 a day, none a month/);
  });

  it('warns about the low balance exactly once, and notices the aging key once, over several answers', async () => {
    await ask('And how do I recycle them?');
    await ask('What about particles?');
    // VS Code writes the log file a moment after each line: wait for both notices' lines.
    await waitFor('the warning in the log', () => lines(/Account: low-credit warning shown \(balance 0\.50 USD, under 1\.00 USD\)/) > 0);
    await waitFor('the key notice in the log', () => lines(/Account: key-health notice shown/) > 0);
    assert.equal(lines(/Account: low-credit warning shown/), 1);
    assert.equal(lines(/Account: key-health notice shown \(aging, 120 days old\)/), 1);
    assert.equal(await requested('/v1/credits/balance'), 1, 'answers within a minute reuse the reading');
    assert.equal(await requested('/v1/keys/health'), 1);
  });
});
