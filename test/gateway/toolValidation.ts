/**
 * Validation of the tool-calling parts of a chat body (OpenAI chat completions with tools), with
 * the rules and wording OpenAI's API applies, each failure the documented INVALID_REQUEST:
 *
 * - `tools`: at most 128 function tools, names `^[a-zA-Z0-9_-]{1,64}$`, no name twice;
 * - `tool_choice`: `none`, `auto`, `required` or a named function that is offered; only with tools;
 * - an assistant message's `tool_calls`: each `{id, type: "function", function: {name, arguments}}`;
 * - every `tool` message carries a `tool_call_id` naming a call of the assistant message before it
 *   (only other tool messages in between), answered once; and every call of an assistant message
 *   is answered before the conversation goes on.
 *
 * What passes becomes a ToolUse: the offered tools, the question and the calls since it with their
 * results, which is all a scripted agent (agentScripts.ts) needs to take its next step.
 *
 * VS Code's Chat view (Copilot Chat's agent) wraps the question in `<userRequest>` inside a user
 * message full of context, and names the workspace folders in another (`<workspaceFolder path=…>`,
 * "I am working in a workspace with the following folders: - /abs/path"). The question is the
 * unwrapped text of the last user message that carries one (else of the last user message), and
 * the folders are kept for tools that want absolute paths.
 */
import { GatewayError } from './errors';

const MAX_TOOLS = 128;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** One call the assistant made since the last user message, and what came back for it. */
export interface ToolExchange {
  readonly id: string;
  readonly name: string;
  /** The arguments' JSON text as the client echoed it. */
  readonly arguments: string;
  readonly result: string;
}

