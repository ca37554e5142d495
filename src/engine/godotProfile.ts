/**
 * The Godot part of the engine profile: version, renderer, C# or GDScript, and the enabled
 * editor plugins, from project.godot (Godot's ConfigFile format), the .csproj beside it and each
 * enabled plugin's plugin.cfg. Pure parsers, one linear pass each; none of them throws.
 */
import { confinedPath, joinPath, type DirEntry, type ProfileReader } from './projectFiles';
import type { GodotPlugin, GodotProfile, GodotRenderer, GodotRendererName, ProfileFacts } from './profileTypes';
import type { ParseResult } from './unityProfile';

const MAX_ENTRIES = 5000;
const MAX_PLUGINS_READ = 32;

/**
 * The settings of a ConfigFile (project.godot, plugin.cfg) as `section/key` → raw value text.
 * Values may span lines (strings, dictionaries, arrays); a value ends at the first newline
 * outside a string and outside brackets. Keys before any section have no prefix.
 */
export function parseGodotConfig(text: string): ReadonlyMap<string, string> {
  const values = new Map<string, string>();
  let section = '';
  let i = 0;
  const n = text.length;
  const lineEnd = (from: number): number => {
    const end = text.indexOf('\n', from);
    return end < 0 ? n : end;
  };
  while (i < n && values.size < MAX_ENTRIES) {
    const c = text[i];
    if (c === '\n' || c === ' ' || c === '\t') {
      i++;
    } else if (c === ';' || c === '#') {
      i = lineEnd(i);
    } else if (c === '[') {
      // Searches stay within the line: a file of unclosed lines costs one pass, not one per line.
      const end = lineEnd(i);
      const line = text.slice(i, end);
      const close = line.lastIndexOf(']');
      section = close > 0 ? line.slice(1, close).trim() : '';
      i = end;
    } else {
      const end = lineEnd(i);
      const at = text.slice(i, end).indexOf('=');
      if (at < 0) {
        i = end; // Not a setting: skipped.
        continue;
      }
      const equals = i + at;
      const key = text.slice(i, equals).trim();
      // The value: to the end of the line, or further while a string or a bracket is open.
      let j = equals + 1;
      let depth = 0;
      let inString = false;
      for (; j < n; j++) {
        const v = text[j];
        if (inString) {
          if (v === '\\') j++;
          else if (v === '"') inString = false;
        } else if (v === '"') inString = true;
        else if (v === '(' || v === '[' || v === '{') depth++;
        else if ((v === ')' || v === ']' || v === '}') && depth > 0) depth--;
        else if (v === '\n' && depth === 0) break;
      }
      if (key !== '') values.set(section ? `${section}/${key}` : key, text.slice(equals + 1, j).trim());
      i = j;
    }
  }
  return values;
}

/** The string literals of a value, in order: `"4.2"`, or each of `PackedStringArray("4.2", "C#")`. */
export function godotStrings(value: string | undefined): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  let i = value.indexOf('"');
  while (i >= 0 && out.length < MAX_ENTRIES) {
    let j = i + 1;
    let literal = '';
    for (; j < value.length && value[j] !== '"'; j++) {
      if (value[j] === '\\' && j + 1 < value.length) j++;
      literal += value[j];
    }
    if (j >= value.length) break; // Unterminated.
    out.push(literal);
    i = value.indexOf('"', j + 1);
  }
  return out;
}

const RENDERERS: Readonly<Record<string, GodotRendererName>> = { forward_plus: 'Forward+', mobile: 'Mobile', gl_compatibility: 'Compatibility', GLES3: 'GLES3', GLES2: 'GLES2' };
const FEATURE_RENDERERS: readonly string[] = ['Forward Plus', 'Mobile', 'GL Compatibility'];

export interface GodotProjectFacts {
  readonly version?: string;
  readonly renderer?: GodotRenderer;
  readonly featureRenderer?: string;
  /** "C#" in config/features. */
  readonly csharpFeature: boolean;
  readonly dotnetAssembly?: string;
  /** `[editor_plugins] enabled` as written (res:// paths, or bare names in Godot 3). */
  readonly enabledPlugins: readonly string[];
}

/**
 * The facts of project.godot. The renderer is the `rendering/renderer/rendering_method` setting,
 * else Godot 4's default (Forward+): that is what the engine runs, whatever config/features says.
 * Godot 3 (config_version 4) names its driver instead (GLES3 by default).
 */
