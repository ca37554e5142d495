/**
 * Reads a workspace folder's rules files through `ProfileFiles` (VS Code's file system in the
 * extension, node's in tests), bounded and confined, and keeps what it read until told that
 * something changed. Pure: no `vscode`.
 *
 * Confinement: every folder on the way to a rules file is found in its parent's listing as a
 * directory, and the file itself as a regular file; a symbolic link anywhere on the way is not
 * followed (a link to a file inside the folder is refused too: one rule for all links is simpler
 * to trust than resolving where each one points). Only these files are ever read: `AGENTS.md` at
 * the root and in the folders above the question's files, `.monster/rules/*.md`,
 * `.github/copilot-instructions.md`, `.cursorrules`, `.clinerules` (or `.clinerules/*.md`).
 */
import { confinedPath, decodeText, joinPath, type DirEntry, type FileRead, type ProfileFiles } from '../engine/projectFiles';
import { questionPaths } from './selectRules';
import { DEFAULT_RULE_LIMITS, type RuleFile, type RuleLimits, type RuleOrigin } from './ruleTypes';

export const AGENTS_FILE = 'AGENTS.md';

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** True when `name` is listed in `entries` as a real directory (not a link). */
function isFolder(entries: readonly DirEntry[] | undefined, name: string): boolean {
  return entries?.some((e) => e.name === name && e.kind === 'dir') ?? false;
}

function isMarkdown(name: string): boolean {
  return name.toLowerCase().endsWith('.md');
}

export class RuleReader {
  private readonly listings = new Map<string, Promise<readonly DirEntry[] | undefined>>();
  private readonly reads = new Map<string, Promise<RuleFile>>();

  constructor(
    private readonly files: ProfileFiles,
    private readonly limits: RuleLimits = DEFAULT_RULE_LIMITS,
  ) {}

  /** Forgets everything read: the next question reads the files again. */
  clear(): void {
    this.listings.clear();
    this.reads.clear();
  }

  /**
   * True when a change at `path` (folder-relative) can change what this reader answered: a file it
   * read changed; or (`created` or deleted) an entry of a folder it listed, or that folder itself.
   */
  concerns(path: string, kind: 'changed' | 'created' | 'deleted'): boolean {
    if (this.reads.has(path)) return true;
    return kind !== 'changed' && (this.listings.has(path) || this.listings.has(parentOf(path)));
  }

  /** The rules files for a question carrying `paths`: the folder's own, and nested AGENTS.md above those paths. */
  async read(paths: readonly string[]): Promise<RuleFile[]> {
    const found: Array<{ readonly source: string; readonly origin: RuleOrigin }> = [];
    const refused: RuleFile[] = [];
    const consider = (dir: string, entries: readonly DirEntry[] | undefined, name: string, origin: RuleOrigin): void => {
      const entry = entries?.find((e) => e.name === name);
      const source = joinPath(dir, name);
      if (entry?.kind === 'file') found.push({ source, origin });
      else if (entry?.kind === 'link') refused.push({ source, origin, problem: { source, reason: 'symlink' } });
    };
    const markdownIn = async (dir: string, origin: RuleOrigin): Promise<void> => {
      const entries = (await this.list(dir)) ?? [];
      const names = entries.filter((e) => isMarkdown(e.name) && e.kind !== 'dir').map((e) => e.name).sort();
      for (const name of names.slice(0, this.limits.folderRules)) consider(dir, entries, name, origin);
      if (names.length > this.limits.folderRules) {
        refused.push({ source: dir, origin, problem: { source: dir, reason: 'limit', detail: `${names.length} files; the first ${this.limits.folderRules} by name are read` } });
      }
    };

    /** A folder of rules files: true when it is a real one; a link to one is reported, never followed. */
    const rulesFolder = (dir: string, entries: readonly DirEntry[] | undefined, name: string, origin: RuleOrigin): boolean => {
      if (entries?.some((e) => e.name === name && e.kind === 'link')) {
        const source = joinPath(dir, name);
        refused.push({ source, origin, problem: { source, reason: 'symlink' } });
      }
      return isFolder(entries, name);
    };

    const root = await this.list('');
    consider('', root, AGENTS_FILE, 'agents');
    if (rulesFolder('', root, '.monster', 'monsterRule')) {
      const monster = await this.list('.monster');
      if (rulesFolder('.monster', monster, 'rules', 'monsterRule')) await markdownIn('.monster/rules', 'monsterRule');
    }
    if (rulesFolder('', root, '.github', 'copilot')) consider('.github', await this.list('.github'), 'copilot-instructions.md', 'copilot');
    consider('', root, '.cursorrules', 'cursor');
    // `.clinerules` is a file, or (newer Cline) a folder of Markdown files; a link is reported once.
    if (isFolder(root, '.clinerules')) await markdownIn('.clinerules', 'cline');
    else consider('', root, '.clinerules', 'cline');
    await this.nestedAgents(paths, consider);

    const unique = found.filter((f, i) => found.findIndex((g) => g.source === f.source) === i);
    const texts = await Promise.all(unique.map((f) => this.text(f.source, f.origin)));
    return [...texts, ...refused];
  }