export interface OfferedTool {
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { readonly name: string };

/** The tool side of an accepted request. */
export interface ToolUse {
  /** Names of the offered tools (empty when the request carried none). */
  readonly offered: readonly string[];
  /** Each offered tool's description and parameters (JSON Schema; `{}` when it sent none). */
  readonly schemas: ReadonlyMap<string, OfferedTool>;
  /** The question the exchanges follow (see above); '' without a user message. */
  readonly question: string;
  /** Absolute workspace folders the system or user messages name (VS Code's agent names them). */
  readonly workspaceFolders: readonly string[];
  readonly choice: ToolChoice;
  /** Calls and results after the last user message, in order. */
  readonly exchanges: readonly ToolExchange[];
  /** Characters the tools and calls add to the prompt (for the token estimate). */
  readonly chars: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalid = (message: string): GatewayError => new GatewayError('INVALID_REQUEST', message);

function parseTools(value: unknown): Map<string, OfferedTool> {
  const tools = new Map<string, OfferedTool>();
  if (value === undefined || value === null) return tools;
  if (!Array.isArray(value)) throw invalid(`Invalid type for 'tools': expected an array of tools.`);
  if (value.length > MAX_TOOLS) throw invalid(`Invalid 'tools': array too long. Expected an array with maximum length ${MAX_TOOLS}, but got an array with length ${value.length} instead.`);
  value.forEach((tool: unknown, index) => {
    const fn = isRecord(tool) ? tool['function'] : undefined;
    if (!isRecord(tool) || tool['type'] !== 'function' || !isRecord(fn)) {
      throw invalid(`Invalid 'tools[${index}]': expected {"type": "function", "function": {...}}.`);
    }
    const name = fn['name'];
    if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
      throw invalid(`Invalid 'tools[${index}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.`);
    }
    if (fn['parameters'] !== undefined && !isRecord(fn['parameters'])) throw invalid(`Invalid 'tools[${index}].function.parameters': expected an object (a JSON Schema).`);
    if (fn['description'] !== undefined && typeof fn['description'] !== 'string') throw invalid(`Invalid 'tools[${index}].function.description': expected a string.`);
    if (tools.has(name)) throw invalid(`Invalid 'tools': function name '${name}' is used more than once.`);
    tools.set(name, { description: typeof fn['description'] === 'string' ? fn['description'] : '', parameters: isRecord(fn['parameters']) ? fn['parameters'] : {} });
  });
  return tools;
}

function parseChoice(value: unknown, offered: readonly string[]): ToolChoice {
  if (value === undefined || value === null) return 'auto';
  if (offered.length === 0) throw invalid(`Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.`);
  if (value === 'none' || value === 'auto' || value === 'required') return value;
  const fn = isRecord(value) ? value['function'] : undefined;
  if (isRecord(value) && value['type'] === 'function' && isRecord(fn) && typeof fn['name'] === 'string') {
    if (!offered.includes(fn['name'])) throw invalid(`Invalid 'tool_choice': function '${fn['name']}' is not one of the offered tools.`);
    return { name: fn['name'] };
  }
  throw invalid(`Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or {"type": "function", "function": {"name": ...}}.`);
}

interface Call {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

function parseCalls(value: unknown, index: number): Call[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`Invalid type for 'messages[${index}].tool_calls': expected an array.`);
  return value.map((call, i) => {
    const where = `messages[${index}].tool_calls[${i}]`;
    const fn = isRecord(call) ? call['function'] : undefined;
    if (!isRecord(call) || typeof call['id'] !== 'string' || call['id'] === '') throw invalid(`Missing required parameter: '${where}.id'.`);
    if (call['type'] !== 'function' || !isRecord(fn)) throw invalid(`Invalid '${where}': expected {"id", "type": "function", "function": {"name", "arguments"}}.`);
    if (typeof fn['name'] !== 'string' || fn['name'] === '') throw invalid(`Missing required parameter: '${where}.function.name'.`);
    if (typeof fn['arguments'] !== 'string') throw invalid(`Invalid type for '${where}.function.arguments': expected a string (JSON text).`);
    return { id: call['id'], name: fn['name'], arguments: fn['arguments'] };
  });
}

/**
 * Checks `tools`, `tool_choice`, tool calls and tool results of a body whose messages already
 * passed the shape and role checks; `texts[i]` is the text of `messages[i]`.
 */
export function validateToolUse(body: Record<string, unknown>, messages: readonly Record<string, unknown>[], texts: readonly string[]): ToolUse {
  const schemas = parseTools(body['tools']);
  const offered = [...schemas.keys()];
  const choice = parseChoice(body['tool_choice'], offered);
  let chars = offered.length > 0 ? JSON.stringify(body['tools']).length : 0;
  const exchanges: Array<ToolExchange & { readonly at: number }> = [];
  /** The calls of the last assistant message with tool_calls, while tool messages answer them. */
  let open: { readonly index: number; readonly calls: readonly Call[]; readonly answered: Set<string> } | undefined;
  const unanswered = (): void => {
    if (!open) return;
    const missing = open.calls.filter((call) => !open?.answered.has(call.id)).map((call) => call.id);
    if (missing.length > 0) {
      throw invalid(`An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`);
    }
    open = undefined;
  };
  messages.forEach((message, index) => {
    const role = message['role'];
    if (role !== 'tool') unanswered();
    if (role === 'assistant') {
      const calls = parseCalls(message['tool_calls'], index);
      chars += calls.reduce((sum, call) => sum + call.name.length + call.arguments.length, 0);
      if (calls.length > 0) open = { index, calls, answered: new Set() };
      return;
    }
    if (role !== 'tool') return;
    const id = message['tool_call_id'];
    if (typeof id !== 'string' || id === '') throw invalid(`Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id' (messages[${index}]).`);
    if (!open) throw invalid(`Invalid parameter: messages with role 'tool' must be a response to a preceding message with 'tool_calls' (messages[${index}]).`);
    const call = open.calls.find((c) => c.id === id);
    if (!call) {
      throw invalid(`Invalid parameter: 'tool_call_id' ${JSON.stringify(id)} of messages[${index}] does not match any tool call of messages[${open.index}] (${open.calls.map((c) => c.id).join(', ')}).`);
    }
    if (open.answered.has(id)) throw invalid(`Invalid parameter: tool call ${JSON.stringify(id)} is answered twice (messages[${index}]).`);
    open.answered.add(id);
    exchanges.push({ ...call, result: texts[index], at: index });
  });
  unanswered();
  const users = messages.flatMap((m, i) => (m['role'] === 'user' ? [i] : []));
  const asked = users.filter((i) => USER_REQUEST.test(texts[i])).at(-1) ?? users.at(-1) ?? -1;
  const question = asked < 0 ? '' : (USER_REQUEST.exec(texts[asked])?.[1] ?? texts[asked]).trim();
  const since = exchanges.filter((e) => e.at > asked).map(({ at: _at, ...exchange }) => exchange);
  const prompts = messages.flatMap((m, i) => (m['role'] === 'system' || m['role'] === 'user' ? [texts[i]] : []));
  return { offered, schemas, question, workspaceFolders: workspaceFolders(prompts), choice, exchanges: since, chars };
}

/** VS Code's agent wraps the question: `<userRequest>\n…\n</userRequest>` (bounded: prompts are hostile too). */
const USER_REQUEST = /<userRequest>\s*([\s\S]{0,20000}?)\s*<\/userRequest>/;
const FOLDER_TAG = /<workspaceFolder path="([^"\n]{1,1000})">/g;
const FOLDER_LIST = /workspace with the following folders:\s*\n((?:[ \t]*- [^\n]{1,1000}\n?){1,50})/g;
const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/])/;

/** The absolute folders the prompts name as the workspace, first seen first, each once. */
function workspaceFolders(prompts: readonly string[]): string[] {
  const found: string[] = [];
  for (const text of prompts) {
    const bounded = text.slice(0, 200_000);
    for (const m of bounded.matchAll(FOLDER_TAG)) found.push(m[1]);
    for (const m of bounded.matchAll(FOLDER_LIST)) found.push(...m[1].split('\n').map((line) => line.replace(/^\s*-\s*/, '').trim()));
  }
  return [...new Set(found.filter((folder) => ABSOLUTE.test(folder)))];
}
