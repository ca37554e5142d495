/**
 * The engine profile: what in a game project changes the right answer, read from the project's
 * own files. One shape per engine, all of them an `EngineInfo` (so every `engineFor()` caller
 * keeps working), with the files read and what could not be read.
 */
import type { EngineInfo } from './detect';
import type { ProfileProblem } from './projectFiles';

interface ProfileBase extends EngineInfo {
  /** Folder-relative path of the project root: '' when the folder is the project, else one level down. */
  readonly root: string;
  /** Folder-relative paths of every file the profile was read from, in reading order. */
  readonly evidenceFiles: readonly string[];
  /** What could not be read, and why; empty when everything could. */
  readonly problems: readonly ProfileProblem[];
}

/** A package with its version, when the version is a plain one (not a path or a URL). */
export interface VersionedName {
  readonly name: string;
  readonly version?: string;
}

export type RenderPipelineName = 'URP' | 'HDRP' | 'Built-in';

export interface UnityRenderPipeline {
  readonly name: RenderPipelineName;
  readonly version?: string;
  /** Where it was found: a direct dependency, only in the lock file (pulled in by another package), or neither. */
  readonly source: 'manifest' | 'packages-lock' | 'none';
}

/** `activeInputHandler` of ProjectSettings.asset: 0 legacy, 1 Input System package, 2 both. */
export type UnityInputMode = 'inputSystem' | 'legacy' | 'both';

export interface UnityInput {
  readonly mode: UnityInputMode;
  /** The com.unity.inputsystem package version, when the package is in the project. */
  readonly packageVersion?: string;
  /** The setting, or (when ProjectSettings.asset could not be read) the package alone. */
  readonly source: 'ProjectSettings' | 'package';
}

export type UnityNetcodeName = 'Netcode for GameObjects' | 'Netcode for Entities' | 'Mirror' | 'Fish-Net' | 'Photon PUN 2' | 'Photon Fusion' | 'Photon Quantum' | 'Photon';

export interface UnityNetcode {
  readonly name: UnityNetcodeName;
  readonly version?: string;
  /** The package id or the folder it was recognised by. */
  readonly evidence: string;
}

/** `scriptingBackend` of ProjectSettings.asset, per build target as Unity names it (iPhone shown as iOS). */
export interface UnityScriptingBackend {
  readonly platform: string;
  readonly backend: 'Mono' | 'IL2CPP' | '.NET' | 'CoreCLR' | `unknown (${string})`;
}

export interface UnityProfile extends ProfileBase {
  readonly engine: 'Unity';
  /** Undefined when neither Packages/manifest.json nor packages-lock.json could be read. */
  readonly renderPipeline?: UnityRenderPipeline;
  readonly input?: UnityInput;
  readonly netcode: readonly UnityNetcode[];
  /** com.unity.entities (DOTS), when present. */
  readonly entities?: VersionedName;
  readonly scriptingBackends: readonly UnityScriptingBackend[];
}

export interface UnrealPlugin {
  readonly name: string;
  /** One of the plugins that most change an answer (GameplayAbilities, EnhancedInput, …). */
  readonly notable: boolean;
}

export interface UnrealModule {
  readonly name: string;
  /** `Type` in the .uproject (Runtime, Editor, …); undefined for a module found only as a Build.cs. */
  readonly type?: string;
  /** Folder-relative path of its Build.cs, when one was found under Source/. */
  readonly buildFile?: string;
  readonly publicDependencies: readonly string[];
  readonly privateDependencies: readonly string[];
}

export interface UnrealProfile extends ProfileBase {
  readonly engine: 'Unreal Engine';
  /** EngineAssociation is a GUID (or empty): an engine built from source, whose version the file does not say. */
  readonly sourceBuild: boolean;
  /** Plugins with `"Enabled": true`, notable ones first. */
  readonly plugins: readonly UnrealPlugin[];
  readonly modules: readonly UnrealModule[];
}

export type GodotRendererName = 'Forward+' | 'Mobile' | 'Compatibility' | 'GLES3' | 'GLES2';

export interface GodotRenderer {
  readonly name: GodotRendererName;
  /** The project setting, or the engine's default when the setting is absent. */
  readonly source: 'setting' | 'default';
  /** `rendering_method.mobile`, when set to another renderer than the desktop one. */
  readonly mobile?: GodotRendererName;
}

export interface GodotPlugin {
  /** The folder name under addons/. */
  readonly id: string;
  /** `name` of its plugin.cfg, when it could be read. */
  readonly name?: string;
  readonly version?: string;
}

export interface GodotProfile extends ProfileBase {
  readonly engine: 'Godot';
  readonly renderer?: GodotRenderer;
  /** The renderer named in config/features ("Forward Plus", "Mobile", "GL Compatibility"), as written. */
  readonly featureRenderer?: string;
  /** C# is used: "C#" in config/features, or a .csproj beside project.godot. */
  readonly csharp: boolean;
  /** `[dotnet] project/assembly_name`: written by the .NET editor, also for projects with no C# at all. */
  readonly dotnetAssembly?: string;
  /** `[editor_plugins] enabled`, in the file's order. */
  readonly plugins: readonly GodotPlugin[];
}

export type EngineProfile = UnityProfile | UnrealProfile | GodotProfile;

/** A profile before the reader's evidence and problems are attached. */
export type ProfileFacts<P extends EngineProfile> = Omit<P, 'evidenceFiles' | 'problems'>;

/** True for a profile, false for a plain `EngineInfo`. */
export function isProfile(info: EngineInfo): info is EngineProfile {
  return 'evidenceFiles' in info;
}
