/**
 * A tool call's arguments, from the model's JSON text to checked values, or an `Error:` text the
 * model can act on: which argument is wrong and what the tool takes. Pure (no `vscode`).
 */
import { TOOL_SCHEMAS, type WorkspaceToolArgs, type WorkspaceToolName } from './toolSchemas';
import * as generated from './toolValidators.generated';

/** Longer argument text is refused unread (create_file's content bound, with room for JSON escapes). */
export const MAX_ARGUMENT_CHARS = 1_200_000;

/** One of ajv's error objects, as the generated checks leave them (`messages: false`). */
interface CheckError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
}

interface Check {
  (data: unknown): boolean;
  errors?: readonly CheckError[] | null;
}

export type ParsedArgs<N extends WorkspaceToolName> = { readonly ok: true; readonly args: WorkspaceToolArgs[N] } | { readonly ok: false; readonly error: string };

export function isWorkspaceToolName(name: string): name is WorkspaceToolName {
  return Object.hasOwn(TOOL_SCHEMAS, name);
}

interface PropertySchema {
  readonly type: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
}

/** `{path: string, start_line?: integer ≥ 1}`: what the tool takes, said in every argument error. */
export function signature(name: WorkspaceToolName): string {
  const schema = TOOL_SCHEMAS[name];
  const required: readonly string[] = 'required' in schema ? schema.required : [];
  const parts = Object.entries(schema.properties as Readonly<Record<string, PropertySchema>>).map(([key, property]) => {
    const bound = property.minimum !== undefined ? ` ≥ ${property.minimum}` : '';
    const top = property.maximum !== undefined ? ` ≤ ${property.maximum}` : '';
    return `${key}${required.includes(key) ? '' : '?'}: ${property.type}${bound}${top}`;
  });
  return `{${parts.join(', ')}}`;
}

function describe(error: CheckError): string {
  const at = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const subject = at ? `"${at}"` : 'the arguments';
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return `missing argument "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `unknown argument "${String(p.additionalProperty)}"`;
    case 'type':
      return `${subject} must be ${String(p.type) === 'object' ? 'a JSON object' : `of type ${String(p.type)}`}`;
    case 'minimum':
      return `${subject} must be ≥ ${String(p.limit)}`;
    case 'maximum':
      return `${subject} must be ≤ ${String(p.limit)}`;
    case 'minLength':
      return `${subject} must not be empty`;
    case 'maxLength':
      return `${subject} is longer than ${Number(p.limit).toLocaleString('en-US')} characters`;
    case 'enum':
      return `${subject} must be one of ${(p.allowedValues as readonly unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${subject} must be a plain name (letters, digits, "_" and ".", not starting with "-")`;
    default:
      return `${subject} is not valid (${error.keyword})`;
  }
}

/**
 * Parses and checks `raw` (the call's `arguments` string, or an already parsed value). An empty
 * string is `{}` (some models send that for a tool without required arguments); a `null`
 * argument counts as left out (what strict-schema models send for optional ones).
 */
export function parseToolArgs<N extends WorkspaceToolName>(name: N, raw: unknown): ParsedArgs<N> {
  const fail = (why: string): ParsedArgs<N> => ({ ok: false, error: `Error: invalid arguments for ${name}: ${why}. It takes ${signature(name)}.` });
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_ARGUMENT_CHARS) return fail(`the arguments are ${raw.length.toLocaleString('en-US')} characters, more than the ${MAX_ARGUMENT_CHARS.toLocaleString('en-US')} allowed`);
    if (raw.trim() === '') value = {};
    else {
      try {
        value = JSON.parse(raw);
      } catch (error) {
        return fail(`they are not valid JSON (${error instanceof Error ? error.message : String(error)}); send one JSON object`);
      }
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('they must be a JSON object');
  const args: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== null) args[key] = entry;
  const check = generated[name] as Check;
  if (!check(args)) return fail(check.errors?.[0] ? describe(check.errors[0]) : 'they do not match');
  return { ok: true, args: args as WorkspaceToolArgs[N] };
}
