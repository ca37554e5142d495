import * as assert from 'node:assert/strict';
import { describeError, gatewayErrorFromResponse, toolsUnsupported as named, type GatewayError } from '../../src/gateway/errors';
import { toolModelFor } from '../../src/gateway/providers';
import { refusesTools } from '../../src/gateway/toolCalls';

/** What the client does with a failed request that carried tools. */
const toolsUnsupported = (error: GatewayError, model: string): GatewayError => (refusesTools(error.details.status, error.message) ? named(error, model) : error);

/** How real providers refuse a request with `tools` (status, body). */
const REFUSALS: ReadonlyArray<[string, number, unknown]> = [
  ['Ollama', 400, { error: 'registry.ollama.ai/library/gemma:2b does not support tools' }],
  ['DeepSeek', 400, { error: { message: 'deepseek-reasoner does not support Function Calling', type: 'invalid_request_error' } }],
  ['Groq', 400, { error: { message: 'tools is not supported with this model', type: 'invalid_request_error' } }],
  ['OpenRouter', 404, { error: { message: 'No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs', code: 404 } }],
  ['vLLM', 400, { object: 'error', message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', type: 'BadRequestError' }],
  ['the development gateway', 400, { error: { code: 'INVALID_REQUEST', message: 'Model "deepseek-chat" does not support tools (function calling).' } }],
];

describe('a gateway refusing tools', () => {
  for (const [who, status, body] of REFUSALS) {
    it(`reads ${who}'s refusal as TOOLS_UNSUPPORTED, naming the model`, () => {
      const error = toolsUnsupported(gatewayErrorFromResponse(status, body), 'the-model');
      assert.equal(error.code, 'TOOLS_UNSUPPORTED');
      assert.match(error.message, /^The model "the-model" does not accept tools/);
      assert.equal(error.details.retryable, false);
    });
  }

  it('keeps our own tool-message mistakes, and other 400s, as they are', () => {
    for (const message of [
      "Invalid parameter: messages with role 'tool' must be a response to a preceding message with 'tool_calls'.",
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'.",
      'Prompt exceeds model context window.',
    ]) {
      const error = toolsUnsupported(gatewayErrorFromResponse(400, { error: { message } }), 'm');
      assert.equal(error.code, 'INVALID_REQUEST', message);
    }
    assert.equal(toolsUnsupported(gatewayErrorFromResponse(503, { error: { message: 'tools are not available right now' } }), 'm').code, 'PROVIDER_UNAVAILABLE', 'a 503 is not a refusal');
  });

  it('says what to do: a model with tool calling, or Ask mode; on other gateways, pick another of their models', () => {
    const error = toolsUnsupported(gatewayErrorFromResponse(400, { error: 'x does not support tools' }), 'x');
    assert.match(describeError(error).remediation ?? '', /"monsterGaming\.model".*Ask mode/);
    const other = describeError(error, { providerLabel: 'Ollama', monsterGaming: false, baseUrl: 'http://127.0.0.1:11434/v1' });
    assert.match(other.remediation ?? '', /another Ollama model.*Ask mode/);
    assert.deepEqual(other.actions.map((a) => a.kind), ['selectModel']);
  });

  it('names a model of the preset catalogue that takes tools, never the one in use', () => {
    const error = toolsUnsupported(gatewayErrorFromResponse(400, { error: 'x does not support tools' }), 'x');
    const advice = (settings: Parameters<typeof toolModelFor>[0], label: string, monsterGaming = false): string =>
      describeError(error, { providerLabel: label, monsterGaming, baseUrl: 'https://gateway.example/v1', toolModel: toolModelFor(settings) }).remediation ?? '';
    assert.match(advice({ id: 'monsterGaming', model: 'monster-gpt' }, 'Monster Gaming', true), /such as deepseek-chat\b.*Ask mode/);
    assert.match(advice({ id: 'monsterGaming', model: 'deepseek-chat' }, 'Monster Gaming', true), /such as gpt-4o\b/);
    assert.match(advice({ id: 'prxy', model: 'gemini-2.0-pro' }, 'prxy.monster'), /such as gpt-4o-mini\b/);
    assert.match(advice({ id: 'moonshot', model: 'moonshot-v1-8k' }, 'Moonshot'), /such as moonshot-v1-128k\b/);
    assert.match(advice({ id: 'portkey', model: 'llama3-8b-8192', portkeyProvider: 'groq' }, 'Portkey (hosted) → groq'), /such as llama-3\.3-70b-versatile\b/);
    // Where the catalogue knows none (a local server, Monster API's open models), the general advice.
    assert.match(advice({ id: 'openaiCompatible', model: 'gemma:2b' }, 'OpenAI-compatible server'), /another OpenAI-compatible server model/);
    assert.equal(toolModelFor({ id: 'monsterApi', model: 'google/gemma-2-9b-it' }), undefined);
  });
});
