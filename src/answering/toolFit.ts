/**
 * Tool definitions made shorter when a caller's request is over the body limit. VS Code's own
 * Agent mode offers ~43 tools whose definitions alone are ~57 KB (recorded on 1.139:
 * test/fixtures/vscode-agent-request-1.139.json), so with its prompt the first request is over
 * the Monster Gaming gateway's 64 KB before the user has asked anything. Most of those bytes are
 * usage advice in long descriptions; what a model needs to call a tool correctly is its name,
 * what it does (the description's first paragraph) and its parameters' names, types and
 * requirements. So: every description is cut to its first paragraph (at most MAX_TOOL_CHARS,
 * at a sentence end where one is near), every parameter description to its first sentence
 * (at most MAX_PARAMETER_CHARS), and schema `examples` are left out. Names, types, `required`,
 * `enum` and the schema's structure are never touched. Pure and deterministic.
 */
import type { ToolDefinition } from '../gateway/client';

export const MAX_TOOL_CHARS = 320;
export const MAX_PARAMETER_CHARS = 120;

/** `text` cut to its first paragraph, then to `max` characters at a sentence end if one is in the last third, else with an ellipsis. */
export function shortDescription(text: string, max: number): string {
  const paragraph = text.trim().split(/\n\s*\n/)[0].trim();
  if (paragraph.length <= max) return paragraph;
  const head = paragraph.slice(0, max);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  if (sentenceEnd >= max * (2 / 3)) return head.slice(0, sentenceEnd + 1);
  return `${head.slice(0, max - 1).trimEnd()}…`;
}

/** A parameter's first sentence, bounded. */
function parameterDescription(text: string): string {
  const first = text.trim().split(/(?<=\.)\s/)[0];
  return shortDescription(first, MAX_PARAMETER_CHARS);
}

/** Keys whose value is one schema, and keys whose value is a list or a map of schemas. */
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON schema with shorter descriptions and no examples; everything that says what to send is kept. `depth` bounds hostile nesting. */
function compactSchema(schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 32) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'examples' || key === 'markdownDescription') continue;
    if (key === 'description' && typeof value === 'string') out[key] = parameterDescription(value);
    else if (SCHEMA_KEYS.has(key)) out[key] = compactSchema(value, depth + 1);
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map((entry) => compactSchema(entry, depth + 1));
    else if (SCHEMA_MAPS.has(key) && isRecord(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, compactSchema(entry, depth + 1)]));
    else out[key] = value;
  }
  return out;
}

/** The tools with short descriptions and compact schemas (same names, order and parameters). */
export function compactTools(tools: readonly ToolDefinition[]): ToolDefinition[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: shortDescription(tool.description, MAX_TOOL_CHARS),
    parameters: compactSchema(tool.parameters) as ToolDefinition['parameters'],
  }));
}
