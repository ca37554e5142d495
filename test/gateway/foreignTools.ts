/**
 * Tools of other agents, found and called the way a model does: by what their name and schema
 * say, not by an exact name. VS Code's agent offers its read-file tool as `read_file` with
 * `{filePath (absolute), startLine, endLine}`; others say `readFile`, `copilot_readFile` or
 * `mcp_fs_read_file` with `path`, `offset`/`limit`. Our compile-shader tool reaches VS Code's agent as
 * `monsterGaming_compileShader` (package.json `languageModelTools`) and our own agent as
 * `compile_shader`; our analyze-crash tool as `monsterGaming_analyzeCrash`. Everything here is deterministic: the first offered tool that fits, in the
 * order the request offered them (an exact name first), and arguments from the schema alone.
 */
import type { OfferedTool, ToolUse } from './toolValidation';

/** A tool's name reduced to letters and digits, lower case: `copilot_readFile` → `copilotreadfile`. */
const squeeze = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Names that read a file (not a notebook cell, not a directory). */
export const READS_FILE = (name: string): boolean => /readfile$|readfilecontents?$|readtextfile$/.test(squeeze(name));
/** Names that compile a shader. */
export const COMPILES_SHADER = (name: string): boolean => squeeze(name).endsWith('compileshader');
/** Names that analyze a crash (ours: `monsterGaming_analyzeCrash`). */
export const ANALYZES_CRASH = (name: string): boolean => squeeze(name).endsWith('analyzecrash');

/** The offered tool whose name fits, `exact` first, else the first in offer order. */
export function findTool(tools: ToolUse, fits: (name: string) => boolean, exact: string): string | undefined {
  return tools.offered.includes(exact) ? exact : tools.offered.find(fits);
}

type Properties = Readonly<Record<string, { readonly description?: unknown } | undefined>>;

function propertiesOf(tool: OfferedTool | undefined): Properties {
  const properties = tool?.parameters['properties'];
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? (properties as Properties) : {};
}

const first = (properties: Properties, names: readonly string[]): string | undefined => names.find((name) => name in properties);
const descriptionOf = (properties: Properties, name: string): string => {
  const text = properties[name]?.description;
  return typeof text === 'string' ? text : '';
};

const PATH_KEYS = ['filePath', 'file_path', 'path', 'file', 'filename', 'fileName', 'target_file', 'uri'];
const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/])/;

/**
 * The path argument for `file` (as the question wrote it): absolute, from the workspace folder the
 * prompt names, when the parameter asks for an absolute path; else as written.
 */
function pathFor(file: string, key: string, properties: Properties, tool: OfferedTool | undefined, folders: readonly string[]): string {
  const wantsAbsolute = /\babsolute\b/i.test(descriptionOf(properties, key)) || (!/relative/i.test(descriptionOf(properties, key)) && /\babsolute (?:file )?path/i.test(tool?.description ?? ''));
  const folder = folders[0];
  const absolute = ABSOLUTE.test(file) ? file : folder ? `${folder.replace(/[\\/]+$/, '')}/${file.replace(/^\.?[\\/]+/, '')}` : undefined;
  const path = wantsAbsolute && absolute ? absolute : file;
  return key === 'uri' && ABSOLUTE.test(path) ? `file://${path.startsWith('/') ? '' : '/'}${path.replace(/\\/g, '/')}` : path;
}

/** The arguments that point `name` at `file`, or why there are none. */
function pathArguments(tools: ToolUse, name: string, file: string): Record<string, unknown> | string {
  const tool = tools.schemas.get(name);
  const properties = propertiesOf(tool);
  const key = first(properties, PATH_KEYS) ?? Object.keys(properties).find((k) => /path|file|uri/i.test(k));
  if (!key) return `${name} takes no file path (its parameters: ${Object.keys(properties).join(', ') || 'none'})`;
  return { [key]: pathFor(file, key, properties, tool, tools.workspaceFolders) };
}

/** How many lines a read asks for around the line wanted, for tools that take a range. */
const READ_LINES = 40;

/** The first line a read of `line` asks for (the next step works it out again: the scripts are stateless). */
export const readFrom = (line: number): number => Math.max(1, line - Math.floor(READ_LINES / 2));

/**
 * Arguments for the read-file tool `name`: the file, and a range that holds `line` in whatever
 * form the schema takes one (startLine/endLine, start_line/end_line, offset/limit).
 */
export function readArguments(tools: ToolUse, name: string, file: string, line: number): Record<string, unknown> | string {
  const args = pathArguments(tools, name, file);
  if (typeof args === 'string') return args;
  const properties = propertiesOf(tools.schemas.get(name));
  const start = first(properties, ['startLine', 'start_line', 'lineStart', 'fromLine']);
  const end = first(properties, ['endLine', 'end_line', 'lineEnd', 'toLine']);
  const from = readFrom(line);
  if (start) args[start] = from;
  if (end) args[end] = from + READ_LINES - 1;
  const offset = first(properties, ['offset']);
  const limit = first(properties, ['limit']);
  if (offset) args[offset] = /0-based|zero-based/i.test(descriptionOf(properties, offset)) ? from - 1 : from;
  if (limit) args[limit] = READ_LINES;
  return args;
}

/** Arguments for a tool that takes one file (compile-shader): just its path. */
export function fileArguments(tools: ToolUse, name: string, file: string): Record<string, unknown> | string {
  return pathArguments(tools, name, file);
}
