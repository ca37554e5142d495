/**
 * The real game projects of `shared/corpus/` (a Unity 6 URP project, ~140 Godot 4 demo projects,
 * the Quake III C code), found beside the repository as CI lays it out (`../shared/corpus`), or
 * further up for a git worktree, or at MG_CORPUS_DIR. The corpus is read-only: tests copy what
 * they use into a temp folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The corpus folder, or undefined when this checkout has none beside it or above it. */
export function findCorpus(): string | undefined {
  if (process.env.MG_CORPUS_DIR) return process.env.MG_CORPUS_DIR;
  for (let dir = ROOT; ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared', 'corpus');
    if (fs.existsSync(path.join(candidate, 'README.md'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The corpus folder; throws when there is none. */
export function corpusDir(): string {
  const found = findCorpus();
  if (!found) throw new Error(`No shared/corpus beside ${ROOT} or above it: set MG_CORPUS_DIR.`);
  return found;
}

/**
 * For a suite's `before` hook: without a corpus the suite is skipped, saying why — its tests are
 * reported pending, never passed — rather than failing a checkout that has no `../shared`.
 */
export function needCorpus(context: Mocha.Context): void {
  if (findCorpus()) return;
  console.warn(`  (skipped: no shared/corpus beside ${ROOT} or above it; set MG_CORPUS_DIR to run these tests)`);
  context.skip();
}

/** Copies `relative` folders of the corpus into one new temp folder (keeping their relative paths); returns it. */
export function copyCorpus(relatives: readonly string[]): string {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-corpus-'));
  for (const relative of relatives) {
    fs.cpSync(path.join(corpusDir(), relative), path.join(temp, relative), { recursive: true });
  }
  return temp;
}

/** Every folder under godot-demo-projects/ that holds a project.godot, relative to the corpus, sorted. */
export function godotProjects(): string[] {
  const base = path.join(corpusDir(), 'godot-demo-projects');
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (fs.existsSync(path.join(dir, 'project.godot'))) {
      found.push(path.relative(corpusDir(), dir).split(path.sep).join('/'));
      return;
    }
    if (depth === 0) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path.join(dir, entry.name), depth - 1);
    }
  };
  walk(base, 3);
  return found.sort();
}
