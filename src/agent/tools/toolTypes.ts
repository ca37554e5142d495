/**
 * What a workspace tool is given and gives back. The loop owns the conversation and the user's
 * approvals; a tool owns one action on the workspace, bounded and confined. No `vscode` here.
 */
import type { WorkspaceFolderPath, WorkspacePaths } from '../../context/workspacePaths';
import type { EngineProfile } from '../../engine/profileTypes';
import type { ShaderCompilers } from './shaderCompiler';

/** Which approval a tool needs (`monsterGaming.agent.autoApprove` lists the kinds run without asking). */
export type ToolKind = 'read' | 'edit' | 'task' | 'command';

/** A change a tool wants to make, for the loop to show (a diff) and the user to accept or reject. */
export interface ChangeRequest {
  readonly tool: 'edit_file' | 'create_file';
  /** Absolute path of the file. */
  readonly file: string;
  /** Workspace-relative, as the model named it. */
  readonly relative: string;
  /** The file's text now; undefined when the file is created. */
  readonly before: string | undefined;
  /** Its text once the change is applied. */
  readonly after: string;
}

/** A task or command a tool wants to run, for the loop to show (its exact text) with Run / Skip. */
export interface RunRequest {
  readonly tool: 'run_task' | 'run_command';
  /** The task's name, or the exact command line. */
  readonly subject: string;
  /** What will run, exactly: the command line and its folder, or the task's definition. */
  readonly detail: string;
}

export type Approval = { readonly approved: true } | { readonly approved: false; readonly reason?: string };

/** A change a tool made, for the turn's review and Undo Agent Changes. */
export interface AppliedChange {
  readonly file: string;
  readonly relative: string;
  /** undefined: the tool created the file. */
  readonly before: string | undefined;
  readonly after: string;
}

/** What every tool call runs with, built afresh for each call by the loop. */
export interface ToolEnv {
  readonly folders: readonly WorkspaceFolderPath[];
  readonly paths: WorkspacePaths;
  /** Aborted by Stop: a tool ends at once and changes nothing it has not already applied. */
  readonly signal: AbortSignal;
  /** Asks for a change (edit_file, create_file); nothing is written unless this approves it. */
  readonly approve: (request: ChangeRequest) => Promise<Approval>;
  /** Asks to run a task or command (run_task, run_command); nothing runs unless this approves it. */
  readonly confirmRun: (request: RunRequest) => Promise<Approval>;
  /** The ripgrep binary VS Code ships (`findRipgrep(vscode.env.appRoot)`); undefined when none was found. */
  readonly ripgrep: string | undefined;
  /** The engine tools' ports (compile_shader, import_engine_log, engine_profile). */
  readonly engine: EngineToolPorts;
  /** False in Restricted Mode, where the registry runs no tool that edits, creates or starts a process. */
  readonly trusted: () => boolean;
}

/** What the engine tools need from outside: the shader compilers on PATH, and a folder's engine profile. */
export interface EngineToolPorts {
  readonly shaderCompilers: () => ShaderCompilers;
  /** The engine profile of a workspace folder (bounded and confined: src/engine/profile.ts); undefined when it holds no engine project. */
  readonly profile: (folder: WorkspaceFolderPath) => Promise<EngineProfile | undefined>;
}

/** A tool's answer: text for the model (an `Error:` text when `ok` is false). */
export interface ToolResult {
  readonly ok: boolean;
  readonly text: string;
  readonly change?: AppliedChange;
}

/** Why a tool did nothing in Restricted Mode (`what`: what the agent does not do there), and how to change it. */
export const restrictedMode = (what: string): string =>
  `the workspace is in Restricted Mode, where the agent ${what}. Nothing was done; the user can trust the workspace (Manage Workspace Trust) and ask again.`;

export const fail = (text: string): ToolResult => ({ ok: false, text: text.startsWith('Error:') ? text : `Error: ${text}` });
export const done = (text: string, change?: AppliedChange): ToolResult => ({ ok: true, text, ...(change ? { change } : {}) });
