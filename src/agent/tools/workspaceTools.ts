/**
 * The workspace tools as the loop uses them: the registry with every handler, and the ToolEnv
 * for the open workspace. The only module here that knows all the handlers.
 */
import * as vscode from 'vscode';
import { WorkspacePaths, type WorkspaceFolderPath } from '../../context/workspacePaths';
import { detectProfile } from '../../engine/profile';
import { workspaceProfileFiles } from '../../engine/workspaceEngine';
import { createFile, editFile } from './editTools';
import { compileShader, engineProfile, importEngineLog } from './engineTools';
import { getProblems, listFiles, readFile } from './readTools';
import { ToolRegistry } from './registry';
import { findRipgrep } from './ripgrep';
import { runCommand } from './runCommandTool';
import { runTask } from './runTaskTool';
import { searchText } from './searchTool';
import { findShaderCompilers } from './shaderCompiler';
import type { Approval, ChangeRequest, EngineToolPorts, RunRequest, ToolEnv } from './toolTypes';

export function workspaceToolRegistry(): ToolRegistry {
  return new ToolRegistry({
    read_file: {
      name: 'read_file',
      kind: 'read',
      description: 'Read a text file of the workspace. Lines come numbered "  12 | code" (the numbers are not part of the file). Long files come in parts: the result says how to read on.',
      run: readFile,
    },
    list_files: {
      name: 'list_files',
      kind: 'read',
      description: 'List workspace files matching a glob, one path a line (files.exclude applies).',
      run: listFiles,
    },
    search_text: {
      name: 'search_text',
      kind: 'read',
      description: 'Search the workspace files for text (ripgrep; .gitignore applies). One "path:line: text" a line.',
      run: searchText,
    },
    get_problems: {
      name: 'get_problems',
      kind: 'read',
      description: 'The problems (errors, warnings) VS Code reports, for one file or the whole workspace: "path:line:col: severity: message [source code]" a line.',
      run: getProblems,
    },
    edit_file: {
      name: 'edit_file',
      kind: 'edit',
      description: 'Replace old_text with new_text in a file. old_text must occur exactly once: copy it exactly from read_file (without the line numbers), with enough lines to be unique. The user may reject the edit.',
      run: editFile,
    },
    create_file: {
      name: 'create_file',
      kind: 'edit',
      description: 'Create a new file with the given content (folders are created as needed). Fails if the file exists: use edit_file to change it.',
      run: createFile,
    },
    // Running things: each run is shown to the user first, who may skip it.
    run_task: {
      name: 'run_task',
      kind: 'task',
      description:
        'Run a VS Code task (tasks.json, or an extension\'s such as "npm: build") and wait for it to end (at most 10 minutes). The result is its exit code and the problems its problem matchers reported ("path:line:col: severity: message" a line). Prefer it to run_command for building: the problems come parsed. The user may skip it; an unknown name lists the tasks there are.',
      run: (args, env) => runTask(args, env),
    },
    run_command: {
      name: 'run_command',
      kind: 'command',
      description:
        'Run one shell command line in the first workspace folder, in a terminal the user sees, and wait for it to end (at most 2 minutes: never start servers or watchers). The result is the exit code and the output (escape codes removed; long output keeps its start and end). The user may skip it.',
      run: (args, env) => runCommand(args, env),
    },
    // The engine tools (engineTools.ts): each only reads the workspace.
    compile_shader: {
      name: 'compile_shader',
      kind: 'read',
      runsProcess: true,
      description:
        'Compile one shader with a real compiler (glslangValidator for GLSL; DXC, FXC or glslang for HLSL) and get its errors as "path:line:col: severity: message" lines, or "OK". Writes nothing to the workspace. Engine shader files (Unity .shader/.cginc, Godot .gdshader, Unreal .usf) are compiled by their engine: use import_engine_log on its log instead.',
      run: compileShader,
    },
    import_engine_log: {
      name: 'import_engine_log',
      kind: 'read',
      description:
        'Read a log file of the workspace (Unity Editor.log, Unreal/MSBuild build log, Godot output, shader compiler output) and get the compiler and engine problems in it as "path:line:col: severity: message [source code]" lines, paths made workspace-relative.',
      run: importEngineLog,
    },
    engine_profile: {
      name: 'engine_profile',
      kind: 'read',
      description: 'The game engine project in each workspace folder: engine and version, render pipeline or renderer, input, packages/plugins, and the files this was read from.',
      run: engineProfile,
    },
  });
}

/** The open workspace's folders, as the tools confine paths to them. */
export function workspaceFolderPaths(): WorkspaceFolderPath[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ path: f.uri.fsPath, name: f.name }));
}

let ripgrep: string | undefined | null = null;

/** A ToolEnv for the open workspace (or `folders`), with the loop's approval and Stop. */
export function workspaceToolEnv(options: {
  readonly signal: AbortSignal;
  readonly approve: (request: ChangeRequest) => Promise<Approval>;
  readonly confirmRun: (request: RunRequest) => Promise<Approval>;
  readonly folders?: readonly WorkspaceFolderPath[];
}): ToolEnv {
  const folders = options.folders ?? workspaceFolderPaths();
  if (ripgrep === null) ripgrep = findRipgrep(vscode.env.appRoot);
  return { folders, paths: new WorkspacePaths(folders), signal: options.signal, approve: options.approve, confirmRun: options.confirmRun, ripgrep, engine: engineToolPorts, trusted: () => vscode.workspace.isTrusted };
}

/** The engine tools' ports: compilers looked up on PATH at each compile (installing one needs no restart). */
const engineToolPorts: EngineToolPorts = {
  shaderCompilers: () => findShaderCompilers(),
  profile: (folder) => detectProfile(workspaceProfileFiles(vscode.Uri.file(folder.path))),
};
