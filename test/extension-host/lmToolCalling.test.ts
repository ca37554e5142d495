/**
 * Tool calling through the Monster Gaming models in the real extension host, as VS Code's own
 * agent mode and any extension with `vscode.lm` and tools use it: `sendRequest` with a
 * LanguageModelChatTool streams a LanguageModelToolCallPart with parsed input (the development
 * gateway's scripted "read <path>" scenario calls `read_file` when it is offered); the call and a
 * LanguageModelToolResultPart in the history reach the gateway as `tool_calls` and a `role:
 * "tool"` message with its id; a model that refuses tools is then offered without tool calling.
 * Hostile calls from the model (arguments that are not JSON, no function name, more than the 32
 * calls a step) are reported, bounded and logged, never a throw in the caller's request.
 * Before VS Code 1.104 there is no provider API and these are reported pending, never passed.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LM_PROVIDER_API, activated, extensionLog, gatewayUrl, itFrom, waitFor } from './helpers';

const KEY = 'mg_live_studio_ext_host_lm_tools';
const VENDOR = 'monstergaming';

interface WireMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
}
interface RecordedRequest {
  readonly path: string;
  readonly body?: { model?: string; messages?: WireMessage[]; tools?: Array<{ function: { name: string } }>; tool_choice?: string };
}

async function control(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, `control ${path}`);
  return response.json();
}
const chatRequests = async (): Promise<RecordedRequest[]> => ((await control('requests')) as RecordedRequest[]).filter((r) => r.path === '/v1/chat/completions');

/** `capabilities.supportsToolCalling` of a selected model (VS Code 1.104+ sets it from the provider's information). */
const toolCalling = (model: vscode.LanguageModelChat): boolean | undefined => (model as { capabilities?: { supportsToolCalling?: boolean } }).capabilities?.supportsToolCalling;