  /** AGENTS.md in each folder from the root down to each path (the path itself too, for a folder mention). */
  private async nestedAgents(paths: readonly string[], consider: (dir: string, entries: readonly DirEntry[] | undefined, name: string, origin: RuleOrigin) => void): Promise<void> {
    const seen = new Set<string>();
    for (const path of questionPaths(paths).slice(0, this.limits.questionFiles)) {
      const segments = path.split('/');
      let parent = '';
      let parentEntries = await this.list('');
      for (let i = 0; i < Math.min(segments.length, this.limits.depth); i++) {
        const dir = joinPath(parent, segments[i]);
        if (!(isFolder(parentEntries, segments[i]))) break;
        const entries = await this.list(dir);
        if (!seen.has(dir)) {
          seen.add(dir);
          consider(dir, entries, AGENTS_FILE, 'nestedAgents');
        }
        parent = dir;
        parentEntries = entries;
      }
    }
  }


  private list(dir: string): Promise<readonly DirEntry[] | undefined> {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = confinedPath(dir) === dir ? this.files.list(dir).catch(() => undefined) : Promise.resolve(undefined);
      this.listings.set(dir, listing);
    }
    return listing;
  }

  private text(source: string, origin: RuleOrigin): Promise<RuleFile> {
    let read = this.reads.get(source);
    if (!read) {
      read = this.readNow(source, origin);
      this.reads.set(source, read);
    }
    return read;
  }

  private async readNow(source: string, origin: RuleOrigin): Promise<RuleFile> {
    const problem = (reason: 'tooBig' | 'binary' | 'notText' | 'symlink' | 'readError', detail?: string): RuleFile => ({
      source,
      origin,
      problem: detail === undefined ? { source, reason } : { source, reason, detail },
    });
    let read: FileRead;
    try {
      read = await this.files.read(source, this.limits.fileBytes);
    } catch (error) {
      read = { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    switch (read.status) {
      case 'missing':
        return problem('readError', 'the file disappeared while it was read');
      case 'refused':
        if (read.reason === 'symlink') return problem('symlink');
        if (read.reason === 'tooBig') return problem('tooBig', `${read.size ?? 'over'} bytes; files over ${this.limits.fileBytes} are not read`);
        return problem('readError', 'not a file');
      case 'error':
        return problem('readError', read.message.slice(0, 200));
      case 'ok': {
        if (read.bytes.length > this.limits.fileBytes) return problem('tooBig', `${read.bytes.length} bytes; files over ${this.limits.fileBytes} are not read`);
        const decoded = decodeText(read.bytes);
        return 'problem' in decoded ? problem(decoded.problem) : { source, origin, text: decoded.text };
      }
    }
  }
}
