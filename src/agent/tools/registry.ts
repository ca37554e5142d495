/**
 * The workspace tools by name: what the loop offers the model (OpenAI function tools) and how it
 * runs a call. A call with an unknown name or arguments that do not match the tool's schema gets
 * an `Error:` text back, never an exception, so the model can correct itself; so does a tool
 * that throws (the loop shows it like any other result). In Restricted Mode it runs no tool that
 * edits, creates or starts a process: the one place that rule lives for every caller (our agent,
 * `@monster /agent`, other agents through `vscode.lm.invokeTool`).
 */
import { parseToolArgs } from './toolArgs';
import { TOOL_SCHEMAS, type WorkspaceToolArgs, type WorkspaceToolName } from './toolSchemas';
import { fail, restrictedMode, type ToolEnv, type ToolKind, type ToolResult } from './toolTypes';

/** One tool: its description for the model, the approval it needs, and what it does. */
export interface ToolDefinition<N extends WorkspaceToolName> {
  readonly name: N;
  readonly kind: ToolKind;
  readonly description: string;
  /** It only reads, but by starting a process (a compiler): refused in Restricted Mode like a command. */
  readonly runsProcess?: true;
  readonly run: (args: WorkspaceToolArgs[N], env: ToolEnv) => Promise<ToolResult>;
}

/** Every workspace tool's definition, each under its own name (the compiler checks both). */
export type ToolHandlers = { readonly [N in WorkspaceToolName]: ToolDefinition<N> };

/** A tool as OpenAI's `tools` array carries it. */
export interface FunctionToolSpec {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description: string; readonly parameters: object };
}

/** What the agent does not do in Restricted Mode, by the kind of tool refused there. */
const RESTRICTED: Readonly<Record<ToolKind, string>> = {
  read: 'starts no process, not even a compiler',
  edit: 'edits and creates nothing',
  task: 'runs no task or command',
  command: 'runs no task or command',
};

/** The JSON schema as sent: without `$id`, which is ajv's handle, not the model's business. */
function parameters(name: WorkspaceToolName): object {
  const { $id: _id, ...schema } = TOOL_SCHEMAS[name];
  return schema;
}

export class ToolRegistry {
  private readonly names: readonly WorkspaceToolName[];

  constructor(private readonly tools: ToolHandlers) {
    this.names = Object.keys(TOOL_SCHEMAS) as WorkspaceToolName[];
  }

  /** The `tools` of a chat completion request. */
  specs(): FunctionToolSpec[] {
    return this.names.map((name) => ({ type: 'function', function: { name, description: this.tools[name].description, parameters: parameters(name) } }));
  }

  /** The approval a tool needs; undefined for a name that is not one of ours. */
  kindOf(name: string): ToolKind | undefined {
    return this.has(name) ? this.tools[name].kind : undefined;
  }

  has(name: string): name is WorkspaceToolName {
    return (this.names as readonly string[]).includes(name);
  }

  /** Runs the call `name(rawArguments)`; always resolves, with an `Error:` text when it cannot run. */
  async run(name: string, rawArguments: unknown, env: ToolEnv): Promise<ToolResult> {
    if (!this.has(name)) return fail(`there is no tool named ${JSON.stringify(name.slice(0, 100))}. The tools are: ${this.names.join(', ')}.`);
    if (env.signal.aborted) return fail('stopped before the tool ran.');
    const { kind, runsProcess } = this.tools[name];
    if ((kind !== 'read' || runsProcess) && !env.trusted()) return fail(restrictedMode(RESTRICTED[kind]));
    return this.runChecked(name, rawArguments, env);
  }

  private async runChecked<N extends WorkspaceToolName>(name: N, rawArguments: unknown, env: ToolEnv): Promise<ToolResult> {
    const parsed = parseToolArgs(name, rawArguments);
    if (!parsed.ok) return fail(parsed.error);
    try {
      return await this.tools[name].run(parsed.args, env);
    } catch (error) {
      return fail(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
