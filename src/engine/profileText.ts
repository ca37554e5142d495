/**
 * The engine profile as text: the system line that goes with a question (the gateway's
 * `Engine: Unity 2022.3. Language: C#.`, grown with what changes the answer), a one-line label for
 * the chat header, and the details with the evidence files for its tooltip (and the agent's
 * `engine_profile` tool). Only fixed names and validated versions reach the system line: plugin
 * names from project files appear there only when they are on the notable list.
 */
import { engineLabel, type EngineInfo } from './detect';
import type { ProfileProblem } from './projectFiles';
import { isProfile, type EngineProfile, type UnityInputMode, type UnityProfile, type UnrealModule } from './profileTypes';
import { languageName } from '../util/languages';

const INPUT_LABELS: Readonly<Record<UnityInputMode, string>> = {
  inputSystem: 'Input System',
  legacy: 'legacy Input Manager',
  both: 'Input System and legacy Input Manager',
};

/** Notable Unreal plugins named in the system line (the tooltip lists them all). */
const LINE_PLUGINS = 4;

function withVersion(name: string, version: string | undefined): string {
  return version ? `${name} ${version}` : name;
}

function unityFacts(profile: UnityProfile): string[] {
  const facts: string[] = [];
  if (profile.renderPipeline) facts.push(withVersion(profile.renderPipeline.name, profile.renderPipeline.version));
  if (profile.input) facts.push(INPUT_LABELS[profile.input.mode]);
  if (profile.entities) facts.push(withVersion('Entities', profile.entities.version));
  for (const stack of profile.netcode) facts.push(withVersion(stack.name, stack.version));
  return facts;
}

/** What the system line adds after the engine and version: "URP 17.0.3, Input System". */
export function profileFacts(profile: EngineProfile): string[] {
  switch (profile.engine) {
    case 'Unity':
      return unityFacts(profile);
    case 'Unreal Engine': {
      const plugins = profile.plugins.filter((p) => p.notable).slice(0, LINE_PLUGINS).map((p) => p.name);
      return profile.sourceBuild ? ['source build', ...plugins] : plugins;
    }
    case 'Godot': {
      const facts = profile.renderer ? [profile.renderer.name] : [];
      return profile.csharp ? [...facts, 'C#'] : facts;
    }
  }
}

/** "Unity 6.0 (URP 17.0.3, Input System)"; just "Unity 2022.3" when only the version is known. */
export function engineSummary(engine: EngineInfo): string {
  const facts = isProfile(engine) ? profileFacts(engine) : [];
  return facts.length > 0 ? `${engineLabel(engine)} (${facts.join(', ')})` : engineLabel(engine);
}

/** The system line: `Engine: Unity 6.0 (URP 17.0.3, Input System). Language: C#.`; no engine, no "Engine:". */
export function systemLine(engine: EngineInfo | undefined, languageId: string): string {
  const language = `Language: ${languageName(languageId)}.`;
  return engine ? `Engine: ${engineSummary(engine)}. ${language}` : language;
}

/** The chat header's one line: "Unity 6.0 · URP 17.0.3 · Input System" (at most three facts). */
export function headerLabel(engine: EngineInfo): string {
  const facts = isProfile(engine) ? profileFacts(engine).slice(0, 3) : [];
  return [engineLabel(engine), ...facts].join(' · ');
}

/** The words of the details, so the extension can show them translated (the model always gets English). */
export interface ProfileWords {
  readonly project: string;
  readonly renderPipeline: string;
  readonly input: string;
  readonly entities: string;
  readonly netcode: string;
  readonly scriptingBackend: string;
  readonly plugins: string;
  readonly modules: string;
  readonly renderer: string;
  readonly mobileRenderer: string;
  readonly scripting: string;
  readonly none: string;
  readonly readFrom: string;
  readonly couldNotRead: string;
  readonly problem: (problem: ProfileProblem) => string;
}

/** Why a file could not be used, in English. */
export function describeProblem(problem: ProfileProblem): string {
  const detail = problem.detail ? ` (${problem.detail})` : '';
  switch (problem.reason) {
    case 'tooBig':
      return `too large to read${detail}`;
    case 'binary':
      return 'binary, not text';
    case 'notText':
      return 'not UTF-8 text';
    case 'badJson':
      return `not valid JSON${detail}`;
    case 'badFormat':
      return `not in the expected format${detail}`;
    case 'symlink':
      return 'a symbolic link, not followed';
    case 'unsafePath':
      return `a path outside the project, not followed${detail}`;
    case 'readError':
      return `could not be read${detail}`;
    case 'missing':
      return 'missing';
    case 'limit':
      return `not read: the profile reads at most ${problem.detail ?? 'a bounded number of files'}`;
  }
}

