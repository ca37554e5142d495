/**
 * Another extension spending the user's key through the Monster Gaming models: what VS Code tells
 * the provider about the caller, and that the user is asked before such a request goes out.
 * The caller is a real second extension (test/fixtures/lm-caller, loaded next to this one).
 *
 * Dialogs cannot be answered here: in an extension test VS Code refuses to show a modal and the
 * provider's question ends unanswered, which must refuse the request (and not be remembered).
 * The e2e suite clicks Allow and Don't Allow in the real dialog.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, gatewayUrl, itFrom, LM_PROVIDER_API } from './helpers';

const KEY = 'mg_live_studio_ext_host_consent';
const CALLER_ID = 'monstergaming-tests.lm-caller';

interface Caller {
  ask(question: string): Promise<string>;
  readonly logUri: string;
}

async function chatRequestCount(): Promise<number> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/requests`);
  return ((await response.json()) as Array<{ path: string }>).filter((r) => r.path === '/v1/chat/completions').length;
}

/** The Monster Gaming output channel's log file: next to the caller's own log folder. */
async function extensionLog(callerLogUri: string): Promise<string> {
  const folder = vscode.Uri.joinPath(vscode.Uri.parse(callerLogUri), '..', 'monstergaming.monster-gaming');
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const texts = await Promise.all(entries.filter(([name]) => name.endsWith('.log')).map(async ([name]) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)))));
  return texts.join('\n');
}

describe('Another extension using the Monster Gaming models (real extension host)', function () {
  this.timeout(60_000);
  let caller: Caller;

  before(async () => {
    await activated();
    process.env.MONSTER_GAMING_API_KEY = KEY;
    const extension = vscode.extensions.getExtension<Caller>(CALLER_ID);
    assert.ok(extension, `${CALLER_ID} is loaded next to the extension (run-extension-tests.ts)`);
    caller = await extension.activate();
  });
  after(() => {
    delete process.env.MONSTER_GAMING_API_KEY;
  });

  // Other extensions reach our models through vscode.lm's provider API: VS Code 1.104 and newer.
  itFrom(LM_PROVIDER_API, 'VS Code names the calling extension (options.requestInitiator) and asks nothing itself; the provider asks first, and nothing reaches the gateway unasked', async () => {
    const before = await chatRequestCount();
    const outcome = await caller.ask('How do I write a dissolve shader in HLSL?').then(
      (answer) => ({ answer }),
      (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
    );
    const log = await extensionLog(caller.logUri);
    assert.match(log, new RegExp(`Language model request from ${CALLER_ID.replace('.', '\\.')} for monster-gpt`), 'the provider learns who is calling');
    assert.ok('error' in outcome, `the request must wait for the user's consent, but it was answered without anyone being asked: ${'answer' in outcome ? outcome.answer.slice(0, 80) : ''}`);
    assert.match(outcome.error.message, /LM Caller \(Monster Gaming test fixture\).*Monster Gaming key/);
    assert.equal(await chatRequestCount(), before, 'nothing was sent to the gateway');
  });

  itFrom(LM_PROVIDER_API, 'an unanswered question is not remembered as a refusal: the next request asks again', async () => {
    await assert.rejects(caller.ask('And a glowing edge?'), /LM Caller \(Monster Gaming test fixture\)/);
    const log = await extensionLog(caller.logUri);
    assert.equal(log.match(/Asked whether LM Caller \(Monster Gaming test fixture\) \(monstergaming-tests\.lm-caller\) may use/g)?.length, 2, log);
  });
});
