/**
 * Detects the engine profile of a workspace folder: finds the project (the folder itself, or a
 * folder one level down, as is common for Unity and Godot repositories), then reads what that
 * engine's files say. Bounded and confined by `ProfileReader`; never throws for anything a file
 * contains.
 */
import { parseUnityProjectVersion } from './detect';
import { readGodotProfile } from './godotProfile';
import { DEFAULT_LIMITS, joinPath, ProfileReader, type DirEntry, type ProfileFiles, type ProfileLimits } from './projectFiles';
import type { EngineProfile, GodotProfile, ProfileFacts, UnityProfile, UnrealProfile } from './profileTypes';
import { readUnityProfile } from './unityProfile';
import { readUnrealProfile } from './unrealProfile';

/** Folders one level down that are never a project root, only build output or caches. */
const NOT_PROJECT_ROOTS = new Set(['node_modules', 'Library', 'Temp', 'Logs', 'obj', 'Binaries', 'Intermediate', 'DerivedDataCache', 'Saved']);
/** Folders one level down looked into, in name order. */
const MAX_CANDIDATE_FOLDERS = 64;

/** A Unity editor version as Unity writes it (2022.3.10f1, 6000.0.34f1, 2019.4.40f1c1), and nothing longer. */
function plausibleUnityVersion(version: string): boolean {
  return version.length <= 32 && /^\d+\.[0-9A-Za-z.]+$/.test(version);
}

type Found =
  | { readonly engine: 'Unity'; readonly root: string; readonly text?: string }
  | { readonly engine: 'Unreal Engine'; readonly root: string; readonly path: string; readonly text?: string }
  | { readonly engine: 'Godot'; readonly root: string; readonly text?: string; readonly entries: readonly DirEntry[] };

/** The engine whose project file is in `root` (Unity, then Unreal, then Godot), even if that file cannot be read. */
async function identify(reader: ProfileReader, root: string, entries: readonly DirEntry[]): Promise<Found | undefined> {
  const has = (name: string, kind: DirEntry['kind']): boolean => entries.some((e) => e.name === name && e.kind === kind);
  if (has('ProjectSettings', 'dir')) {
    const version = await reader.read(joinPath(root, 'ProjectSettings/ProjectVersion.txt'));
    if (version.exists) return { engine: 'Unity', root, text: version.text };
  }
  const uproject = entries.find((e) => e.kind === 'file' && e.name.endsWith('.uproject'));
  if (uproject) {
    const path = joinPath(root, uproject.name);
    return { engine: 'Unreal Engine', root, path, text: await reader.text(path) };
  }
  if (has('project.godot', 'file')) {
    const project = await reader.read(joinPath(root, 'project.godot'));
    if (project.exists) return { engine: 'Godot', root, text: project.text, entries };
  }
  return undefined;
}

async function locate(reader: ProfileReader): Promise<Found | undefined> {
  const top = (await reader.list('')) ?? [];
  const atTop = await identify(reader, '', top);
  if (atTop) return atTop;
  const candidates = top.filter((e) => e.kind === 'dir' && !e.name.startsWith('.') && !NOT_PROJECT_ROOTS.has(e.name)).slice(0, MAX_CANDIDATE_FOLDERS);
  for (const folder of candidates) {
    const found = await identify(reader, folder.name, (await reader.list(folder.name)) ?? []);
    if (found) return found;
  }
  return undefined;
}

async function readProfile(reader: ProfileReader, found: Found): Promise<ProfileFacts<UnityProfile> | ProfileFacts<UnrealProfile> | ProfileFacts<GodotProfile>> {
  switch (found.engine) {
    case 'Unity': {
      const path = joinPath(found.root, 'ProjectSettings/ProjectVersion.txt');
      const parsed = found.text === undefined ? undefined : parseUnityProjectVersion(found.text);
      let version: { version?: string; fullVersion?: string } = {};
      if (parsed && plausibleUnityVersion(parsed.fullVersion)) {
        version = parsed;
        reader.used(path);
      } else if (found.text !== undefined) {
        reader.problem(path, 'badFormat', 'm_EditorVersion missing or not a Unity version');
      }
      return readUnityProfile(reader, found.root, { ...version, evidence: path });
    }
    case 'Unreal Engine':
      return readUnrealProfile(reader, found.root, found.path, found.text);
    case 'Godot':
      return readGodotProfile(reader, found.root, found.text, found.entries);
  }
}

/** The engine profile of a folder, or undefined when no Unity, Unreal or Godot project is there. */
export async function detectProfile(files: ProfileFiles, limits: ProfileLimits = DEFAULT_LIMITS): Promise<EngineProfile | undefined> {
  const reader = new ProfileReader(files, limits);
  const found = await locate(reader);
  if (!found) return undefined;
  const profile = await readProfile(reader, found);
  return { ...profile, evidenceFiles: [...reader.evidence], problems: [...reader.problems] };
}
