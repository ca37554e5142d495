/**
 * What VS Code hands a language model provider, turned into gateway messages, and the model's
 * calls turned back. No `vscode` import: parts are read by shape (a text part has a string
 * `value`; a tool call part `callId`, `name` and `input`; a tool result part `callId` and
 * `content` parts), so this is unit-tested without VS Code and works with any 1.9x class.
 */
import type { AssistantToolCallsTurn, ChatMessage, ChatTurn, ToolDefinition } from '../gateway/client';
import type { ToolCall } from '../gateway/toolCalls';
import { SAFETY_MARGIN_BYTES } from '../answering/bodyLimit';

/** `LanguageModelChatMessageRole` values of the finalized API. */
const ROLES: Readonly<Record<number, ChatTurn['role']>> = { 1: 'user', 2: 'assistant', 3: 'system' };

/** `LanguageModelChatToolMode.Required` (1.96 and the finalized provider API: Auto = 1, Required = 2). */
const TOOL_MODE_REQUIRED = 2;

type Shape = Record<string, unknown>;

function shape(part: unknown): Shape | undefined {
  return typeof part === 'object' && part !== null ? (part as Shape) : undefined;
}

/** A `LanguageModelToolCallPart` by shape. */
function asCall(part: unknown): { callId: string; name: string; input: unknown } | undefined {
  const p = shape(part);
  return p && typeof p.callId === 'string' && typeof p.name === 'string' && 'input' in p ? { callId: p.callId, name: p.name, input: p.input } : undefined;
}

/** A `LanguageModelToolResultPart` by shape. */
function asResult(part: unknown): { callId: string; content: readonly unknown[] } | undefined {
  const p = shape(part);
  return p && typeof p.callId === 'string' && Array.isArray(p.content) ? { callId: p.callId, content: p.content as unknown[] } : undefined;
}

/** Data parts whose bytes are text (a tool's JSON or plain output); images and other binaries are not sent. */
const TEXT_MIME = /^text\/|[/+]json\b/i;

/** The text of a part: text parts, text data parts, and the text inside tool results; nothing for images or calls. */
function partText(part: unknown): string {
  const p = shape(part);
  if (!p || asCall(p)) return '';
  if (typeof p.value === 'string') return p.value;
  if (p.data instanceof Uint8Array && typeof p.mimeType === 'string' && TEXT_MIME.test(p.mimeType)) return new TextDecoder().decode(p.data);
  if (Array.isArray(p.content)) return p.content.map(partText).join('');
  return '';
}

/**
 * Gateway messages for VS Code's, in order. An assistant message's call parts become its
 * `tool_calls` (input as JSON); a user message's result parts become `role: "tool"` messages
 * right after it (OpenAI requires them directly after the calls), its text after them. A result
 * whose call is not in the assistant message just before is sent as user text: the gateway
 * refuses a tool message without its call, and the model still reads what the tool said.
 * Messages with nothing to send are left out; unknown roles are sent as `user`.
 */
export function toGatewayMessages(messages: ReadonlyArray<{ readonly role: number; readonly content: ReadonlyArray<unknown> | string }>): ChatMessage[] {
  const out: ChatMessage[] = [];
  let openCalls = new Set<string>();
  for (const message of messages) {
    const role = ROLES[message.role] ?? 'user';
    if (typeof message.content === 'string') {
      if (message.content) out.push({ role, content: message.content });
      openCalls = new Set();
      continue;
    }
    const calls = role === 'assistant' ? message.content.flatMap((part) => asCall(part) ?? []) : [];
    const results = role === 'user' ? message.content.flatMap((part) => asResult(part) ?? []) : [];
    const answered = results.filter((result) => openCalls.has(result.callId));
    for (const result of answered) out.push({ role: 'tool', toolCallId: result.callId, content: result.content.map(partText).join('') });
    const orphans = results.filter((result) => !openCalls.has(result.callId)).map((result) => result.content.map(partText).join(''));
    const own = message.content.filter((part) => !asResult(part)).map(partText).join('');
    const text = [...orphans, own].filter(Boolean).join('\n\n');
    if (calls.length > 0) {
      const turn: AssistantToolCallsTurn = { role: 'assistant', content: text, toolCalls: calls.map((call) => ({ id: call.callId, name: call.name, arguments: JSON.stringify(call.input ?? {}) })) };
      out.push(turn);
    } else if (text) {
      out.push({ role, content: text });
    }
    openCalls = new Set(calls.map((call) => call.callId));
  }
  return out;
}

