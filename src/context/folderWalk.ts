/**
 * A folder mention's tree: a bounded walk that honours the `.gitignore` files on the way (the
 * `ignore` package reads them as git does) and always skips what engines and tools generate
 * (node_modules, Unity's Library and Temp, Unreal's Intermediate and Saved, .git, .godot…) and
 * Unity's `.meta` files.
 * Symbolic links are listed but never followed, so the walk stays inside the folder. Then the
 * tree as text, and which files fit the folder's budget. Pure Node (no `vscode`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { FOLDER_MAX_DEPTH, FOLDER_MAX_ENTRIES } from './budgets';

/** Folders never listed, whatever `.gitignore` says: generated, huge, or private. */
export const ALWAYS_SKIPPED: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.godot', '.import', 'Library', 'Temp', 'Obj', 'obj', 'Logs', 'UserSettings', 'MemoryCaptures',
  'Intermediate', 'Saved', 'DerivedDataCache', 'Binaries', '.vs', '.idea', '.vscode-test', '__pycache__', '.gradle', 'build', 'Build', 'Builds',
]);

export interface TreeEntry {
  /** Relative to the walked folder, forward slashes. */
  readonly path: string;
  readonly isFolder: boolean;
  /** Bytes, for files. */
  readonly size: number;
  readonly depth: number;
}

export interface FolderWalk {
  readonly entries: readonly TreeEntry[];
  /** The walk stopped at FOLDER_MAX_ENTRIES (or the deadline): the tree is partial. */
  readonly truncated: boolean;
  /** Entries skipped by `.gitignore` or ALWAYS_SKIPPED (counted, not listed). */
  readonly ignored: number;
}

interface Level {
  readonly dir: string;
  readonly relative: string;
  readonly depth: number;
  readonly rules: readonly GitignoreRules[];
}

/**
 * One `.gitignore` in force. Its patterns are relative to its own folder: a path under the walked
 * folder is tested as `prefix` + the path below `base` (`base` is where it was found under the walked
 * folder; `prefix` leads from a `.gitignore` above the walked folder down to it).
 */
export interface GitignoreRules {
  readonly base: string;
  readonly prefix: string;
  readonly ignore: Ignore;
}

