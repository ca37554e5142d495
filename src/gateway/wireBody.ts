/**
 * The one place a ChatRequest becomes the JSON body of `POST /chat/completions` (OpenAI chat
 * completions with tools). The client sends exactly this object through the SDK, and the body
 * limit (answering/bodyLimit.ts) measures exactly this object, so tools, tool calls and tool
 * results are counted byte for byte. Types only from the SDK: nothing here loads it.
 */
import type { ChatCompletionCreateParamsStreaming, ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatRequest, ToolDefinition } from './client';

/** What the SDK is handed, plus Monster Gaming's own `allow_fallback`. */
export type WireBody = ChatCompletionCreateParamsStreaming & { readonly allow_fallback?: true };

/** One message as the gateway reads it. */
export function wireMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant':
      if ('toolCalls' in message && message.toolCalls.length > 0) {
        return {
          role: 'assistant',
          // OpenAI's own form for "only calls": null, not "" (some translating gateways refuse an empty text part).
          content: message.content === '' ? null : message.content,
          // A call whose arguments were cut goes back as `{}`: an empty string is not JSON, and some gateways re-parse it.
          tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments === '' ? '{}' : call.arguments } })),
        };
      }
      return { role: 'assistant', content: message.content };
    default:
      return { role: message.role, content: message.content };
  }
}

export function wireTool(tool: ToolDefinition): ChatCompletionFunctionTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } } };
}

/** `json_object`, or a schema as OpenAI's strict `json_schema`. */
function responseFormat(format: NonNullable<ChatRequest['responseFormat']>): NonNullable<WireBody['response_format']> {
  return format === 'json_object' ? { type: 'json_object' } : { type: 'json_schema', json_schema: { name: format.name, schema: { ...format.schema }, strict: format.strict ?? true } };
}

/**
 * The body for `request`; `model` replaces the request's when the client had to pick one.
 * `streamUsage` (default true) asks for the answer's token usage: OpenAI, vLLM and Portkey in
 * front of them report none in a stream unless `stream_options.include_usage` is set (the client
 * turns it off for a gateway that refuses the parameter).
 */
export function wireBody(request: ChatRequest, model: string = request.model, streamUsage = true): WireBody {
  const tools = request.tools && request.tools.length > 0 ? request.tools : undefined;
  return {
    model,
    messages: request.messages.map(wireMessage),
    stream: true,
    ...(streamUsage ? { stream_options: { include_usage: true } } : {}),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.responseFormat ? { response_format: responseFormat(request.responseFormat) } : {}),
    ...(request.allowFallback ? { allow_fallback: true as const } : {}),
    ...(tools ? { tools: tools.map(wireTool), ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}) } : {}),
  };
}