/** VS Code's offered tools (`LanguageModelChatTool`: name, description, inputSchema) as OpenAI function tools; entries without a name are left out. */
export function toToolDefinitions(tools: readonly unknown[] | undefined): ToolDefinition[] {
  return (tools ?? []).flatMap((tool): ToolDefinition[] => {
    const t = shape(tool);
    if (!t || typeof t.name !== 'string' || t.name === '') return [];
    const schema = shape(t.inputSchema);
    return [{ name: t.name, description: typeof t.description === 'string' ? t.description : '', parameters: schema ?? { type: 'object', properties: {} } }];
  });
}

/** `tool_choice` for VS Code's `toolMode`. */
export function toToolChoice(toolMode: number | undefined): 'auto' | 'required' {
  return toolMode === TOOL_MODE_REQUIRED ? 'required' : 'auto';
}

/** What the provider reports for one call: `new LanguageModelToolCallPart(callId, name, input)`. */
export interface CallPart {
  readonly callId: string;
  readonly name: string;
  readonly input: Record<string, unknown>;
  /** The call could not be used as sent; `input` is `{ error }` (see toCallPart). */
  readonly unusable?: true;
}

const AGAIN = 'Call the tool again with its arguments as one JSON object.';

/**
 * The call as VS Code's agent gets it. Arguments that are not a JSON object (malformed, cut,
 * an array) and calls with a problem are still reported, with the input `{ error: "…" }`:
 * reporting nothing (or only text) would end the agent's turn as if the model had answered,
 * and the model would never learn its call went wrong. Reported, the call gets a tool result as
 * every call must, and VS Code's agent sends back the tool's refusal of that input (its schema
 * has no `error`, and its required arguments are missing), which the model reads and corrects;
 * the `error` text says what was wrong for a tool or a log that shows the input.
 */
export function toCallPart(call: ToolCall): CallPart {
  const fail = (why: string): CallPart => ({ callId: call.id, name: call.name, input: { error: `${why} ${AGAIN}` }, unusable: true });
  switch (call.problem) {
    case 'argumentsTooLong':
      return fail(`The arguments of this ${call.name} call were too long and were not read.`);
    case 'missingName':
      return fail('This tool call had no function name.');
    case 'nameTooLong':
      return fail('There is no tool with that name.');
    default:
      break;
  }
  if (call.arguments.trim() === '') return { callId: call.id, name: call.name, input: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.arguments);
  } catch {
    return fail(`The arguments of this ${call.name} call were not valid JSON.`);
  }
  const input = shape(parsed);
  if (!input || Array.isArray(parsed)) return fail(`The arguments of this ${call.name} call were not a JSON object.`);
  return { callId: call.id, name: call.name, input };
}

/** Words, numbers, whitespace runs, and single symbols: the pieces BPE tokenizers split text into first. */
const PIECES = /\p{L}+|\p{N}+|\s+|[^\s\p{L}\p{N}]/gu;
const ASCII_LETTERS = /^[A-Za-z]+$/;
/** Tokens every message costs besides its content (role and separators; OpenAI counts 3–4). */
const MESSAGE_TOKENS = 4;
/** A tool call or result part's own framing (id, type, name field). */
const PART_TOKENS = 4;