export function parseProjectGodotFile(text: string): ParseResult<GodotProjectFacts> {
  const values = parseGodotConfig(text);
  if (values.size === 0 && text.trim() !== '') return { error: 'no settings in the file' };
  const features = godotStrings(values.get('application/config/features'));
  const configVersion = Number(values.get('config_version') ?? Number.NaN);
  const featureVersion = features.find((f) => /^\d+\.\d+$/.test(f));
  // config_version 5 is Godot 4.x, 4 is Godot 3.x.
  const version = featureVersion ?? (configVersion >= 4 && configVersion < 100 ? `${configVersion - 1}.x` : undefined);
  const major = version === undefined ? undefined : Number(version.split('.')[0]);

  let renderer: GodotRenderer | undefined;
  if (major !== undefined && major >= 4) {
    const method = godotStrings(values.get('rendering/renderer/rendering_method'))[0];
    const mobile = RENDERERS[godotStrings(values.get('rendering/renderer/rendering_method.mobile'))[0] ?? ''];
    const name = method === undefined ? 'Forward+' : RENDERERS[method];
    if (name) renderer = { name, source: method === undefined ? 'default' : 'setting', ...(mobile && mobile !== name ? { mobile } : {}) };
  } else if (major === 3) {
    const driver = godotStrings(values.get('rendering/quality/driver/driver_name'))[0];
    const name = driver === undefined ? 'GLES3' : RENDERERS[driver];
    if (name) renderer = { name, source: driver === undefined ? 'default' : 'setting' };
  }
  const dotnetAssembly = godotStrings(values.get('dotnet/project/assembly_name'))[0];
  return {
    value: {
      version,
      renderer,
      featureRenderer: features.find((f) => FEATURE_RENDERERS.includes(f)),
      csharpFeature: features.includes('C#'),
      dotnetAssembly,
      enabledPlugins: godotStrings(values.get('editor_plugins/enabled')),
    },
  };
}

/**
 * The addon folder of an enabled plugin: `res://addons/<id>/plugin.cfg` (Godot 4) or a bare
 * `<id>` (Godot 3). Anything else, `..` included, is refused: a path from the project file never
 * leads outside the project.
 */
export function pluginFolder(entry: string): string | undefined {
  const prefix = 'res://addons/';
  const suffix = '/plugin.cfg';
  let id: string;
  if (entry.startsWith(prefix) && entry.endsWith(suffix) && entry.length > prefix.length + suffix.length) {
    id = entry.slice(prefix.length, -suffix.length);
  } else if (!entry.includes('/') && !entry.includes(':')) {
    id = entry;
  } else {
    return undefined;
  }
  return confinedPath(id) === id && id !== '' ? id : undefined;
}

/** `[plugin] name` and `version` of a plugin.cfg. */
export function parsePluginCfg(text: string): { name?: string; version?: string } {
  const values = parseGodotConfig(text);
  const name = godotStrings(values.get('plugin/name'))[0];
  const version = godotStrings(values.get('plugin/version'))[0];
  return { ...(name ? { name } : {}), ...(version ? { version } : {}) };
}

/** Reads the Godot facts of the project whose project.godot is at `root`; `rootEntries` lists that folder. */
export async function readGodotProfile(
  reader: ProfileReader,
  root: string,
  projectText: string | undefined,
  rootEntries: readonly DirEntry[],
): Promise<ProfileFacts<GodotProfile>> {
  const projectPath = joinPath(root, 'project.godot');
  // Unreadable (already a problem of the reader) or unparsable: a Godot project all the same.
  const parsed = projectText === undefined ? undefined : parseProjectGodotFile(projectText);
  if (parsed && 'error' in parsed) reader.problem(projectPath, 'badFormat', parsed.error);
  else if (parsed) reader.used(projectPath);
  const facts: GodotProjectFacts = parsed && 'value' in parsed ? parsed.value : { csharpFeature: false, enabledPlugins: [] };

  const csproj = rootEntries.find((e) => e.kind === 'file' && e.name.endsWith('.csproj'));
  if (csproj) reader.used(joinPath(root, csproj.name));

  const plugins: GodotPlugin[] = [];
  for (const entry of facts.enabledPlugins) {
    const id = pluginFolder(entry);
    if (id === undefined) {
      reader.problem(entry.slice(0, 200), 'unsafePath', `${projectPath} [editor_plugins]`);
      continue;
    }
    if (plugins.some((p) => p.id === id)) continue;
    if (plugins.length >= MAX_PLUGINS_READ) {
      plugins.push({ id });
      continue;
    }
    const cfgPath = joinPath(root, `addons/${id}/plugin.cfg`);
    const text = await reader.text(cfgPath, { required: true });
    if (text !== undefined) reader.used(cfgPath);
    plugins.push({ id, ...(text === undefined ? {} : parsePluginCfg(text)) });
  }
  return {
    engine: 'Godot',
    version: facts.version,
    fullVersion: facts.version,
    evidence: projectPath,
    root,
    renderer: facts.renderer,
    featureRenderer: facts.featureRenderer,
    csharp: facts.csharpFeature || csproj !== undefined,
    dotnetAssembly: facts.dotnetAssembly,
    plugins,
  };
}