export const ENGLISH_WORDS: ProfileWords = {
  project: 'Project',
  renderPipeline: 'Render pipeline',
  input: 'Input',
  entities: 'Entities',
  netcode: 'Netcode',
  scriptingBackend: 'Scripting backend',
  plugins: 'Enabled plugins',
  modules: 'Modules',
  renderer: 'Renderer',
  mobileRenderer: 'Mobile renderer',
  scripting: 'Scripting',
  none: 'none',
  readFrom: 'Read from',
  couldNotRead: 'Could not read',
  problem: describeProblem,
};

/** Items of one detail line shown before "…": a tooltip, not an inventory. */
const DETAIL_ITEMS = 24;

function capped(items: readonly string[], max: number): string[] {
  return items.length > max ? [...items.slice(0, max), `… (${items.length - max} more)`] : [...items];
}

function moduleLine(module: UnrealModule): string {
  const dependencies = [...module.publicDependencies, ...module.privateDependencies];
  const name = module.type ? `${module.name} (${module.type})` : module.name;
  return dependencies.length > 0 ? `${name} → ${capped(dependencies, 12).join(' ')}` : name;
}

/** The profile's facts as `[label, value]` pairs (the tooltip's lines, a starter AGENTS.md's list). */
export function profileFactLines(profile: EngineProfile, words: ProfileWords = ENGLISH_WORDS): Array<[string, string]> {
  const list = (items: readonly string[]): string => (items.length > 0 ? items.join(', ') : words.none);
  switch (profile.engine) {
    case 'Unity': {
      const lines: Array<[string, string]> = [];
      if (profile.renderPipeline) lines.push([words.renderPipeline, withVersion(profile.renderPipeline.name, profile.renderPipeline.version)]);
      if (profile.input) {
        const pkg = profile.input.packageVersion ? ` (com.unity.inputsystem ${profile.input.packageVersion})` : '';
        lines.push([words.input, `${INPUT_LABELS[profile.input.mode]}${pkg}`]);
      }
      lines.push([words.entities, profile.entities ? withVersion('com.unity.entities', profile.entities.version) : words.none]);
      lines.push([words.netcode, list(profile.netcode.map((n) => withVersion(n.name, n.version)))]);
      if (profile.scriptingBackends.length > 0) lines.push([words.scriptingBackend, profile.scriptingBackends.map((b) => `${b.platform} ${b.backend}`).join(', ')]);
      return lines;
    }
    case 'Unreal Engine':
      return [
        [words.plugins, list(capped(profile.plugins.map((p) => p.name), DETAIL_ITEMS))],
        [words.modules, list(capped(profile.modules.map(moduleLine), DETAIL_ITEMS))],
      ];
    case 'Godot': {
      const lines: Array<[string, string]> = [];
      if (profile.renderer) lines.push([words.renderer, profile.renderer.name]);
      if (profile.renderer?.mobile) lines.push([words.mobileRenderer, profile.renderer.mobile]);
      lines.push([words.scripting, profile.csharp ? 'C#, GDScript' : 'GDScript']);
      lines.push([words.plugins, list(profile.plugins.map((p) => withVersion(p.name ?? p.id, p.version)))]);
      return lines;
    }
  }
}

/**
 * The profile in full, one fact a line, then the files it was read from and what could not be
 * read: the chat header's tooltip, and the text of the agent's `engine_profile` tool.
 */
export function profileDetails(engine: EngineInfo, words: ProfileWords = ENGLISH_WORDS): string {
  const exact = engine.fullVersion && engine.fullVersion !== engine.version ? engine.fullVersion : isProfile(engine) && engine.engine === 'Unreal Engine' && engine.sourceBuild ? 'source build' : undefined;
  const title = exact ? `${engineLabel(engine)} (${exact})` : engineLabel(engine);
  if (!isProfile(engine)) return `${title}\n${words.readFrom}: ${engine.evidence}`;
  const lines = [title];
  if (engine.root !== '') lines.push(`${words.project}: ${engine.root}/`);
  for (const [label, value] of profileFactLines(engine, words)) lines.push(`${label}: ${value}`);
  lines.push(`${words.readFrom}:`, ...engine.evidenceFiles.map((file) => `  ${file}`));
  if (engine.problems.length > 0) {
    lines.push(`${words.couldNotRead}:`, ...engine.problems.map((p) => `  ${p.path}: ${words.problem(p)}`));
  }
  return lines.join('\n');
}
