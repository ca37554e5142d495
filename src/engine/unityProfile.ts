/**
 * The Unity part of the engine profile: render pipeline, input handling, netcode, Entities and
 * scripting backends, from Packages/manifest.json, Packages/packages-lock.json (which also lists
 * what embedded packages pull in), ProjectSettings/ProjectSettings.asset and well-known folders
 * under Assets/. Parsers are pure functions of text; none of them throws.
 */
import { joinPath, objectAt, parseJsonObject, stringAt, type ProfileReader } from './projectFiles';
import type { ProfileFacts, UnityInput, UnityInputMode, UnityNetcode, UnityProfile, UnityRenderPipeline, UnityScriptingBackend } from './profileTypes';

/** A plain package version ("17.0.3", "1.0.0-pre.65"); paths, URLs and git refs are not versions. */
export function plainVersion(value: string | undefined): string | undefined {
  return value !== undefined && /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/.test(value) ? value : undefined;
}

export type ParseResult<T> = { readonly value: T } | { readonly error: string };

/** `dependencies` of Packages/manifest.json: package id → what the manifest says (version, `file:` path, git URL). */
export function parseUnityManifest(text: string): ParseResult<ReadonlyMap<string, string>> {
  const parsed = parseJsonObject(text);
  if ('error' in parsed) return parsed;
  const dependencies = objectAt(parsed.value, 'dependencies');
  if (!dependencies) return { error: 'no "dependencies" object' };
  const out = new Map<string, string>();
  for (const [id, value] of Object.entries(dependencies)) {
    if (typeof value === 'string') out.set(id, value);
  }
  return { value: out };
}

export interface LockedPackage {
  readonly version?: string;
  /** registry, builtin, embedded, local, git … */
  readonly source?: string;
}

/** `dependencies` of Packages/packages-lock.json: every package resolved, direct or pulled in. */
export function parseUnityPackagesLock(text: string): ParseResult<ReadonlyMap<string, LockedPackage>> {
  const parsed = parseJsonObject(text);
  if ('error' in parsed) return parsed;
  const dependencies = objectAt(parsed.value, 'dependencies');
  if (!dependencies) return { error: 'no "dependencies" object' };
  const out = new Map<string, LockedPackage>();
  for (const id of Object.keys(dependencies)) {
    const entry = objectAt(dependencies, id);
    if (entry) out.set(id, { version: stringAt(entry, 'version'), source: stringAt(entry, 'source') });
  }
  return { value: out };
}

export interface UnityPlayerSettings {
  /** `activeInputHandler`, when the file has it (Unity 2019.1 and later). */
  readonly activeInputHandler?: number;
  readonly scriptingBackends: readonly UnityScriptingBackend[];
}

const BACKENDS: Readonly<Record<string, UnityScriptingBackend['backend']>> = { '0': 'Mono', '1': 'IL2CPP', '2': '.NET', '3': 'CoreCLR' };
const PLATFORM_NAMES: Readonly<Record<string, string>> = { iPhone: 'iOS' };

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** `Key: value` of one YAML line, split at the first ': ' (keys like "Windows Store Apps" have spaces). */
function keyValue(line: string): { key: string; value: string } | undefined {
  const trimmed = line.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0) return undefined;
  return { key: trimmed.slice(0, colon).trim(), value: trimmed.slice(colon + 1).trim() };
}

function backendOf(platform: string, value: string): UnityScriptingBackend {
  return { platform: PLATFORM_NAMES[platform] ?? platform, backend: BACKENDS[value] ?? `unknown (${value.slice(0, 20)})` };
}

/**
 * The PlayerSettings facts of ProjectSettings.asset (Unity's YAML, read line by line: the file
 * is flat where these keys live, and a full YAML parser would add a dependency for two keys).
 */
