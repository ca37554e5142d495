/**
 * The Unreal part of the engine profile: engine version (or a source build), enabled plugins and
 * the C++ modules with their dependency modules, from the `.uproject` and `Source/**\/*.Build.cs`
 * (a bounded number, parsed in one linear pass each). Pure parsers; none of them throws.
 */
import { joinPath, parseJsonObject, stringAt, type ProfileReader } from './projectFiles';
import type { ProfileFacts, UnrealModule, UnrealPlugin, UnrealProfile } from './profileTypes';
import type { ParseResult } from './unityProfile';

/** Plugins that most change an answer, most telling first: they are listed first, and named in the system line. */
export const NOTABLE_UNREAL_PLUGINS: readonly string[] = [
  'GameplayAbilities',
  'EnhancedInput',
  'CommonUI',
  'Niagara',
  'PCG',
  'StateTree',
  'GameplayStateTree',
  'MassGameplay',
  'MassEntity',
  'MassAI',
  'SmartObjects',
  'GameFeatures',
  'ModularGameplay',
  'ModularGameplayActors',
  'Mover',
  'NetworkPrediction',
  'ReplicationGraph',
  'Iris',
  'OnlineSubsystemSteam',
  'OnlineSubsystemEOS',
  'OnlineServicesEOS',
  'ChaosVehiclesPlugin',
  'Water',
  'MotionWarping',
  'PoseSearch',
  'ControlRig',
  'IKRig',
  'MetaHuman',
];

/** Caps on what a hostile .uproject or Build.cs can make the profile hold. */
const MAX_PLUGINS = 500;
const MAX_MODULES = 200;
const MAX_DEPENDENCIES = 300;
const MAX_BUILD_FILES = 48;
const MAX_SOURCE_DIRECTORIES = 64;
const MAX_SOURCE_DEPTH = 6;

export interface UProjectFacts {
  /** EngineAssociation as written ('' when absent). */
  readonly association: string;
  readonly modules: ReadonlyArray<{ readonly name: string; readonly type?: string }>;
  /** Plugins with "Enabled": true, in the file's order. */
  readonly enabledPlugins: readonly string[];
}

function namedEntries(value: unknown, max: number): Array<Readonly<Record<string, unknown>>> {
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, max)
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry) && typeof (entry as Record<string, unknown>).Name === 'string');
}

export function parseUProjectFile(text: string): ParseResult<UProjectFacts> {
  const parsed = parseJsonObject(text);
  if ('error' in parsed) return parsed;
  const json = parsed.value;
  const association = (stringAt(json, 'EngineAssociation') ?? '').trim();
  const modules = namedEntries(json.Modules, MAX_MODULES).map((m) => {
    const type = stringAt(m, 'Type');
    return type === undefined ? { name: String(m.Name) } : { name: String(m.Name), type };
  });
  const enabledPlugins = namedEntries(json.Plugins, MAX_PLUGINS)
    .filter((p) => p.Enabled === true)
    .map((p) => String(p.Name));
  return { value: { association, modules, enabledPlugins: [...new Set(enabledPlugins)] } };
}

/** "5.3" is a version; a GUID ("{4C3F…}") or nothing means an engine built from source. */
export function unrealVersionOf(association: string): { version?: string; sourceBuild: boolean } {
  return /^\d+(?:\.\d+)*$/.test(association) ? { version: association, sourceBuild: false } : { sourceBuild: true };
}

/** Enabled plugins, the notable ones first (in NOTABLE order), then the rest in the file's order. */
export function orderPlugins(enabled: readonly string[]): UnrealPlugin[] {
  const rank = (name: string): number => NOTABLE_UNREAL_PLUGINS.indexOf(name);
  const notable = enabled.filter((name) => rank(name) >= 0).sort((a, b) => rank(a) - rank(b));
  const rest = enabled.filter((name) => rank(name) < 0);
  return [...notable.map((name) => ({ name, notable: true })), ...rest.map((name) => ({ name, notable: false }))];
}

/**
 * C# source without its comments (strings kept, so `"//"` stays): one pass over the text. A
 * commented-out `PrivateDependencyModuleNames.AddRange(…)`, as Unreal's templates write, must not count.
 */
