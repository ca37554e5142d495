/**
 * Other extensions' tools offered to our agent, in a real VS Code: the LM Caller fixture
 * (test/fixtures/lm-caller, installed beside this extension) declares `lmCaller_echo` in its
 * package.json (`languageModelTools`, which `vscode.lm.registerTool` requires) and registers it
 * when it activates; the adapter lists it from `vscode.lm.tools` and runs it through
 * `vscode.lm.invokeTool`.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lmToolSet } from '../../src/agent/lmTools';

const CALLER_ID = 'monstergaming-tests.lm-caller';
const OURS = ['read_file', 'list_files', 'search_text', 'get_problems', 'edit_file', 'create_file'];
const never = new AbortController().signal;

describe('Other extensions’ tools for the agent (real extension host)', function () {
  this.timeout(60_000);

  before(async () => {
    const caller = vscode.extensions.getExtension(CALLER_ID);
    assert.ok(caller, `${CALLER_ID} is not installed`);
    await caller.activate();
  });

  it('lists another extension’s registered tool with its description and schema, never ours', () => {
    const tools = lmToolSet(OURS);
    const echo = tools.specs.find((s) => s.function.name === 'lmCaller_echo');
    assert.ok(echo, `not offered: ${JSON.stringify(tools.specs.map((s) => s.function.name))}; left out: ${JSON.stringify(tools.left)}`);
    assert.equal(echo.function.description, 'Echoes the text back. Test fixture of Monster Gaming.');
    assert.deepEqual((echo.function.parameters as { required?: unknown }).required, ['text']);
    assert.equal(tools.kindOf('lmCaller_echo'), 'command');
    assert.equal(tools.realName('lmCaller_echo'), 'lmCaller_echo');
    assert.ok(tools.specs.every((s) => !s.function.name.startsWith('monsterGaming_') && !OURS.includes(s.function.name)));
  });

  it('runs it with the model’s JSON arguments and gives back its text parts, other parts named', async () => {
    const result = await lmToolSet(OURS).run('lmCaller_echo', '{"text":"hello"}', never);
    assert.deepEqual(result, { ok: true, text: 'echo: hello[a prompt-tsx part, left out] (end)' });
  });

  it('answers malformed arguments, a tool that throws and an unknown name with Error: texts', async () => {
    const tools = lmToolSet(OURS);
    const malformed = await tools.run('lmCaller_echo', '{"text":', never);
    assert.equal(malformed.ok, false);
    assert.match(malformed.text, /^Error: the arguments are not valid JSON/);
    const thrown = await tools.run('lmCaller_echo', '{"text":"fail"}', never);
    assert.equal(thrown.ok, false);
    assert.match(thrown.text, /^Error: lmCaller_echo failed: .*the echo tool was told to fail/);
    const unknown = await tools.run('lmCaller_nothing', '{}', never);
    assert.equal(unknown.ok, false);
    assert.match(unknown.text, /^Error: there is no tool named "lmCaller_nothing"/);
  });

  it('ends a call at once when stopped, even when the tool ignores its cancellation', async () => {
    const stop = new AbortController();
    const running = lmToolSet(OURS).run('lmCaller_echo', '{"text":"hang"}', stop.signal);
    setTimeout(() => stop.abort(), 50);
    assert.deepEqual(await running, { ok: false, text: 'Error: stopped.' });
  });
});
