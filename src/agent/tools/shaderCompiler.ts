/**
 * compile_shader's engine: which compiler a shader file goes to (from its extension and the
 * `stage` the model gives), the compilers found on PATH, their argv, and one bounded run. No
 * `vscode` here, so the real glslangValidator runs in the integration tests.
 *
 * A compiler is run with an argv array (never a shell), in a fresh temporary folder (SPIR-V or
 * DXIL output goes there, never into the workspace, and the folder is removed), with a time
 * limit, and its output read only up to MAX_COMPILER_OUTPUT. glslangValidator has no `--`; the
 * shader is named by its absolute path, which cannot be read as an option.
 */
import { spawn } from 'node:child_process';
import { limitChild } from './childLimit';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Longest a compile may take. */
export const COMPILE_TIMEOUT_MS = 20_000;
/** Characters of compiler output read at most. */
export const MAX_COMPILER_OUTPUT = 256 * 1024;

export const SHADER_STAGES = ['vert', 'frag', 'comp', 'geom', 'tesc', 'tese'] as const;
export type ShaderStage = (typeof SHADER_STAGES)[number];
export type ShaderLanguage = 'glsl' | 'hlsl';
export type CompilerName = 'glslangValidator' | 'dxc' | 'fxc';

/** Absolute paths of the compilers found; absent when not on PATH. */
export interface ShaderCompilers {
  readonly glslangValidator?: string;
  readonly dxc?: string;
  readonly fxc?: string;
}

const STAGE_NAMES: Readonly<Record<ShaderStage, string>> = { vert: 'vertex', frag: 'fragment', comp: 'compute', geom: 'geometry', tesc: 'tessellation control', tese: 'tessellation evaluation' };
/** HLSL profiles by stage: shader model 6.0 for DXC, 5.0 for FXC. */
const HLSL_PROFILE: Readonly<Record<ShaderStage, string>> = { vert: 'vs', frag: 'ps', comp: 'cs', geom: 'gs', tesc: 'hs', tese: 'ds' };

/** Engine shader files that only their engine compiles (they need its includes, its ShaderLab, its preprocessing). */
const ENGINE_ONLY: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.(?:shader|cginc|compute|raytrace)$/i, 'is a Unity shader file: ShaderLab and Unity\'s include files are compiled by the Unity Editor, not by a standalone compiler'],
  [/\.(?:gdshader|gdshaderinc)$/i, 'is a Godot shader: only Godot compiles its shading language'],
  [/\.(?:usf|ush)$/i, 'is an Unreal shader: Unreal compiles it with its own includes and definitions'],
];
const ENGINE_ONLY_ADVICE = 'Compile it in the engine and read the errors with import_engine_log on its log (Unity: Editor.log; Godot: the output log), or move the function to check into a standalone .hlsl/.glsl file and compile that with a stage.';

export type ShaderPlan = { readonly ok: true; readonly language: ShaderLanguage; readonly stage: ShaderStage } | { readonly ok: false; readonly error: string };

/** The language and stage of `file` (workspace-relative), or the `Error:` saying why it cannot be compiled alone. */
export function shaderPlan(file: string, stage: ShaderStage | undefined): ShaderPlan {
  for (const [pattern, why] of ENGINE_ONLY) {
    if (pattern.test(file)) return { ok: false, error: `Error: ${file} ${why}; compile_shader cannot compile it standalone. ${ENGINE_ONLY_ADVICE}` };
  }
  const extension = path.extname(file).slice(1).toLowerCase();
  if ((SHADER_STAGES as readonly string[]).includes(extension)) {
    const fromName = extension as ShaderStage;
    if (stage !== undefined && stage !== fromName) return { ok: false, error: `Error: ${file} is a ${STAGE_NAMES[fromName]} shader by its extension (.${extension}), but stage is "${stage}". Leave stage out, or rename the file.` };
    return { ok: true, language: 'glsl', stage: fromName };
  }
  const language: ShaderLanguage | undefined = extension === 'glsl' ? 'glsl' : extension === 'hlsl' || extension === 'fx' ? 'hlsl' : undefined;
  if (language === undefined) {
    return { ok: false, error: `Error: ${file} is not a shader compile_shader knows: it compiles GLSL (.vert, .frag, .comp, .geom, .tesc, .tese, or .glsl with a stage) and HLSL (.hlsl or .fx with a stage).` };
  }
  if (stage === undefined) return { ok: false, error: `Error: ${file} does not say its stage; call compile_shader again with stage, one of ${SHADER_STAGES.join(', ')} (vert = vertex, frag = fragment/pixel, comp = compute).` };
  return { ok: true, language, stage };
}

export function stageName(stage: ShaderStage): string {
  return STAGE_NAMES[stage];
}

