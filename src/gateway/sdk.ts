/**
 * The `openai` SDK, and the only module that loads it at run time. It is bundled apart
 * (`dist/gateway.js`, see esbuild.js) and required by client.ts on the first request, so
 * activation never reads or evaluates the SDK's ~400 KB.
 */
export { default as OpenAI, APIConnectionError, APIError, APIUserAbortError } from 'openai';
export { Stream } from 'openai/streaming';
// Only streaming needs it, and streaming loads this bundle anyway: kept out of activation's bundle.
export { ToolCallAssembler, refusesTools } from './toolCalls';