export function stripCSharpComments(text: string): string {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      out.push(text.slice(start, i));
      const end = text.indexOf('\n', i + 2);
      i = end < 0 ? text.length : end;
      start = i;
    } else if (c === '/' && next === '*') {
      out.push(text.slice(start, i), ' ');
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      start = i;
    } else if (c === '"' || c === "'") {
      // A string or char literal: skip to its end. Verbatim strings (@"…") double their quotes.
      const verbatim = c === '"' && (text[i - 1] === '@' || (text[i - 1] === '$' && text[i - 2] === '@'));
      i++;
      while (i < text.length) {
        if (!verbatim && text[i] === '\\') i += 2;
        else if (text[i] === c && verbatim && text[i + 1] === c) i += 2;
        else if (text[i] === c || (!verbatim && text[i] === '\n')) break;
        else i++;
      }
      i++;
    } else {
      i++;
    }
  }
  out.push(text.slice(start));
  return out.join('');
}

export interface BuildCsDependencies {
  readonly publicDependencies: readonly string[];
  readonly privateDependencies: readonly string[];
}

/**
 * Module names added to Public/PrivateDependencyModuleNames in a *.Build.cs (`AddRange(new
 * string[] { … })`, `Add("…")`, also inside `if`s): the string literals of each such statement,
 * up to its `;`. Linear: the search resumes after each statement.
 */
export function parseBuildCs(text: string): BuildCsDependencies {
  const code = stripCSharpComments(text);
  const found = { Public: new Set<string>(), Private: new Set<string>() };
  const statement = /\b(Public|Private)DependencyModuleNames\b/g;
  for (let match = statement.exec(code); match; match = statement.exec(code)) {
    const semicolon = code.indexOf(';', statement.lastIndex);
    const end = semicolon < 0 ? code.length : semicolon;
    const into = found[match[1] as 'Public' | 'Private'];
    for (const literal of code.slice(statement.lastIndex, end).matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"/g)) {
      if (into.size < MAX_DEPENDENCIES) into.add(literal[1]);
    }
    statement.lastIndex = end;
  }
  return { publicDependencies: [...found.Public], privateDependencies: [...found.Private] };
}

/** Folder-relative paths of *.Build.cs under Source/, breadth first, bounded in directories, depth and files. */
async function findBuildFiles(reader: ProfileReader, source: string): Promise<string[]> {
  const files: string[] = [];
  let queue: string[] = [source];
  let listed = 0;
  for (let depth = 0; depth < MAX_SOURCE_DEPTH && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (listed >= MAX_SOURCE_DIRECTORIES || files.length >= MAX_BUILD_FILES) return files;
      listed++;
      for (const entry of (await reader.list(dir)) ?? []) {
        if (entry.kind === 'file' && entry.name.endsWith('.Build.cs') && files.length < MAX_BUILD_FILES) files.push(`${dir}/${entry.name}`);
        else if (entry.kind === 'dir' && !entry.name.startsWith('.')) next.push(`${dir}/${entry.name}`);
      }
    }
    queue = next;
  }
  return files;
}

/** Reads the Unreal facts of the project whose .uproject is `uprojectPath` (at `root`). */
export async function readUnrealProfile(reader: ProfileReader, root: string, uprojectPath: string, uprojectText: string | undefined): Promise<ProfileFacts<UnrealProfile>> {
  // Unreadable (already a problem of the reader) or unparsable: an Unreal project all the same.
  const parsed = uprojectText === undefined ? undefined : parseUProjectFile(uprojectText);
  let facts: UProjectFacts = { association: '', modules: [], enabledPlugins: [] };
  if (parsed && 'error' in parsed) reader.problem(uprojectPath, 'badJson', parsed.error);
  else if (parsed) {
    facts = parsed.value;
    reader.used(uprojectPath);
  }
  const { version, sourceBuild } = parsed && 'value' in parsed ? unrealVersionOf(facts.association) : { version: undefined, sourceBuild: false };

  const modules = new Map<string, UnrealModule>();
  for (const m of facts.modules) modules.set(m.name, { name: m.name, type: m.type, publicDependencies: [], privateDependencies: [] });
  for (const file of await findBuildFiles(reader, joinPath(root, 'Source'))) {
    const text = await reader.text(file);
    if (text === undefined) continue;
    reader.used(file);
    const name = file.slice(file.lastIndexOf('/') + 1, -'.Build.cs'.length);
    const known = modules.get(name);
    if (!known && modules.size >= MAX_MODULES) continue;
    modules.set(name, { name, type: known?.type, buildFile: file, ...parseBuildCs(text) });
  }
  return {
    engine: 'Unreal Engine',
    version,
    fullVersion: version,
    evidence: uprojectPath,
    root,
    sourceBuild,
    plugins: orderPlugins(facts.enabledPlugins),
    modules: [...modules.values()],
  };
}