const READ_FILE: vscode.LanguageModelChatTool = {
  name: 'read_file',
  description: 'Read a workspace file.',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

describe('Monster Gaming models: tool calling through vscode.lm (real extension host)', function () {
  this.timeout(60_000);
  const token = new vscode.CancellationTokenSource().token;

  before(async () => {
    await activated();
    process.env.MONSTER_GAMING_API_KEY = KEY;
    await control('reset', {});
    // A settings change makes the provider list the gateway's models for this key (the catalogue is kept until then).
    const config = vscode.workspace.getConfiguration('monsterGaming');
    await config.update('model', 'deepseek-chat', vscode.ConfigurationTarget.Global);
    await config.update('model', undefined, vscode.ConfigurationTarget.Global);
  });
  after(() => {
    delete process.env.MONSTER_GAMING_API_KEY;
  });

  async function select(id: string): Promise<vscode.LanguageModelChat> {
    return waitFor(`${id} in vscode.lm`, async () => (await vscode.lm.selectChatModels({ vendor: VENDOR })).find((m) => m.id === id));
  }

  /** The parts of a response, collected. */
  async function parts(response: vscode.LanguageModelChatResponse): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const part of response.stream) out.push(part);
    return out;
  }

  itFrom(LM_PROVIDER_API, 'a request with tools streams the call as a LanguageModelToolCallPart; its result in the history reaches the gateway as a tool message, and the answer arrives', async () => {
    const model = await select('monster-gpt');
    assert.equal(toolCalling(model), true, 'the model is offered with tool calling (agent mode can pick it)');
    const before = (await chatRequests()).length;
    const question = vscode.LanguageModelChatMessage.User('read Assets/Scripts/Inventory.cs');
    const first = await parts(await model.sendRequest([question], { tools: [READ_FILE], toolMode: vscode.LanguageModelChatToolMode.Auto }, token));
    const calls = first.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
    assert.equal(calls.length, 1, `one call among ${JSON.stringify(first)}`);
    assert.equal(calls[0].name, 'read_file');
    assert.deepEqual(calls[0].input, { path: 'Assets/Scripts/Inventory.cs' });
    const offered = (await chatRequests()).slice(before)[0];
    assert.deepEqual(offered.body?.tools?.map((t) => t.function.name), ['read_file']);
    assert.equal(offered.body?.tool_choice, 'auto');

    const result = new vscode.LanguageModelToolResultPart(calls[0].callId, [new vscode.LanguageModelTextPart('1 | public class Inventory : MonoBehaviour\n2 | {\n')]);
    const second = await model.sendRequest(
      [question, vscode.LanguageModelChatMessage.Assistant([calls[0]]), vscode.LanguageModelChatMessage.User([result])],
      { tools: [READ_FILE] },
      token,
    );
    let answer = '';
    for await (const text of second.text) answer += text;
    assert.match(answer, /read_file returned 2 lines; the first: 1 \| public class Inventory/);
    const sent = (await chatRequests()).at(-1)?.body?.messages ?? [];
    assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.equal(sent[1].tool_calls?.[0].id, calls[0].callId);
    assert.deepEqual(JSON.parse(sent[1].tool_calls?.[0].function.arguments ?? ''), { path: 'Assets/Scripts/Inventory.cs' });
    assert.equal(sent[2].tool_call_id, calls[0].callId);
    assert.equal(sent[2].content, '1 | public class Inventory : MonoBehaviour\n2 | {\n');
  });

  itFrom(LM_PROVIDER_API, 'a model that refuses tools: a clear error, then it is offered without tool calling and not asked with tools again', async () => {
    const model = await select('deepseek-chat');
    assert.equal(toolCalling(model), true);
    await control('fault', { kind: 'rejectTools' });
    await assert.rejects(
      async () => parts(await model.sendRequest([vscode.LanguageModelChatMessage.User('read a/b.txt')], { tools: [READ_FILE] }, token)),
      (error: unknown) => error instanceof Error && /does not accept tools on this gateway.*Pick another model for agent mode/s.test(error.message),
    );
    await waitFor('deepseek-chat offered without tool calling', async () => toolCalling(await select('deepseek-chat')) === false);
    assert.equal(toolCalling(await select('monster-gpt')), true, 'only the model that refused');

    const before = (await chatRequests()).length;
    const again = await select('deepseek-chat');
    await assert.rejects(async () => parts(await again.sendRequest([vscode.LanguageModelChatMessage.User('read a/b.txt')], { tools: [READ_FILE] }, token)), /does not accept tools/);
    assert.equal((await chatRequests()).length, before, 'refused without asking the gateway again');
    let answer = '';
    for await (const text of (await again.sendRequest([vscode.LanguageModelChatMessage.User('What is a blend tree?')], {}, token)).text) answer += text;
    assert.match(answer, /\w/, 'it still answers without tools');
  });

  /** The call parts of a response to "read Assets/Scripts/Inventory.cs" (the gateway's scripted read_file call) with `fault` queued. */
  async function callsWith(fault: object): Promise<vscode.LanguageModelToolCallPart[]> {
    const model = await select('monster-gpt');
    await control('fault', fault);
    const got = await parts(await model.sendRequest([vscode.LanguageModelChatMessage.User('read Assets/Scripts/Inventory.cs')], { tools: [READ_FILE] }, token));
    return got.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
  }

  itFrom(LM_PROVIDER_API, 'arguments that are not JSON: the call still arrives, its input an error that says to call again; nothing throws, and the log says so', async () => {
    const calls = await callsWith({ kind: 'malformedToolArguments' });
    assert.equal(calls.length, 1, JSON.stringify(calls));
    assert.equal(calls[0].name, 'read_file');
    assert.match(String((calls[0].input as { error?: unknown }).error), /arguments of this read_file call were not valid JSON\. Call the tool again/);
    await waitFor('the log line', () => /The model sent an unusable read_file call \(arguments not a JSON object\)/.test(extensionLog()));
  });

  itFrom(LM_PROVIDER_API, 'a call without a function name: it still arrives, with an error input; nothing throws, and the log names it unnamed', async () => {
    const calls = await callsWith({ kind: 'unnamedToolCall' });
    assert.equal(calls.length, 1, JSON.stringify(calls));
    assert.equal(calls[0].name, '');
    assert.match(String((calls[0].input as { error?: unknown }).error), /This tool call had no function name\. Call the tool again/);
    await waitFor('the log line', () => /The model sent an unusable unnamed call \(missingName\)/.test(extensionLog()));
  });

  itFrom(LM_PROVIDER_API, 'more than 32 calls in one answer: the first 32 arrive, and the log says how many were left out', async () => {
    const calls = await callsWith({ kind: 'manyToolCalls', total: 40 });
    assert.equal(calls.length, 32);
    assert.equal(new Set(calls.map((c) => c.callId)).size, 32);
    await waitFor('the log line', () => /monster-gpt asked for 8 calls past the 32 a step allows; they were left out/.test(extensionLog()));
  });
});
