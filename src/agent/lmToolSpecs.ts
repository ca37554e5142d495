/**
 * Tools other extensions and MCP servers register with VS Code (`vscode.lm.tools`), as OpenAI
 * function tools for our agent: the pure part of lmTools.ts (no `vscode`, unit-tested). What
 * another extension declares is input like any other: names OpenAI would reject, descriptions
 * and schemas of any size, any number of tools. Each is sanitized and bounded so the request
 * still fits the gateway's 64 KB body (GATEWAY_BODY_LIMIT_BYTES) beside our own tools and the
 * conversation.
 */
import type { FunctionToolSpec } from './tools/registry';

/** What we read of a `vscode.LanguageModelToolInformation`. */
export interface LmToolInfo {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: object | undefined;
}

/** At most this many foreign tools are offered (the rest are left out, in name order). */
export const MAX_LM_TOOLS = 64;
/** Characters of a foreign tool's description sent to the model. */
export const MAX_LM_TOOL_DESCRIPTION = 1_000;
/** Bytes of one foreign tool's JSON schema; a tool with a larger one is left out (a cut schema would mislead the model). */
export const MAX_LM_TOOL_SCHEMA_BYTES = 4 * 1024;
/** Bytes of all foreign tools' specs together, as JSON (our own tools and the conversation need the rest of 64 KB). */
export const MAX_LM_TOOLS_BYTES = 16 * 1024;
/** Our own tools as registered with VS Code for other agents: offering them back to ourselves would run them twice over. */
export const OWN_TOOL_PREFIX = 'monsterGaming_';

const NAME_LENGTH = 64;
const VALID_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** `name` as OpenAI accepts a function's name (`^[a-zA-Z0-9_-]{1,64}$`): other characters become `_`, cut to 64. */
export function sanitizeToolName(name: string): string {
  const replaced = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, NAME_LENGTH);
  return replaced === '' ? 'tool' : replaced;
}

/** `base`, or `base_2`, `base_3`… (cut so the whole stays within 64) — the first that is not `taken`. */
function unique(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = base.slice(0, NAME_LENGTH - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The schema as sent, or why it cannot be: OpenAI wants an object schema for a function's parameters. */
function parameters(schema: object | undefined): { readonly ok: true; readonly value: object; readonly bytes: number } | { readonly ok: false } {
  const value = schema ?? { type: 'object', properties: {} };
  if (Array.isArray(value) || (value as { type?: unknown }).type !== 'object') return { ok: false };
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return { ok: false }; // A cycle, a BigInt: not JSON, so not sendable.
  }
  if (json === undefined) return { ok: false };
  const bytes = Buffer.byteLength(json, 'utf8');
  // Parsed back: what is sent is plain JSON, with no getters or prototypes of the other extension's objects.
  return bytes > MAX_LM_TOOL_SCHEMA_BYTES ? { ok: false } : { ok: true, value: JSON.parse(json) as object, bytes };
}

function description(text: string): string {
  const flat = typeof text === 'string' ? text.trim() : '';
  return flat.length > MAX_LM_TOOL_DESCRIPTION ? `${flat.slice(0, MAX_LM_TOOL_DESCRIPTION - 1)}…` : flat;
}

export interface LmToolSpecs {
  readonly specs: FunctionToolSpec[];
  /** The name the model calls → the tool's real name in `vscode.lm.tools`. */
  readonly realNames: ReadonlyMap<string, string>;
  /** Real names left out, and why (for the log). */
  readonly left: ReadonlyArray<{ readonly name: string; readonly why: 'own' | 'clash' | 'duplicate' | 'schema' | 'count' | 'size' }>;
}

/**
 * The specs of `tools` to offer beside ours (`reserved`: the names our own tools use). Our own
 * registered tools and tools whose real name is one of ours are left out; a sanitized name that
 * collides with a taken one gets a `_2`-style suffix. Sorted by real name, so the same tools give
 * the same request (and a gateway's prompt cache keeps working).
 */
export function lmToolSpecs(tools: readonly LmToolInfo[], reserved: Iterable<string>): LmToolSpecs {
  const ours = new Set(reserved);
  const taken = new Set(ours);
  const seen = new Set<string>();
  const specs: FunctionToolSpec[] = [];
  const realNames = new Map<string, string>();
  const left: Array<LmToolSpecs['left'][number]> = [];
  let bytes = 0;
  const sorted = [...tools].filter((t) => typeof t.name === 'string' && t.name !== '').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const tool of sorted) {
    const why = tool.name.startsWith(OWN_TOOL_PREFIX) ? 'own' : ours.has(tool.name) ? 'clash' : seen.has(tool.name) ? 'duplicate' : undefined;
    if (why) {
      left.push({ name: tool.name, why });
      continue;
    }
    seen.add(tool.name);
    if (specs.length >= MAX_LM_TOOLS) {
      left.push({ name: tool.name, why: 'count' });
      continue;
    }
    const schema = parameters(tool.inputSchema);
    if (!schema.ok) {
      left.push({ name: tool.name, why: 'schema' });
      continue;
    }
    const name = unique(sanitizeToolName(tool.name), taken);
    const spec: FunctionToolSpec = { type: 'function', function: { name, description: description(tool.description), parameters: schema.value } };
    const size = Buffer.byteLength(JSON.stringify(spec), 'utf8');
    if (bytes + size > MAX_LM_TOOLS_BYTES) {
      left.push({ name: tool.name, why: 'size' });
      continue;
    }
    bytes += size;
    taken.add(name);
    realNames.set(name, tool.name);
    specs.push(spec);
  }
  return { specs, realNames, left };
}

/** Whether `name` is a function name OpenAI accepts (what every spec above carries). */
export function isValidToolName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** A part of a tool's result, classified by lmTools.ts (which knows VS Code's part classes). */
export type LmResultPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'other'; readonly what: string };

/** Characters of a foreign tool's result given to the model. */
export const LM_TOOL_RESULT_BUDGET = 16_000;

/** The result's text parts joined, other parts named in brackets, cut to `budget` characters saying so. */
export function lmResultText(parts: readonly LmResultPart[], budget: number = LM_TOOL_RESULT_BUDGET): string {
  const text = parts.map((p) => (p.kind === 'text' ? p.text : `[${p.what}]`)).join('');
  if (text.length <= budget) return text === '' ? '(the tool returned nothing)' : text;
  const cut = text.length - budget;
  return `${text.slice(0, budget)}\n… ${cut.toLocaleString('en-US')} more characters of the tool's result cut.`;
}

/** The model's arguments as the object `invokeTool` takes, or why they are not one. */
export function lmToolInput(rawArguments: unknown): { readonly ok: true; readonly input: object } | { readonly ok: false; readonly error: string } {
  let value: unknown = rawArguments;
  if (typeof rawArguments === 'string') {
    if (rawArguments.trim() === '') return { ok: true, input: {} };
    try {
      value = JSON.parse(rawArguments);
    } catch (error) {
      return { ok: false, error: `the arguments are not valid JSON (${error instanceof Error ? error.message : String(error)}); send one JSON object.` };
    }
  }
  if (value === undefined || value === null) return { ok: true, input: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'the arguments must be one JSON object.' };
  return { ok: true, input: value };
}
