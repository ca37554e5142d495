/**
 * `@monster` and the Monster Gaming models in the real extension host, answering through the
 * development gateway: the registered participant's own handler (VS Code's Chat view calls the
 * same function), `vscode.lm` for the models, and `/fix` against the quick fix on the same error.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MonsterGamingApi } from '../../src/extension';
import type { ParticipantMetadata } from '../../src/vscodeChat/conversation';
import { LM_PROVIDER_API, activated, extensionLog, gatewayUrl, itBefore, itFrom, vscodeAtLeast, waitFor } from './helpers';

const KEY = 'mg_live_studio_ext_host_chat';
const VENDOR = 'monstergaming';

interface RecordedRequest {
  readonly path: string;
  readonly body?: { model?: string; messages?: Array<{ role: string; content: string }>; response_format?: { type: string } };
}

async function control(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, `control ${path}`);
  return response.json();
}

const chatRequests = async (): Promise<RecordedRequest[]> => ((await control('requests')) as RecordedRequest[]).filter((r) => r.path === '/v1/chat/completions');

/** What the participant wrote into the Chat view. */
class RecordingStream implements vscode.ChatResponseStream {
  readonly markdowns: string[] = [];
  readonly buttons: vscode.Command[] = [];
  readonly progress_: string[] = [];
  get text(): string {
    return this.markdowns.join('');
  }
  markdown(value: string | vscode.MarkdownString): void {
    this.markdowns.push(typeof value === 'string' ? value : value.value);
  }
  anchor(): void {}
  button(command: vscode.Command): void {
    this.buttons.push(command);
  }
  filetree(): void {}
  progress(value: string): void {
    this.progress_.push(value);
  }
  reference(): void {}
  push(): void {}
}

/** A Chat view request as VS Code builds it (the fields the participant reads). */
function chatRequest(prompt: string, model: vscode.LanguageModelChat, command?: string): vscode.ChatRequest {
  return { prompt, command, references: [], toolReferences: [], toolInvocationToken: undefined as never, model };
}

/**
 * Where VS Code cannot have Monster Gaming models (before the provider API), its Chat view hands a
 * participant the model picked in its picker, another vendor's. The participant must answer
 * through its own gateway and never through that model.
 */
function anotherVendorsModel(): vscode.LanguageModelChat {
  const refuse = (): never => {
    throw new Error('@monster used the Chat view\'s (Copilot) model instead of its gateway.');
  };
  return { id: 'gpt-4o', vendor: 'copilot', family: 'gpt-4o', name: 'GPT-4o', version: 'gpt-4o', maxInputTokens: 64_000, countTokens: refuse, sendRequest: refuse };
}

/** The turns VS Code hands back as history after one exchange (read by shape by the participant). */
function exchange(prompt: string, stream: RecordingStream, result: vscode.ChatResult, command?: string): Array<vscode.ChatRequestTurn | vscode.ChatResponseTurn> {
  const request = { prompt, command, participant: 'monsterGaming.monster', references: [], toolReferences: [] };
  const response = { response: [new vscode.ChatResponseMarkdownPart(stream.text)], result, participant: 'monsterGaming.monster', command };
  return [request, response];
}

