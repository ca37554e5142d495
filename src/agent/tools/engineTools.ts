/**
 * The engine tools: compile_shader (a real compiler's problems for one shader), import_engine_log
 * (the problems an engine or build log names, through the log import's streaming, bounded parser)
 * and engine_profile (what the workspace's engine projects use). All three only read the
 * workspace: kind 'read'. compile_shader runs a compiler, but only on a file already inside the
 * workspace, in a temporary folder of its own, so nothing in the workspace is written.
 * No `vscode` here: the ports come through ToolEnv.engine.
 */
import * as path from 'node:path';
import { PROBLEMS_BUDGET } from '../../context/budgets';
import { problemsText, type ProblemEntry } from '../../context/problemLines';
import { profileDetails } from '../../engine/profileText';
import { SOURCE_LABELS, type ParsedProblem } from '../../fix/logParsers';
import { parseLogFile, parseLogText } from '../../fix/logReader';
import { ProblemPathResolver } from '../../fix/problemPaths';
import { COMPILE_TIMEOUT_MS, compileCommand, compileFolder, runCompiler, shaderPlan } from './shaderCompiler';
import { confinedFile } from './toolPaths';
import type { WorkspaceToolArgs } from './toolSchemas';
import { done, fail, type ToolEnv, type ToolResult } from './toolTypes';

/** Distinct file names a log import resolves to workspace files; past it, paths are shown as the log wrote them. */
export const MAX_LOG_FILES_RESOLVED = 200;
/** Characters of raw compiler output shown when none of it could be read as problems. */
const RAW_OUTPUT_CHARS = 4_000;

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

function entry(problem: ParsedProblem, where: string): ProblemEntry {
  return {
    path: where,
    line: problem.line,
    column: problem.column ?? 1,
    severity: problem.severity,
    message: problem.message,
    source: SOURCE_LABELS[problem.source],
    ...(problem.code ? { code: problem.code } : {}),
  };
}

/** glslang ends a failed compile with `'' : compilation terminated`: not a problem of its own. */
const isNoise = (problem: ParsedProblem): boolean => problem.source === 'glslang' && /^''\s*:\s*compilation terminated/.test(problem.message);

/** compile_shader {path, stage?, entry?, target?} */
export async function compileShader(args: WorkspaceToolArgs['compile_shader'], env: ToolEnv): Promise<ToolResult> {
  const file = await confinedFile(env.paths, args.path);
  if (!file.ok) return fail(file.error);
  const plan = shaderPlan(file.relative, args.stage);
  if (!plan.ok) return fail(plan.error);
  const temp = await compileFolder();
  try {
    const planned = compileCommand(
      { language: plan.language, stage: plan.stage, file: file.absolute, ...(args.entry ? { entry: args.entry } : {}), ...(args.target ? { target: args.target } : {}) },
      env.engine.shaderCompilers(),
      path.join(temp.dir, 'out.bin'),
    );
    if (!planned.ok) return fail(planned.error);
    const { command } = planned;
    const outcome = await runCompiler(command, temp.dir, env.signal);
    if (env.signal.aborted) return fail('stopped.');
    if (outcome.error !== undefined) return fail(`could not run ${command.compiler} (${command.binary}): ${outcome.error}.`);
    if (outcome.timedOut) return fail(`${command.compiler} took longer than ${COMPILE_TIMEOUT_MS / 1000} s on ${file.relative} and was stopped.`);
    const parsed = await parseLogText(outcome.output);
    const dir = path.dirname(file.absolute);
    // The compiled file is named by its absolute path (or not at all: glslang's `0:`); an include by its own.
    const where = (written: string | undefined): string => {
      if (written === undefined) return file.relative;
      const absolute = path.resolve(dir, written);
      return absolute === file.absolute ? file.relative : (env.paths.relative(absolute) ?? written);
    };
    const problems = parsed.problems.filter((p) => !isNoise(p)).map((p) => entry(p, where(p.file)));
    const listed = problemsText(problems, PROBLEMS_BUDGET, 'asReported');
    const compiled = `${command.compiler} (${command.what})`;
    const cut = outcome.truncated ? `\n… the compiler's output was cut at ${count(outcome.output.length)} characters.` : '';
    if (outcome.code === 0) {
      return done(listed.total > 0 ? `OK: ${file.relative} compiles with ${compiled}, with ${plural(listed.total, 'warning')}:\n${listed.text}${cut}` : `OK: ${file.relative} compiles with ${compiled}; no problems.`);
    }
    if (listed.total === 0) {
      const raw = outcome.output.trim().slice(0, RAW_OUTPUT_CHARS) || '(no output)';
      return done(`${file.relative} failed to compile with ${compiled} (exit code ${String(outcome.code)}); its output:\n${raw}`);
    }
    return done(`${file.relative} failed to compile with ${compiled}: ${plural(listed.counts.error, 'error')}, ${plural(listed.counts.warning, 'warning')}.\n${listed.text}${cut}`);
  } finally {
    await temp.remove();
  }
}

