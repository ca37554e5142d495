/**
 * Detects the game engine of a workspace folder from the files each engine writes:
 * Unity `ProjectSettings/ProjectVersion.txt`, Unreal `*.uproject`, Godot `project.godot`.
 * Pure: file access comes in through `ProjectFiles`, so it is tested without VS Code.
 */

export interface EngineInfo {
  readonly engine: 'Unity' | 'Unreal Engine' | 'Godot';
  /** Short version as users say it (`2022.3`, `5.3`, `4.2`), when known. */
  readonly version?: string;
  /** Exact version string from the project file (`2022.3.10f1`), when there is one. */
  readonly fullVersion?: string;
  /** The file it was detected from, relative to the folder. */
  readonly evidence: string;
}

/** Reads files of one workspace folder by relative path. */
export interface ProjectFiles {
  /** Text of a file, or undefined when it does not exist or cannot be read. */
  readText(relativePath: string): Promise<string | undefined>;
  /** Relative paths of files matching a glob (at the root and one level down). */
  find(glob: string): Promise<readonly string[]>;
}

/** "Unity 2022.3", "Unreal Engine 5.3", "Godot 4.2", or just the engine when the version is unknown. */
export function engineLabel(info: EngineInfo): string {
  return info.version ? `${info.engine} ${info.version}` : info.engine;
}

export function parseUnityProjectVersion(text: string): { version: string; fullVersion: string } | undefined {
  const match = /^m_EditorVersion:\s*(\S+)/m.exec(text);
  if (!match) {
    return undefined;
  }
  const fullVersion = match[1];
  const short = /^(\d+)\.(\d+)/.exec(fullVersion);
  // Unity 6 reports 6000.0.x; users call it "Unity 6".
  const version = short ? (short[1] === '6000' ? `6.${short[2]}` : `${short[1]}.${short[2]}`) : fullVersion;
  return { version, fullVersion };
}

export function parseUProject(text: string): { version?: string } {
  try {
    const json = JSON.parse(text) as { EngineAssociation?: unknown };
    const association = typeof json.EngineAssociation === 'string' ? json.EngineAssociation.trim() : '';
    // A GUID or an empty association means a source build: the version is not in the file.
    return /^\d+(\.\d+)*$/.test(association) ? { version: association } : {};
  } catch {
    return {};
  }
}

export function parseProjectGodot(text: string): { version?: string } {
  // One line: `[^)]*` alone would run to the end of the file from every `config/features=` line.
  const features = /^config\/features\s*=\s*PackedStringArray\(([^)\r\n\u2028\u2029]*)\)/m.exec(text);
  if (features) {
    const version = /"(\d+\.\d+)"/.exec(features[1]);
    if (version) {
      return { version: version[1] };
    }
  }
  const configVersion = /^config_version\s*=\s*(\d+)/m.exec(text);
  if (configVersion) {
    // config_version 5 is Godot 4.x, 4 is Godot 3.x.
    const major = Number(configVersion[1]) - 1;
    if (major >= 3) {
      return { version: `${major}.x` };
    }
  }
  return {};
}

/** Finds the engine of a project folder; undefined when none of the three is detected. */
export async function detectEngine(files: ProjectFiles): Promise<EngineInfo | undefined> {
  for (const path of ['ProjectSettings/ProjectVersion.txt', ...(await files.find('*/ProjectSettings/ProjectVersion.txt'))]) {
    const text = await files.readText(path);
    if (text !== undefined) {
      const parsed = parseUnityProjectVersion(text);
      return { engine: 'Unity', version: parsed?.version, fullVersion: parsed?.fullVersion, evidence: path };
    }
  }
  const uprojects = await files.find('*.uproject');
  if (uprojects.length > 0) {
    const text = (await files.readText(uprojects[0])) ?? '';
    const { version } = parseUProject(text);
    return { engine: 'Unreal Engine', version, fullVersion: version, evidence: uprojects[0] };
  }
  for (const path of ['project.godot', ...(await files.find('*/project.godot'))]) {
    const text = await files.readText(path);
    if (text !== undefined) {
      const { version } = parseProjectGodot(text);
      return { engine: 'Godot', version, fullVersion: version, evidence: path };
    }
  }
  return undefined;
}