describe('@monster and the Monster Gaming models (real extension host)', function () {
  this.timeout(60_000);
  let participant: vscode.ChatParticipant;
  let model: vscode.LanguageModelChat;
  const token = new vscode.CancellationTokenSource().token;

  let latest: RecordingStream | undefined;
  /** The stream of the request asked last (one still running included). */
  const lastStream = (): RecordingStream => {
    assert.ok(latest, 'a request was asked');
    return latest;
  };
  async function ask(prompt: string, history: Array<vscode.ChatRequestTurn | vscode.ChatResponseTurn> = [], command?: string, cancel = token): Promise<{ stream: RecordingStream; result: vscode.ChatResult; meta: ParticipantMetadata }> {
    const stream = (latest = new RecordingStream());
    const result = ((await participant.requestHandler(chatRequest(prompt, model, command), { history }, stream, cancel)) ?? {});
    return { stream, result, meta: (result.metadata ?? {}) };
  }

  before(async () => {
    const api = (await activated()).exports as MonsterGamingApi;
    assert.ok(api.chatParticipant, 'the extension exports its registered participant');
    participant = api.chatParticipant;
    // Where Monster Gaming models exist, the test below selects one; elsewhere the Chat view hands over another vendor's.
    if (!vscodeAtLeast(LM_PROVIDER_API)) model = anotherVendorsModel();
    // The documented fallback for a key; read at each request, so no stored key is needed.
    process.env.MONSTER_GAMING_API_KEY = KEY;
    await control('reset', {});
  });
  after(() => {
    delete process.env.MONSTER_GAMING_API_KEY;
  });

  it('registers @monster with its follow-ups', () => {
    assert.equal(participant.id, 'monsterGaming.monster');
    assert.equal(typeof participant.followupProvider?.provideFollowups, 'function');
  });

  itBefore(LM_PROVIDER_API, 'where VS Code has no language model provider API, registers no models and says so in its log', async () => {
    const lm = vscode.lm as { registerLanguageModelChatProvider?: unknown };
    assert.equal(typeof lm.registerLanguageModelChatProvider, 'undefined', `VS Code ${vscode.version} has no provider API`);
    assert.deepEqual(await vscode.lm.selectChatModels({ vendor: VENDOR }), []);
    await waitFor('the log line', () => /has no language model provider API/.test(extensionLog()));
    assert.doesNotMatch(extensionLog(), /Could not list the Monster Gaming models/);
  });

  itFrom(LM_PROVIDER_API, 'offers Monster Gaming models through vscode.lm', async () => {
    const models = await vscode.lm.selectChatModels({ vendor: VENDOR });
    assert.ok(models.length >= 1, 'at least the configured model');
    model = models.find((m) => m.id === 'monster-gpt')!;
    assert.ok(model, `monster-gpt among ${models.map((m) => m.id).join(', ')}`);
    assert.equal(model.name, 'Monster GPT');
    assert.ok(model.maxInputTokens > 1000);
  });

  itFrom(LM_PROVIDER_API, 'lists the gateway models for the key once settings change (the key and gateway are read again)', async () => {
    const config = vscode.workspace.getConfiguration('monsterGaming');
    await config.update('model', 'deepseek-chat', vscode.ConfigurationTarget.Global);
    try {
      const models = await waitFor('the gateway catalogue in vscode.lm', async () => {
        const found = await vscode.lm.selectChatModels({ vendor: VENDOR });
        return found.some((m) => m.id === 'claude-opus-4-6') && found;
      });
      assert.equal(models[0].id, 'deepseek-chat', 'the configured model comes first');
      assert.ok(['monster-gpt', 'gemini-3-flash', 'gpt-4o'].every((id) => models.some((m) => m.id === id)));
    } finally {
      await config.update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  itFrom(LM_PROVIDER_API, "caps each model's maxInputTokens by the gateway's 64 KB body limit, not its context window, so VS Code trims its prompt first", async () => {
    // monster-gpt's window is 128,000 tokens (119,808 less the answer); 64 KB less the 2 KB margin
    // is 15,872 estimated tokens, plus the 8,000 VS Code's agent counts for tool advice we shorten (lmMessages.ts).
    const models = await waitFor('the gateway catalogue in vscode.lm', async () => {
      const found = await vscode.lm.selectChatModels({ vendor: VENDOR });
      return found.some((m) => m.id === 'claude-opus-4-6') && found;
    });
    for (const m of models) assert.equal(m.maxInputTokens, 23_872, `${m.id}: ${m.maxInputTokens}`);
  });

  itFrom(LM_PROVIDER_API, 'answers a vscode.lm request through the development gateway, streaming', async () => {
    const before = (await chatRequests()).length;
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('How do I write rollback netcode for a fighting game?')], {}, token);
    const parts: string[] = [];
    for await (const text of response.text) parts.push(text);
    assert.ok(parts.length > 3, `streamed in ${parts.length} parts`);
    assert.match(parts.join(''), /\w/);
    const sent = (await chatRequests()).slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].body?.model, 'monster-gpt');
    assert.deepEqual(sent[0].body?.messages, [{ role: 'user', content: 'How do I write rollback netcode for a fighting game?' }]);
  });

  it('@monster answers through the gateway, naming the specialist the gateway routed to', async () => {
    const { stream, result, meta } = await ask('How do I write a toon shader in HLSL?');
    assert.equal(result.errorDetails, undefined);
    assert.match(stream.text, /^\*\*Shader · Technical Artist\*\*\n\n\S/);
    assert.ok(stream.markdowns.length > 5, 'streamed, not one block');
    assert.equal(meta.discipline, 'shader');
    assert.equal(meta.conversational, true);
    const sent = (await chatRequests()).at(-1);
    assert.equal(sent?.body?.model, 'monster-gpt');
    assert.deepEqual(sent?.body?.messages?.at(-1), { role: 'user', content: 'How do I write a toon shader in HLSL?' });
    const followups = (await participant.followupProvider!.provideFollowups(result, { history: [] }, token)) ?? [];
    assert.deepEqual(followups.map((f) => f.command), ['discipline'], 'offers to keep asking the Technical Artist');
  });

  it('carries the conversation into a follow-up (without the specialist header)', async () => {
    const first = await ask('What is a blend tree?');
    const history = exchange('What is a blend tree?', first.stream, first.result);
    const second = await ask('And root motion with it?', history);
    assert.equal(second.result.errorDetails, undefined);
    const messages = (await chatRequests()).at(-1)?.body?.messages ?? [];
    const turns = messages.filter((m) => m.role !== 'system');
    assert.deepEqual(turns.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(turns[0].content, 'What is a blend tree?');
    assert.equal(turns[1].content, first.stream.text.slice(first.meta.header!.length).trim());
    assert.equal(turns[2].content, 'And root motion with it?');
  });

  it('/discipline pins a specialist for the rest of the conversation', async () => {
    const pin = await ask('audio', [], 'discipline');
    assert.equal(pin.meta.pin, 'audio');
    assert.match(pin.stream.text, /Audio · Audio Director/);
    assert.equal(pin.result.errorDetails, undefined);
    const { stream, meta } = await ask('How should I structure my shaders folder?', exchange('audio', pin.stream, pin.result, 'discipline'));
    assert.match(stream.text, /^\*\*Audio · Audio Director\*\*/);
    assert.equal(meta.pin, 'audio', 'the pin stays with the conversation');
    const system = (await chatRequests()).at(-1)?.body?.messages?.filter((m) => m.role === 'system') ?? [];
    assert.ok(system.some((m) => /Audio Director/.test(m.content)), 'the specialist prompt is sent');
  });

  it('stops the request when VS Code cancels it, keeping what arrived', async () => {
    await control('fault', { kind: 'stall', afterChunks: 3 });
    const source = new vscode.CancellationTokenSource();
    const pending = ask('Explain snapshot interpolation', [], undefined, source.token);
    await waitFor('the first chunks', async () => (await chatRequests()).at(-1)?.body?.messages?.at(-1)?.content === 'Explain snapshot interpolation');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cancelledAt = Date.now();
    source.cancel();
    const { stream, result } = await pending;
    assert.ok(Date.now() - cancelledAt < 3000, 'the handler returned at once');
    assert.match(stream.text, /^\*\*[^*]+\*\*\n\n\S/, 'the partial answer stays');
    assert.equal(result.errorDetails, undefined, 'a cancelled answer is not an error');
    await control('clear-faults', {});
  });

  it('without a key, says how to set one and sends nothing', async () => {
    delete process.env.MONSTER_GAMING_API_KEY;
    try {
      const before = (await chatRequests()).length;
      const { stream } = await ask('Hello?');
      assert.match(stream.text, /Set your Monster Gaming API key to get answers/);
      // The no-key error's own actions, as everywhere: Set API Key, and the free key's page.
      assert.deepEqual(stream.buttons.map((b) => b.command), ['monsterGaming.setApiKey', 'vscode.open']);
      assert.equal((await chatRequests()).length, before);
    } finally {
      process.env.MONSTER_GAMING_API_KEY = KEY;
    }
  });

  describe('/agent: steps, approvals in the answer, tokens', () => {
    const DIR = 'chat-agent-test';
    const ORIGINAL = 'class Player\n{\n    int hp = 100;\n}\n';
    let file: string;
    let relative: string;
    let counter = 0;
    const disk = (): string => fs.readFileSync(file, 'utf8');
    const approvalTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'monster-agent');
    /** The approval buttons the participant put in the answer, once it asks. */
    const approvalButtons = (stream: RecordingStream): Promise<vscode.Command[]> =>
      waitFor('the approval buttons in the answer', () => {
        const buttons = stream.buttons.filter((b) => b.command === 'monsterGaming.answerAgentApproval');
        return buttons.length > 0 && buttons;
      }, 20_000);
    /** Clicks a button as the Chat view does: its command with its arguments. */
    const click = (button: vscode.Command | undefined): Thenable<unknown> => {
      assert.ok(button, 'the button is there');
      return vscode.commands.executeCommand(button.command, ...((button.arguments ?? []) as unknown[]));
    };
    const toolResults = async (): Promise<string[]> => (await chatRequests()).flatMap((r) => (r.body?.messages ?? []).filter((m) => m.role === 'tool').map((m) => m.content));

    beforeEach(async () => {
      const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
      relative = `${DIR}/t${++counter}/Player.cs`;
      file = path.join(root, ...relative.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, ORIGINAL);
      await control('reset', {});
    });
    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, DIR), { recursive: true, force: true });
    });

    it('a read runs as one line a step, and the turn ends with its tokens, in the sidebar\'s words', async () => {
      const { stream, result } = await ask(`Read ${relative}`, [], 'agent');
      assert.equal(result.errorDetails, undefined, stream.text);
      assert.match(stream.text, new RegExp(`✓ \`read_file\` \`${relative}\` \\(\\d+ ms\\)`));
      const line = /_([\d,]+) tokens \(([\d,]+) prompt \+ ([\d,]+) completion\)_\s*$/.exec(stream.text);
      assert.ok(line, `a tokens line at the end of: ${stream.text.slice(-300)}`);
      const [total, prompt, completion] = line.slice(1).map((n) => Number(n.replace(/,/g, '')));
      assert.equal(total, prompt + completion);
      // Two steps (the call, then the answer), both asked with usage and both counted.
      const sent = await chatRequests();
      assert.equal(sent.length, 2);
      assert.ok(sent.every((r) => (r.body as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage === true));
      assert.ok(prompt > 0 && completion > 0);
    });

    it('an edit waits in the answer with Accept / Reject / Show Diff (no time-out, nothing counts as a Reject), and Accept writes it', async () => {
      const pending = ask(`Replace "int hp = 100;" with "int hp = 250;" in ${relative}`, [], 'agent');
      const buttons = await approvalButtons(lastStream());
      assert.deepEqual(buttons.map((b) => b.title), ['Accept', 'Reject', 'Show Diff']);
      const stream = lastStream();
      assert.match(stream.text, new RegExp(`The agent wants to change \`${relative}\` \\(1 line added, 1 removed\\)\\.`));
      assert.match(stream.progress_.at(-1) ?? '', /Waiting for your answer/);
      await waitFor('the proposed edit as a diff', () => approvalTabs().length === 1);
      // Left alone, it keeps waiting: nothing is written and the turn does not end.
      let settled = false;
      void pending.then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(settled, false, 'the turn still waits for the answer');
      assert.equal(disk(), ORIGINAL, 'nothing is written before Accept');
      // Show Diff opens it again after the user closed it.
      await vscode.window.tabGroups.close(approvalTabs());
      assert.equal(await click(buttons.find((b) => b.title === 'Show Diff')), true);
      await waitFor('the diff open again', () => approvalTabs().length === 1);

      assert.equal(await click(buttons.find((b) => b.title === 'Accept')), true);
      const { result } = await pending;
      assert.equal(result.errorDetails, undefined, stream.text);
      assert.equal(disk(), ORIGINAL.replace('100', '250'));
      assert.match(stream.text, /✓ `edit_file`/);
      assert.match(stream.text, new RegExp(`\\*\\*Changed:\\*\\* \`${relative}\` \\+1 −1`));
      assert.ok(stream.buttons.some((b) => b.command === 'monsterGaming.undoAgentTurn'));
      assert.doesNotMatch((await toolResults()).at(-1) ?? '', /^Error:/);
      await waitFor('the approval diff to close', () => approvalTabs().length === 0);
      // The question is answered: its buttons now say so and change nothing.
      assert.equal(await click(buttons.find((b) => b.title === 'Reject')), false);
      assert.equal(disk(), ORIGINAL.replace('100', '250'));
      await vscode.commands.executeCommand('monsterGaming.undoAgentTurn');
      await waitFor('Undo Agent Changes restored the file', () => disk() === ORIGINAL);
    });

    it('Reject (its optional reason left empty) writes nothing and tells the model the user rejected the edit', async () => {
      const pending = ask(`Replace "int hp = 100;" with "int hp = 250;" in ${relative}`, [], 'agent');
      const buttons = await approvalButtons(lastStream());
      const stream = lastStream();
      const rejecting = click(buttons.find((b) => b.title === 'Reject'));
      // The reason is asked in an input box; Enter leaves it empty.
      let answered = false;
      void Promise.resolve(rejecting).then(() => (answered = true));
      await waitFor('the reason question answered', async () => {
        if (!answered) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return answered || (await new Promise<false>((resolve) => setTimeout(() => resolve(false), 200)));
      });
      assert.equal(await rejecting, true);
      const { result } = await pending;
      assert.equal(result.errorDetails, undefined, stream.text);
      assert.equal(disk(), ORIGINAL, 'nothing written');
      assert.match(stream.text, /⊘ `edit_file`/);
      assert.doesNotMatch(stream.text, /\*\*Changed:\*\*/);
      const told = (await toolResults()).at(-1) ?? '';
      assert.match(told, /^Error: .*reject/i, told);
      assert.match(stream.text, /edit_file failed: Error: /, 'the model answered from the rejection');
    });

    it('Stop while a question waits ends the turn at once, writing nothing', async () => {
      const source = new vscode.CancellationTokenSource();
      const pending = ask(`Replace "int hp = 100;" with "int hp = 250;" in ${relative}`, [], 'agent', source.token);
      await approvalButtons(lastStream());
      source.cancel();
      const { result } = await pending;
      assert.equal(result.errorDetails, undefined);
      assert.equal(disk(), ORIGINAL);
      await waitFor('the approval diff to close', () => approvalTabs().length === 0);
    });
  });

  describe('/fix and the quick fix', () => {
    let collection: vscode.DiagnosticCollection;
    let document: vscode.TextDocument;
    let diagnostic: vscode.Diagnostic;
    let original: string;

    before(async () => {
      const folder = vscode.workspace.workspaceFolders![0];
      document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'Assets/Scripts/Inventory.cs'));
      original = document.getText();
      const line = original.split('\n').findIndex((l) => l.includes('gold = "100"'));
      assert.ok(line >= 0);
      const column = original.split('\n')[line].indexOf('"100"');
      diagnostic = new vscode.Diagnostic(new vscode.Range(line, column, line, column + 5), "Cannot implicitly convert type 'string' to 'int'", vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'csharp';
      diagnostic.code = 'CS0029';
      collection = vscode.languages.createDiagnosticCollection('mg-ext-host-fix');
      collection.set(document.uri, [diagnostic]);
    });
    after(async () => {
      collection.dispose();
      await vscode.commands.executeCommand('notifications.clearAll');
    });

    /** The pending fix's diff tab, once it is open. */
    const diffTab = (): Promise<vscode.TabInputTextDiff> =>
      waitFor('the fix diff', () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .map((t) => t.input)
          .find((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.modified.scheme === 'monster-gaming-fix'),
      );

    /** Waits for the fix to land, checks it is one undo step, and puts the file back as it was. */
    async function appliedThenUndone(): Promise<string> {
      const fixed = await waitFor('the fix applied', () => document.getText() !== original && document.getText());
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), original, 'one undo restores the file');
      await document.save();
      return fixed;
    }

    it('/fix produces the same edit as the quick fix, through the same diff and Accept', async () => {
      // The quick fix: Fix with Monster Gaming on the diagnostic, Accept from the diff's title bar.
      void vscode.commands.executeCommand('monsterGaming.fixError', document.uri, diagnostic);
      const quickDiff = await diffTab();
      await vscode.commands.executeCommand('monsterGaming.acceptFix', quickDiff.modified);
      const byQuickFix = await appliedThenUndone();
      await vscode.commands.executeCommand('notifications.clearAll');

      // @monster /fix with the cursor on the error, Accept from its button.
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      const { stream, result, meta } = await ask('', [], 'fix');
      assert.equal(result.errorDetails, undefined, stream.text);
      assert.equal(meta.command, 'fix');
      assert.match(stream.text, /CS0029/);
      await diffTab();
      assert.equal(document.getText(), original, 'nothing is written before Accept');
      const accept = stream.buttons.find((b) => b.command === 'monsterGaming.acceptFix');
      assert.ok(accept, `an Accept button among ${stream.buttons.map((b) => b.title).join(', ')}`);
      assert.ok(stream.buttons.some((b) => b.command === 'monsterGaming.rejectFix'), 'and a Reject button');
      await vscode.commands.executeCommand(accept.command, ...((accept.arguments ?? []) as unknown[]));
      const byParticipant = await appliedThenUndone();

      assert.equal(byParticipant, byQuickFix);
      assert.match(byParticipant, /public int gold = 100;/);
      // Fixes ask with structured output (POST /v1/structured and the edit-list schema).
      const fixes = ((await control('requests')) as RecordedRequest[]).filter((r) => r.path === '/v1/structured' && r.body?.response_format?.type === 'json_schema').slice(-2);
      assert.equal(fixes.length, 2, 'both fixes went to /v1/structured');
      assert.deepEqual(fixes[1].body, fixes[0].body, 'the same fix request was sent both times');
    });

    it('/explain answers in the Chat view about the error with its code', async () => {
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      const { stream, result, meta } = await ask('', [], 'explain');
      assert.equal(result.errorDetails, undefined);
      assert.equal(meta.conversational, true);
      const sent = (await chatRequests()).at(-1)?.body?.messages?.at(-1)?.content ?? '';
      assert.match(sent, /Explain this error and how to fix it: \*\*Cannot implicitly convert/);
      assert.match(sent, /public int gold = "100";/);
      assert.match(stream.text, /^\*\*[^*]+ · [^*]+\*\*/);
      const followups = (await participant.followupProvider!.provideFollowups(result, { history: [] }, token)) ?? [];
      assert.deepEqual(followups.map((f) => f.command), ['fix']);
    });
  });
});