/** Godot roots (what `res://` means) and engine project roots below the folders, from their engine profiles. */
async function projectRoots(env: ToolEnv): Promise<{ godot: string[]; projects: string[] }> {
  const godot: string[] = [];
  const projects: string[] = [];
  for (const folder of env.folders) {
    const profile = await env.engine.profile(folder).catch(() => undefined);
    if (!profile) continue;
    const root = profile.root === '' ? folder.path : path.join(folder.path, ...profile.root.split('/'));
    if (profile.engine === 'Godot') godot.push(root);
    if (profile.root !== '') projects.push(root);
  }
  return { godot, projects };
}

/** import_engine_log {path} */
export async function importEngineLog(args: WorkspaceToolArgs['import_engine_log'], env: ToolEnv): Promise<ToolResult> {
  const file = await confinedFile(env.paths, args.path);
  if (!file.ok) return fail(file.error);
  let log;
  try {
    log = await parseLogFile(file.absolute);
  } catch (error) {
    return fail(`could not read ${file.relative} (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (env.signal.aborted) return fail('stopped.');
  const roots = await projectRoots(env);
  const resolver = new ProblemPathResolver({ workspaceFolders: env.folders.map((f) => f.path), godotRoots: roots.godot, projectRoots: roots.projects });
  // Each distinct path once; a hostile log naming thousands of paths gets the rest shown as written.
  const resolved = new Map<string, string>();
  let outside = 0;
  const where = async (written: string | undefined): Promise<string> => {
    if (written === undefined) return file.relative;
    let shown = resolved.get(written);
    if (shown === undefined) {
      shown = written;
      if (resolved.size < MAX_LOG_FILES_RESOLVED) {
        const found = await resolver.resolve(written);
        if (found.kind === 'inside') shown = env.paths.relative(found.file) ?? written;
        else if (found.kind === 'outside') shown = `${written} (outside the workspace)`;
      }
      resolved.set(written, shown);
    }
    if (shown.endsWith('(outside the workspace)')) outside++;
    return shown;
  };
  const problems: ProblemEntry[] = [];
  for (const problem of log.problems) {
    if (env.signal.aborted) return fail('stopped.');
    problems.push(entry(problem, await where(problem.file)));
  }
  const notes: string[] = [];
  if (log.read < log.total) notes.push(`… the log is ${count(log.total)} bytes; only its last ${count(log.read)} were read (the newest build).`);
  if (log.droppedProblems > 0) notes.push(`… ${plural(log.droppedProblems, 'older problem')} dropped to keep the newest ${count(log.problems.length)}.`);
  if (outside > 0) notes.push(`… ${plural(outside, 'problem')} in files outside the workspace: their paths are shown as the log wrote them.`);
  if (problems.length === 0) return done([`No compiler or engine problems found in ${file.relative} (it reads Unity, Unreal/MSVC, Clang/GCC, Godot, DXC/FXC and glslang output).`, ...notes].join('\n'));
  const listed = problemsText(problems, PROBLEMS_BUDGET);
  return done([`${file.relative}: ${plural(listed.counts.error, 'error')}, ${plural(listed.counts.warning, 'warning')} (${plural(listed.total, 'problem')} in all).`, listed.text, ...notes].join('\n'));
}

/** engine_profile {} */
export async function engineProfile(_args: WorkspaceToolArgs['engine_profile'], env: ToolEnv): Promise<ToolResult> {
  if (env.folders.length === 0) return fail('no folder is open, so there is no engine project to describe.');
  const parts: string[] = [];
  for (const folder of env.folders) {
    if (env.signal.aborted) return fail('stopped.');
    const profile = await env.engine.profile(folder).catch(() => undefined);
    const text = profile ? profileDetails(profile) : 'No Unity, Unreal Engine or Godot project found (looked for ProjectSettings/, *.uproject and project.godot in the folder and one level down).';
    parts.push(env.folders.length > 1 ? `# ${folder.name}\n${text}` : text);
  }
  return done(parts.join('\n\n'));
}