/** Where `name` is on `pathVariable` (on Windows `name.exe`: the compilers ship as executables, never scripts). */
export function findOnPath(name: string, pathVariable: string | undefined, platform: NodeJS.Platform = process.platform, isFile: (p: string) => boolean = fileExists): string | undefined {
  if (!pathVariable) return undefined;
  const separator = platform === 'win32' ? ';' : ':';
  const binary = platform === 'win32' ? `${name}.exe` : name;
  for (const folder of pathVariable.split(separator)) {
    const dir = folder.trim().replace(/^"(.*)"$/, '$1');
    // Only absolute folders: a relative PATH entry (".") would find a binary planted in the workspace.
    if (!dir || !(platform === 'win32' ? path.win32.isAbsolute(dir) : path.posix.isAbsolute(dir))) continue;
    const candidate = (platform === 'win32' ? path.win32 : path.posix).join(dir, binary);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

function fileExists(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}

/** The shader compilers on PATH (FXC only on Windows, where the SDK puts it). */
export function findShaderCompilers(pathVariable: string | undefined = process.env.PATH, platform: NodeJS.Platform = process.platform): ShaderCompilers {
  const glslangValidator = findOnPath('glslangValidator', pathVariable, platform);
  const dxc = findOnPath('dxc', pathVariable, platform);
  const fxc = platform === 'win32' ? findOnPath('fxc', pathVariable, platform) : undefined;
  return { ...(glslangValidator ? { glslangValidator } : {}), ...(dxc ? { dxc } : {}), ...(fxc ? { fxc } : {}) };
}

export interface CompileRequest {
  readonly language: ShaderLanguage;
  readonly stage: ShaderStage;
  /** Absolute path of the shader (inside the workspace). */
  readonly file: string;
  readonly entry?: string;
  /** glslang: a `--target-env` (vulkan1.2, opengl, spirv1.5…); DXC/FXC: a profile (ps_6_6, cs_5_0…). */
  readonly target?: string;
}

export interface CompileCommand {
  readonly compiler: CompilerName;
  readonly binary: string;
  readonly args: readonly string[];
  /** What it compiles, for the result: "GLSL fragment shader". */
  readonly what: string;
}

export type CommandPlan = { readonly ok: true; readonly command: CompileCommand } | { readonly ok: false; readonly error: string };

/**
 * The command compiling `request`, output (if any) written to `outFile` (in a temporary folder).
 * HLSL goes to DXC, else FXC, else glslang's HLSL front end; GLSL to glslangValidator.
 */
export function compileCommand(request: CompileRequest, compilers: ShaderCompilers, outFile: string): CommandPlan {
  const what = `${request.language.toUpperCase()} ${STAGE_NAMES[request.stage]} shader`;
  const entry = request.entry ?? 'main';
  if (request.language === 'hlsl' && compilers.dxc) {
    const profile = request.target ?? `${HLSL_PROFILE[request.stage]}_6_0`;
    return { ok: true, command: { compiler: 'dxc', binary: compilers.dxc, what, args: ['-nologo', '-T', profile, '-E', entry, '-Fo', outFile, request.file] } };
  }
  if (request.language === 'hlsl' && compilers.fxc) {
    const profile = request.target ?? `${HLSL_PROFILE[request.stage]}_5_0`;
    return { ok: true, command: { compiler: 'fxc', binary: compilers.fxc, what, args: ['/nologo', '/T', profile, '/E', entry, '/Fo', outFile, request.file] } };
  }
  if (!compilers.glslangValidator) {
    const install = 'glslangValidator (the Vulkan SDK, or the glslang-tools package on Debian/Ubuntu, `brew install glslang` on macOS)';
    return { ok: false, error: `Error: no shader compiler was found on PATH. Install ${request.language === 'hlsl' ? `DXC (dxc, in the Vulkan SDK or the DirectX Shader Compiler release) or ${install}` : install}, make sure it is on PATH, and try again.` };
  }
  const args = ['-S', request.stage];
  if (request.language === 'hlsl') {
    // glslang's HLSL front end only runs while generating SPIR-V; the entry point is required.
    args.push('-D', '-e', entry, '-V', '-o', outFile);
    if (request.target) args.push('--target-env', request.target);
  } else {
    // GLSL's entry is `main`; another source function is renamed to it.
    if (request.entry && request.entry !== 'main') args.push('-e', 'main', '--source-entrypoint', request.entry);
    // Without a target, glslang validates GLSL as OpenGL compiles it and writes nothing.
    if (request.target) args.push('--target-env', request.target, '-o', outFile);
  }
  args.push(request.file);
  return { ok: true, command: { compiler: 'glslangValidator', binary: compilers.glslangValidator, what, args } };
}

export interface CompileOutcome {
  /** undefined when it did not exit (killed, or could not start). */
  readonly code: number | null;
  /** stdout then stderr, at most MAX_COMPILER_OUTPUT characters. */
  readonly output: string;
  readonly truncated: boolean;
  readonly timedOut: boolean;
  /** It could not be started. */
  readonly error?: string;
}

/** Runs `command` in a fresh temporary folder (its cwd, and where `outFile` goes), removed afterwards. */
export async function runCompiler(command: CompileCommand, tempDir: string, signal: AbortSignal, timeoutMs: number = COMPILE_TIMEOUT_MS): Promise<CompileOutcome> {
  return new Promise((resolve) => {
    let output = '';
    let truncated = false;
    const child = spawn(command.binary, [...command.args], { cwd: tempDir, shell: false, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const limit = limitChild(child, timeoutMs, signal);
    const stop = limit.stop;
    const take = (chunk: string): void => {
      if (truncated) return;
      output += chunk;
      if (output.length > MAX_COMPILER_OUTPUT) {
        output = output.slice(0, MAX_COMPILER_OUTPUT);
        truncated = true;
        stop();
      }
    };
    child.stdout.setEncoding('utf8').on('data', take);
    child.stderr.setEncoding('utf8').on('data', take);
    let finished = false;
    const finish = (code: number | null, error?: string): void => {
      if (finished) return;
      finished = true;
      limit.release();
      resolve({ code, output, truncated, timedOut: limit.timedOut(), ...(error ? { error } : {}) });
    };
    child.on('error', (error) => finish(null, error.message));
    child.on('close', (code) => finish(code));
  });
}

/** A fresh temporary folder for one compile; `remove` deletes it and whatever the compiler wrote. */
export async function compileFolder(): Promise<{ readonly dir: string; readonly remove: () => Promise<void> }> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'mg-shader-'));
  return { dir, remove: () => fs.promises.rm(dir, { recursive: true, force: true }) };
}