export function parseUnityProjectSettings(text: string): ParseResult<UnityPlayerSettings> {
  const lines = text.split('\n');
  if (!lines.some((line) => line.startsWith('PlayerSettings:'))) {
    return { error: 'no PlayerSettings in the file' };
  }
  let activeInputHandler: number | undefined;
  const scriptingBackends: UnityScriptingBackend[] = [];
  let sawBackends = false;
  for (let i = 0; i < lines.length; i++) {
    const pair = keyValue(lines[i]);
    if (!pair) continue;
    if (pair.key === 'activeInputHandler' && activeInputHandler === undefined && /^\d{1,3}$/.test(pair.value)) {
      activeInputHandler = Number(pair.value);
    } else if (pair.key === 'scriptingBackend' && !sawBackends) {
      sawBackends = true;
      if (pair.value.startsWith('{') && pair.value.endsWith('}')) {
        // Flow style: {} (no platform set) or {Standalone: 1, Android: 1}.
        for (const item of pair.value.slice(1, -1).split(',')) {
          const entry = keyValue(item);
          if (entry) scriptingBackends.push(backendOf(entry.key, entry.value));
        }
      } else if (pair.value === '') {
        const indent = indentOf(lines[i]);
        for (let j = i + 1; j < lines.length && indentOf(lines[j]) > indent && lines[j].trim() !== ''; j++) {
          const entry = keyValue(lines[j]);
          if (entry) scriptingBackends.push(backendOf(entry.key, entry.value));
        }
      }
    }
  }
  return { value: { activeInputHandler, scriptingBackends } };
}

/** Package ids the profile looks for. */
export const PACKAGES = {
  urp: 'com.unity.render-pipelines.universal',
  hdrp: 'com.unity.render-pipelines.high-definition',
  inputSystem: 'com.unity.inputsystem',
  entities: 'com.unity.entities',
  netcodeForGameObjects: 'com.unity.netcode.gameobjects',
  netcodeForEntities: 'com.unity.netcode',
  // Mirror and Fish-Net as OpenUPM / their own package.json name them.
  mirror: 'com.mirror-networking.mirror',
  fishNet: 'com.firstgeargames.fishnet',
} as const;

/** The project's packages: the manifest's direct dependencies and the lock file's resolved ones. */
export class UnityPackages {
  constructor(
    private readonly manifest: ReadonlyMap<string, string> | undefined,
    private readonly lock: ReadonlyMap<string, LockedPackage> | undefined,
  ) {}

  get known(): boolean {
    return this.manifest !== undefined || this.lock !== undefined;
  }

  /** The package if the project has it: where from, and its plain version (the manifest's, else the lock's). */
  find(id: string): { readonly source: 'manifest' | 'packages-lock'; readonly version?: string } | undefined {
    const direct = this.manifest?.get(id);
    const locked = this.lock?.get(id);
    if (direct === undefined && locked === undefined) return undefined;
    return { source: direct !== undefined ? 'manifest' : 'packages-lock', version: plainVersion(direct) ?? plainVersion(locked?.version) };
  }
}

/** URP or HDRP as a direct dependency first, then as one pulled in; Built-in when neither is anywhere. */
export function renderPipelineOf(packages: UnityPackages): UnityRenderPipeline | undefined {
  if (!packages.known) return undefined;
  const candidates = [
    { name: 'URP' as const, found: packages.find(PACKAGES.urp) },
    { name: 'HDRP' as const, found: packages.find(PACKAGES.hdrp) },
  ];
  const pick = candidates.find((c) => c.found?.source === 'manifest') ?? candidates.find((c) => c.found);
  if (!pick?.found) return { name: 'Built-in', source: 'none' };
  return { name: pick.name, version: pick.found.version, source: pick.found.source };
}

const INPUT_MODES: Readonly<Record<number, UnityInputMode>> = { 0: 'legacy', 1: 'inputSystem', 2: 'both' };

/** The `activeInputHandler` setting when readable; else the Input System package alone says "Input System". */
export function inputOf(settings: UnityPlayerSettings | undefined, packages: UnityPackages): UnityInput | undefined {
  const packageVersion = packages.find(PACKAGES.inputSystem);
  const withVersion = packageVersion?.version ? { packageVersion: packageVersion.version } : {};
  if (settings) {
    // No key at all: a Unity older than 2019.1, where the Input Manager was the only one.
    const mode = settings.activeInputHandler === undefined ? 'legacy' : INPUT_MODES[settings.activeInputHandler];
    if (mode) return { mode, source: 'ProjectSettings', ...withVersion };
  }
  return packageVersion ? { mode: 'inputSystem', source: 'package', ...withVersion } : undefined;
}

