/**
 * The language model provider's mapping, both ways, without VS Code: messages as VS Code hands
 * them (parts read by shape, as the real classes look), to gateway messages; offered tools and
 * the tool mode to OpenAI `tools` / `tool_choice`; assembled calls back to call parts.
 */
import * as assert from 'node:assert/strict';
import type { ToolCall } from '../../src/gateway/toolCalls';
import { wireBody } from '../../src/gateway/wireBody';
import { toCallPart, toGatewayMessages, toToolChoice, toToolDefinitions } from '../../src/vscodeChat/lmMessages';

const text = (value: string): { value: string } => ({ value });
/** The shape of `vscode.LanguageModelToolCallPart`. */
const callPart = (callId: string, name: string, input: object): { callId: string; name: string; input: object } => ({ callId, name, input });
/** The shape of `vscode.LanguageModelToolResultPart`. */
const resultPart = (callId: string, ...content: unknown[]): { callId: string; content: unknown[] } => ({ callId, content });
const User = 1;
const Assistant = 2;

describe('Language model provider: message mapping', () => {
  it('an assistant message with tool call parts becomes assistant tool_calls (input as JSON), its text kept', () => {
    const messages = toGatewayMessages([
      { role: User, content: [text('read src/a.ts')] },
      { role: Assistant, content: [text('Reading it.'), callPart('call_1', 'read_file', { path: 'src/a.ts' }), callPart('call_2', 'list_files', {})] },
      { role: User, content: [resultPart('call_1', text('1 | a')), resultPart('call_2', text('src/a.ts'))] },
    ]);
    assert.deepEqual(messages, [
      { role: 'user', content: 'read src/a.ts' },
      {
        role: 'assistant',
        content: 'Reading it.',
        toolCalls: [
          { id: 'call_1', name: 'read_file', arguments: '{"path":"src/a.ts"}' },
          { id: 'call_2', name: 'list_files', arguments: '{}' },
        ],
      },
      { role: 'tool', toolCallId: 'call_1', content: '1 | a' },
      { role: 'tool', toolCallId: 'call_2', content: 'src/a.ts' },
    ]);
  });

  it('tool results come right after the calls; text in the same user message goes after them', () => {
    const messages = toGatewayMessages([
      { role: User, content: [text('go')] },
      { role: Assistant, content: [callPart('c1', 'read_file', { path: 'x' })] },
      { role: User, content: [text('and now explain'), resultPart('c1', text('line one'), text(' and two'))] },
    ]);
    assert.deepEqual(
      messages.map((m) => m.role),
      ['user', 'assistant', 'tool', 'user'],
    );
    assert.deepEqual(messages[2], { role: 'tool', toolCallId: 'c1', content: 'line one and two' });
    assert.deepEqual(messages[3], { role: 'user', content: 'and now explain' });
    // As the gateway reads it: null content for calls alone, the tool message's tool_call_id.
    const body = wireBody({ model: 'm', messages });
    assert.deepEqual(body.messages[1], { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"x"}' } }] });
    assert.deepEqual(body.messages[2], { role: 'tool', tool_call_id: 'c1', content: 'line one and two' });
  });

  it('a result whose call is not in the assistant message just before is sent as user text (the gateway refuses an orphan tool message)', () => {
    assert.deepEqual(toGatewayMessages([{ role: User, content: [resultPart('gone', text('tool says 42'))] }]), [{ role: 'user', content: 'tool says 42' }]);
  });

  it('a result with no text still answers its call (an empty tool message, never a dangling call)', () => {
    const messages = toGatewayMessages([
      { role: Assistant, content: [callPart('c1', 'run', {})] },
      { role: User, content: [resultPart('c1', { data: new Uint8Array(1), mimeType: 'image/png' })] },
    ]);
    assert.deepEqual(messages[1], { role: 'tool', toolCallId: 'c1', content: '' });
  });

  it('a result\'s text data parts (JSON, plain text) are read as text; images are not', () => {
    const data = (value: string, mimeType: string): { data: Uint8Array; mimeType: string } => ({ data: new TextEncoder().encode(value), mimeType });
    const messages = toGatewayMessages([
      { role: Assistant, content: [callPart('c1', 'problems', {})] },
      { role: User, content: [resultPart('c1', data('{"errors":1}', 'application/json'), data(' ok', 'text/plain'), data('PNG', 'image/png'))] },
    ]);
    assert.deepEqual(messages[1], { role: 'tool', toolCallId: 'c1', content: '{"errors":1} ok' });
  });
});

describe('Language model provider: tools and tool mode', () => {
  it('maps offered tools (name, description, inputSchema) to function tools; a tool without a schema takes an empty object', () => {
    const schema = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };
    const tools = toToolDefinitions([
      { name: 'read_file', description: 'Read a file.', inputSchema: schema },
      { name: 'get_time', description: 'The time.' },
      { description: 'no name' },
      'junk',
    ]);
    assert.deepEqual(tools, [
      { name: 'read_file', description: 'Read a file.', parameters: schema },
      { name: 'get_time', description: 'The time.', parameters: { type: 'object', properties: {} } },
    ]);
    assert.deepEqual(wireBody({ model: 'm', messages: [], tools, toolChoice: toToolChoice(2) }).tool_choice, 'required');
    assert.deepEqual(wireBody({ model: 'm', messages: [], tools }).tools?.[0], { type: 'function', function: { name: 'read_file', description: 'Read a file.', parameters: schema } });
  });

  it('toolMode 2 (Required) is "required"; 1 (Auto) and none are "auto"', () => {
    assert.equal(toToolChoice(2), 'required');
    assert.equal(toToolChoice(1), 'auto');
    assert.equal(toToolChoice(undefined), 'auto');
  });
});

describe('Language model provider: calls reported back', () => {
  const call = (args: string, extra: Partial<ToolCall> = {}): ToolCall => ({ id: 'call_9', name: 'read_file', arguments: args, ...extra });

  it('a call with JSON object arguments is reported with its parsed input', () => {
    assert.deepEqual(toCallPart(call('{"path":"a.ts","start_line":3}')), { callId: 'call_9', name: 'read_file', input: { path: 'a.ts', start_line: 3 } });
    assert.deepEqual(toCallPart(call('')), { callId: 'call_9', name: 'read_file', input: {} });
  });

  it('malformed or non-object arguments, and calls with a problem, are still reported, with an `error` input the tool refuses (never a throw)', () => {
    for (const [args, extra, said] of [
      ['{"path": "a.ts"', {}, /not valid JSON/],
      ['[1,2]', {}, /not a JSON object/],
      ['"a.ts"', {}, /not a JSON object/],
      ['', { problem: 'argumentsTooLong' as const }, /too long/],
      ['{}', { problem: 'missingName' as const, name: '' }, /no function name/],
    ] as const) {
      const part = toCallPart(call(args, extra));
      assert.equal(part.callId, 'call_9');
      assert.equal(part.unusable, true);
      assert.equal(typeof part.input.error, 'string', `an error input for ${args}`);
      assert.match(String(part.input.error), said);
      assert.match(String(part.input.error), /call the tool again/i);
    }
  });
});
