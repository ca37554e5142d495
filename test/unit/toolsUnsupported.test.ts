import * as assert from 'node:assert/strict';
import { describeError, gatewayErrorFromResponse, toolsUnsupported as named, type GatewayError } from '../../src/gateway/errors';
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
});