/** Netcode stacks by package id, else by the folder their Asset Store / SDK download creates under Assets/. */
export function netcodeOf(packages: UnityPackages, assetFolders: ReadonlySet<string>, photonFolders: ReadonlySet<string>): UnityNetcode[] {
  const out: UnityNetcode[] = [];
  const byPackage = (name: UnityNetcode['name'], id: string, folder?: string): void => {
    const found = packages.find(id);
    if (found) out.push(found.version ? { name, version: found.version, evidence: id } : { name, evidence: id });
    else if (folder && assetFolders.has(folder)) out.push({ name, evidence: `Assets/${folder}` });
  };
  byPackage('Netcode for GameObjects', PACKAGES.netcodeForGameObjects);
  byPackage('Netcode for Entities', PACKAGES.netcodeForEntities);
  byPackage('Mirror', PACKAGES.mirror, 'Mirror');
  byPackage('Fish-Net', PACKAGES.fishNet, 'FishNet');
  if (assetFolders.has('Photon')) {
    // Photon ships as SDK downloads into Assets/Photon/<product>.
    const products: Array<[UnityNetcode['name'], string]> = [
      ['Photon PUN 2', 'PhotonUnityNetworking'],
      ['Photon Fusion', 'Fusion'],
      ['Photon Quantum', 'Quantum'],
    ];
    const found = products.filter(([, folder]) => photonFolders.has(folder));
    for (const [name, folder] of found) out.push({ name, evidence: `Assets/Photon/${folder}` });
    if (found.length === 0) out.push({ name: 'Photon', evidence: 'Assets/Photon' });
  }
  return out;
}

/** Reads the Unity facts of the project at `root`; `version` comes from ProjectVersion.txt, already read. */
export async function readUnityProfile(
  reader: ProfileReader,
  root: string,
  base: Pick<UnityProfile, 'version' | 'fullVersion' | 'evidence'>,
): Promise<ProfileFacts<UnityProfile>> {
  const at = (relative: string): string => joinPath(root, relative);

  const parseInto = async <T>(path: string, required: boolean, parse: (text: string) => ParseResult<T>, reason: 'badJson' | 'badFormat'): Promise<T | undefined> => {
    const text = await reader.text(path, { required });
    if (text === undefined) return undefined;
    const parsed = parse(text);
    if ('error' in parsed) {
      reader.problem(path, reason, parsed.error);
      return undefined;
    }
    reader.used(path);
    return parsed.value;
  };
  const manifest = await parseInto(at('Packages/manifest.json'), true, parseUnityManifest, 'badJson');
  const lock = await parseInto(at('Packages/packages-lock.json'), false, parseUnityPackagesLock, 'badJson');
  const settings = await parseInto(at('ProjectSettings/ProjectSettings.asset'), true, parseUnityProjectSettings, 'badFormat');
  // Local packages (`file:` paths, possibly outside the project) are never opened: the lock file
  // already lists what they pull in.

  const assets = (await reader.list(at('Assets'))) ?? [];
  const assetFolders = new Set(assets.filter((e) => e.kind === 'dir').map((e) => e.name));
  const photon = assetFolders.has('Photon') ? ((await reader.list(at('Assets/Photon'))) ?? []) : [];
  const photonFolders = new Set(photon.filter((e) => e.kind === 'dir').map((e) => e.name));

  const packages = new UnityPackages(manifest, lock);
  const netcode = netcodeOf(packages, assetFolders, photonFolders);
  for (const stack of netcode) {
    if (stack.evidence.startsWith('Assets/')) reader.used(at(stack.evidence));
  }
  const entities = packages.find(PACKAGES.entities);
  return {
    engine: 'Unity',
    ...base,
    root,
    renderPipeline: renderPipelineOf(packages),
    input: inputOf(settings, packages),
    netcode,
    entities: entities ? (entities.version ? { name: PACKAGES.entities, version: entities.version } : { name: PACKAGES.entities }) : undefined,
    scriptingBackends: settings?.scriptingBackends ?? [],
  };
}