async function readGitignore(dir: string): Promise<Ignore | undefined> {
  try {
    const handle = await fs.promises.open(path.join(dir, '.gitignore'), 'r');
    try {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
      return ignore().add(buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

function isIgnored(rules: readonly GitignoreRules[], relative: string, isFolder: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    const below = rule.prefix + (rule.base === '' ? relative : relative.slice(rule.base.length + 1));
    const result = rule.ignore.test(isFolder ? `${below}/` : below);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Walks `root` breadth first (the top of the tree matters most), at most FOLDER_MAX_ENTRIES
 * entries and FOLDER_MAX_DEPTH levels, until `deadline` (epoch ms).
 * `outerRules` are the `.gitignore` files of the folders above `root` up to its workspace folder.
 */
export async function walkFolder(root: string, deadline: number, outerRules: readonly GitignoreRules[] = [], now: () => number = Date.now): Promise<FolderWalk> {
  const entries: TreeEntry[] = [];
  let ignored = 0;
  let truncated = false;
  const queue: Level[] = [{ dir: root, relative: '', depth: 0, rules: outerRules }];
  while (queue.length > 0) {
    const level = queue.shift()!;
    if (now() > deadline || entries.length >= FOLDER_MAX_ENTRIES) {
      truncated = true;
      break;
    }
    const own = await readGitignore(level.dir);
    const rules = own ? [...level.rules, { base: level.relative, prefix: '', ignore: own }] : level.rules;
    let children: fs.Dirent[];
    try {
      children = await fs.promises.readdir(level.dir, { withFileTypes: true });
    } catch {
      continue;
    }
    children.sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
    for (const child of children) {
      const relative = level.relative ? `${level.relative}/${child.name}` : child.name;
      const isFolder = child.isDirectory();
      // Unity's `.meta` files (one per asset) say nothing to a question and would fill the tree.
      if ((isFolder && ALWAYS_SKIPPED.has(child.name)) || (!isFolder && child.name.endsWith('.meta')) || isIgnored(rules, relative, isFolder)) {
        ignored++;
        continue;
      }
      if (entries.length >= FOLDER_MAX_ENTRIES) {
        truncated = true;
        break;
      }
      let size = 0;
      if (child.isFile()) {
        try {
          size = (await fs.promises.lstat(path.join(level.dir, child.name))).size;
        } catch {
          continue;
        }
      }
      entries.push({ path: relative, isFolder, size, depth: level.depth });
      // Links are listed (as files) but never walked into.
      if (isFolder && !child.isSymbolicLink() && level.depth + 1 < FOLDER_MAX_DEPTH) {
        queue.push({ dir: path.join(level.dir, child.name), relative, depth: level.depth + 1, rules });
      }
    }
  }
  return { entries, truncated, ignored };
}

/** The `.gitignore` files of the folders from `workspaceFolder` down to (not including) `folder`, for walking `folder`. */
export async function outerGitignores(workspaceFolder: string, folder: string): Promise<GitignoreRules[]> {
  const rules: GitignoreRules[] = [];
  const inside = path.relative(workspaceFolder, folder).split(path.sep).filter(Boolean);
  for (let depth = 0; depth < inside.length; depth++) {
    const found = await readGitignore(path.join(workspaceFolder, ...inside.slice(0, depth)));
    if (found) rules.push({ base: '', prefix: `${inside.slice(depth).join('/')}/`, ignore: found });
  }
  return rules;
}

/**
 * The tree as indented text, at most `budget` characters; then `… N more entries`. Folders end in
 * `/`; file sizes are shown when over 100 KB (a hint that they were not attached).
 */
export function renderTree(walk: FolderWalk, budget: number): string {
  const byParent = new Map<string, TreeEntry[]>();
  for (const entry of walk.entries) {
    const parent = entry.path.includes('/') ? entry.path.slice(0, entry.path.lastIndexOf('/')) : '';
    const siblings = byParent.get(parent) ?? [];
    siblings.push(entry);
    byParent.set(parent, siblings);
  }
  const lines: string[] = [];
  let used = 0;
  let shown = 0;
  const visit = (parent: string, depth: number): boolean => {
    for (const entry of byParent.get(parent) ?? []) {
      const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
      const sizeNote = !entry.isFolder && entry.size > 100 * 1024 ? ` (${Math.round(entry.size / 1024).toLocaleString('en-US')} KB)` : '';
      const line = `${'  '.repeat(depth)}${name}${entry.isFolder ? '/' : ''}${sizeNote}`;
      if (used + line.length + 1 > budget) return false;
      lines.push(line);
      used += line.length + 1;
      shown++;
      if (entry.isFolder && !visit(entry.path, depth + 1)) return false;
    }
    return true;
  };
  visit('', 0);
  const more = walk.entries.length - shown;
  if (more > 0 || walk.truncated) lines.push(`… ${more > 0 ? `${more.toLocaleString('en-US')} more entries` : 'more entries'} not listed`);
  if (walk.ignored > 0) lines.push(`(${walk.ignored.toLocaleString('en-US')} left out: ignored by .gitignore, generated folders such as Library and node_modules, Unity .meta files)`);
  return lines.join('\n');
}

/** File extensions never attached from a folder (binary assets); other files are checked for text when read. */
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'tga', 'psd', 'exr', 'hdr', 'dds', 'ktx', 'ktx2', 'tif', 'tiff', 'ico', 'webp', 'fbx', 'obj', 'blend', 'gltf', 'glb',
  'wav', 'mp3', 'ogg', 'flac', 'bank', 'mp4', 'mov', 'webm', 'dll', 'so', 'dylib', 'exe', 'pdb', 'lib', 'a', 'zip', '7z', 'rar', 'gz', 'pak', 'uasset',
  'umap', 'ttf', 'otf', 'woff', 'woff2', 'pdf', 'bin', 'dat', 'res', 'scn', 'ctex', 'stex', 'mesh', 'anim', 'controller', 'asset', 'unity', 'prefab',
  'mat', 'meta', 'lock',
]);

/**
 * The files to attach from a folder: shallow ones first, then by name; each at most `perFile`
 * bytes on disk, all together at most `total`. Unity's YAML assets, `.meta` files and binaries are
 * left to the tree. Returns the chosen ones and how many text files did not fit.
 */
export function chooseFiles(walk: FolderWalk, total: number, perFile: number): { chosen: TreeEntry[]; leftOut: number } {
  const files = walk.entries
    .filter((e) => !e.isFolder && e.size > 0)
    .filter((e) => {
      const dot = e.path.lastIndexOf('.');
      return dot <= e.path.lastIndexOf('/') || !BINARY_EXTENSIONS.has(e.path.slice(dot + 1).toLowerCase());
    })
    .sort((a, b) => a.depth - b.depth || a.path.localeCompare(b.path));
  const chosen: TreeEntry[] = [];
  let used = 0;
  for (const file of files) {
    if (file.size <= perFile && used + file.size <= total) {
      chosen.push(file);
      used += file.size;
    }
  }
  return { chosen, leftOut: files.length - chosen.length };
}