/**
 * A token estimate close enough for VS Code's budget decisions, without a tokenizer in the bundle
 * (a BPE table is megabytes). Counted by piece, as BPE tokenizers split first: an ASCII word is
 * a token per 6 letters (long identifiers split), other letters (accents, CJK) one per 1.5, digits
 * one per 2, a symbol 0.7 (`();` often merge), a line break 0.8 (indentation merges with it),
 * other spaces 0.1. Checked against o200k_base on the corpus (C#, HLSL, GDScript, Godot shaders,
 * Quake III C, English, JSON: test/unit/lmTokens.test.ts asserts 0.8×–1.6×; about 1.15× typical):
 * a little over on purpose, so VS Code trims before the gateway's body limit refuses a request.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(PIECES)) {
    const first = piece.charCodeAt(0);
    if (/\s/.test(piece[0])) tokens += piece.includes('\n') ? 0.8 : 0.1;
    else if (first >= 48 && first <= 57) tokens += Math.ceil(piece.length / 2);
    else if (ASCII_LETTERS.test(piece)) tokens += Math.ceil(piece.length / 6);
    else if (piece.length > 1 || /\p{L}|\p{N}/u.test(piece)) tokens += Math.ceil(piece.length / 1.5);
    else tokens += 0.7;
  }
  return Math.ceil(tokens);
}

/** One part's tokens: text, a tool call's name and JSON input, a tool result's text; images and data count nothing. */
function partTokens(part: unknown): number {
  const call = asCall(part);
  if (call) return PART_TOKENS + estimateTokens(call.name + JSON.stringify(call.input ?? {}));
  const result = asResult(part);
  if (result) return PART_TOKENS + result.content.reduce((sum: number, inner) => sum + partTokens(inner), 0);
  const text = partText(part);
  return text ? estimateTokens(text) : 0;
}

/** A message's tokens as VS Code asks for them (`provideTokenCount`): its parts plus the per-message overhead. */
export function estimateMessageTokens(message: { readonly role: number; readonly content: ReadonlyArray<unknown> | string }): number {
  const content = typeof message.content === 'string' ? estimateTokens(message.content) : message.content.reduce((sum: number, part) => sum + partTokens(part), 0);
  return MESSAGE_TOKENS + content;
}

/**
 * Request-body bytes per token of estimateTokens, at most, for what VS Code sends: code, English
 * and VS Code's own agent prompt measure 2.6–3.8 as JSON on the wire (escapes included;
 * test/unit/lmTokens.test.ts holds the bound). A byte limit divided by it is a token count that
 * never stands for more bytes than the limit.
 */
export const ESTIMATE_BYTES_PER_TOKEN = 4;

/**
 * Tokens VS Code's agent counts for tool definitions that do not reach the gateway as counted.
 * Copilot Chat (1.139) budgets an agent prompt as 0.9 × (maxInputTokens − the tools' tokens),
 * counting every tool's full description through provideTokenCount; its default Agent's 43 tools
 * count about 15,200 tokens, more than 64 KB less VS Code's own prompt leaves, so a cap of the
 * body limit alone (15,872 tokens) leaves it under 600 tokens for an 11 KB prompt, and it
 * refuses to render. Over the limit, our engine sends those tools with their usage advice
 * shortened (toolFit.ts: 57 KB → 30 KB, about 7,700 tokens fewer), so that much is given back.
 * With it the default Agent gets ~7,700 tokens for prompt, history and attachments, which VS
 * Code trims to that, and which with the shortened tools still fits 64 KB
 * (test/unit/lmTokens.test.ts checks both on the recorded request). The cost: a caller with no
 * tools may fill up to this much past the limit, which our engine then cuts (older messages
 * first, logged), as it cuts anything VS Code did not.
 */
const SHORTENED_TOOLS_TOKENS = 8_000;

/**
 * `maxInputTokens` for VS Code: the model's window less its answer, and at most the body limit
 * in estimated tokens (plus what shortening VS Code's tools gives back), so VS Code trims its
 * history and attachments before the gateway's body limit would make our engine cut them.
 */
export function inputTokenLimit(windowTokens: number, bodyLimitBytes: number): number {
  const bodyTokens = Math.floor((bodyLimitBytes - SAFETY_MARGIN_BYTES) / ESTIMATE_BYTES_PER_TOKEN) + SHORTENED_TOOLS_TOKENS;
  return Math.max(1024, Math.min(windowTokens, bodyTokens));
}
