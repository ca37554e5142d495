/**
 * The workspace tools' arguments, as JSON Schema: what the model is offered (`tools[].function
 * .parameters`) and what its calls are checked against before anything runs. Names and
 * arguments are fixed by CONTRACT.md ("Agent mode"). The checks are ajv's, compiled ahead of
 * time like the history's (`npm run schemas` writes toolValidators.generated.ts), so the
 * extension ships the checks, not ajv. Pure.
 */
import { ENGINE_TOOL_SCHEMAS, type EngineToolArgs } from './engineToolSchemas';

/** Bounds every argument carries, so a model cannot hand a tool megabytes to chew on. */
export const MAX_PATH_CHARS = 1_024;
export const MAX_QUERY_CHARS = 1_000;
/** edit_file's old_text and new_text, each. */
export const MAX_EDIT_TEXT_CHARS = 200_000;
/** create_file's content. */
export const MAX_CREATE_CHARS = 500_000;
export const MAX_LIST_RESULTS = 1_000;
export const MAX_SEARCH_RESULTS = 500;
/** run_task's name; run_command's command line. */
export const MAX_TASK_NAME_CHARS = 300;
export const MAX_COMMAND_CHARS = 8_000;

const path = (description: string) => ({ type: 'string', minLength: 1, maxLength: MAX_PATH_CHARS, description }) as const;
const line = (description: string) => ({ type: 'integer', minimum: 1, description }) as const;
const glob = (description: string) => ({ type: 'string', minLength: 1, maxLength: MAX_PATH_CHARS, description }) as const;

const WORKSPACE_PATH = 'Workspace-relative path with forward slashes, e.g. "Assets/Scripts/Player.cs".';

/** Every tool's arguments, by the tool's name (the name its generated check is exported under). */
export const TOOL_SCHEMAS = {
  read_file: {
    $id: 'read_file',
    type: 'object',
    required: ['path'],
    additionalProperties: false,
    properties: {
      path: path(WORKSPACE_PATH),
      start_line: line('First line to read, 1-based (default 1).'),
      end_line: line('Last line to read, 1-based and inclusive (default: as far as the budget allows).'),
    },
  },
  list_files: {
    $id: 'list_files',
    type: 'object',
    required: ['glob'],
    additionalProperties: false,
    properties: {
      glob: glob('Glob relative to the workspace folders, e.g. "**/*.cs" or "Assets/Shaders/**".'),
      max_results: { type: 'integer', minimum: 1, maximum: MAX_LIST_RESULTS, description: 'At most this many paths (default 200).' },
    },
  },
  search_text: {
    $id: 'search_text',
    type: 'object',
    required: ['query'],
    additionalProperties: false,
    properties: {
      query: { type: 'string', minLength: 1, maxLength: MAX_QUERY_CHARS, description: 'Text to find (case-insensitive unless it has capitals).' },
      is_regex: { type: 'boolean', description: 'Treat query as a regular expression (Rust regex syntax). Default false.' },
      glob: glob('Only search files matching this glob, e.g. "**/*.hlsl".'),
      max_results: { type: 'integer', minimum: 1, maximum: MAX_SEARCH_RESULTS, description: 'At most this many matching lines (default 100).' },
    },
  },
  get_problems: {
    $id: 'get_problems',
    type: 'object',
    additionalProperties: false,
    properties: {
      path: path(`${WORKSPACE_PATH} Omit for the whole workspace.`),
    },
  },
  edit_file: {
    $id: 'edit_file',
    type: 'object',
    required: ['path', 'old_text', 'new_text'],
    additionalProperties: false,
    properties: {
      path: path(WORKSPACE_PATH),
      old_text: { type: 'string', minLength: 1, maxLength: MAX_EDIT_TEXT_CHARS, description: 'Exact text to replace, including indentation; it must occur exactly once in the file.' },
      new_text: { type: 'string', maxLength: MAX_EDIT_TEXT_CHARS, description: 'The text that replaces old_text.' },
    },
  },
  create_file: {
    $id: 'create_file',
    type: 'object',
    required: ['path', 'content'],
    additionalProperties: false,
    properties: {
      path: path(WORKSPACE_PATH),
      content: { type: 'string', maxLength: MAX_CREATE_CHARS, description: 'The whole content of the new file.' },
    },
  },
  // Running things (runTaskTool.ts, runCommandTool.ts).
  run_task: {
    $id: 'run_task',
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: MAX_TASK_NAME_CHARS, description: 'The task\'s name (its label in tasks.json), or "source: name" for an extension\'s task, e.g. "npm: build".' },
    },
  },
  run_command: {
    $id: 'run_command',
    type: 'object',
    required: ['command'],
    additionalProperties: false,
    properties: {
      command: { type: 'string', minLength: 1, maxLength: MAX_COMMAND_CHARS, description: 'One shell command line, run in the first workspace folder, e.g. "dotnet build" or "npm test -- --grep Player".' },
    },
  },
  // compile_shader, import_engine_log, engine_profile (engineToolSchemas.ts).
  ...ENGINE_TOOL_SCHEMAS,
} as const;

export type WorkspaceToolName = keyof typeof TOOL_SCHEMAS;

/** The arguments each tool receives once checked. */
export interface WorkspaceToolArgs extends EngineToolArgs {
  read_file: { readonly path: string; readonly start_line?: number; readonly end_line?: number };
  list_files: { readonly glob: string; readonly max_results?: number };
  search_text: { readonly query: string; readonly is_regex?: boolean; readonly glob?: string; readonly max_results?: number };
  get_problems: { readonly path?: string };
  edit_file: { readonly path: string; readonly old_text: string; readonly new_text: string };
  create_file: { readonly path: string; readonly content: string };
  run_task: { readonly name: string };
  run_command: { readonly command: string };
}
