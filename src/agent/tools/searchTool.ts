/**
 * search_text {query, is_regex?, glob?, max_results?}: `path:line: text` lines from ripgrep over
 * the workspace folders (ripgrep.ts says how it is run). Paths are workspace-relative; a hit whose
 * path is not under a workspace folder is dropped. Links need no check of their own: ripgrep
 * without `--follow` (and `--no-config`, so no config adds it) walks past every link it meets, to
 * a file or a folder, in or out of the workspace (test/integration/agentRipgrep.test.ts); only
 * the folders themselves are searched wherever they are, and they are the workspace. Resolving
 * each file's links cost 3-4 ms a search over a hundred files (`npm run bench`, item 15).
 */
import { runRipgrep, SEARCH_TIMEOUT_MS } from './ripgrep';
import { globRefusal } from './toolPaths';
import type { WorkspaceToolArgs } from './toolSchemas';
import { done, fail, type ToolEnv, type ToolResult } from './toolTypes';

const DEFAULT_SEARCH_RESULTS = 100;
/** Characters of result text; hits past it are counted, not listed. */
export const SEARCH_BUDGET = 24_000;

export async function searchText(args: WorkspaceToolArgs['search_text'], env: ToolEnv): Promise<ToolResult> {
  if (args.glob !== undefined) {
    const refused = globRefusal(args.glob);
    if (refused) return fail(refused);
  }
  if (!env.ripgrep) return fail('search_text is not available: the ripgrep that ships with VS Code was not found. Use list_files and read_file instead.');
  if (env.folders.length === 0) return fail('no folder is open, so there is nothing to search.');
  const max = args.max_results ?? DEFAULT_SEARCH_RESULTS;
  const request = { query: args.query, isRegex: args.is_regex ?? false, roots: env.folders.map((f) => f.path), ...(args.glob ? { glob: args.glob } : {}) };
  const outcome = await runRipgrep(env.ripgrep, request, max, env.signal, SEARCH_TIMEOUT_MS);
  if (env.signal.aborted) return fail('stopped.');
  // Hits come a few to a file: each file's relative path is worked out once.
  const relatives = new Map<string, string | undefined>();
  const relativeOf = (file: string): string | undefined => {
    if (!relatives.has(file)) relatives.set(file, env.paths.relative(file));
    return relatives.get(file);
  };
  if (outcome.error) return fail(`the search failed: ${outcome.error}${args.is_regex ? ' (is_regex is true: the query is a Rust regular expression; escape special characters or set is_regex false).' : ''}`);
  const lines: string[] = [];
  let used = 0;
  let unlisted = 0;
  let outside = 0;
  for (const hit of outcome.hits) {
    const relative = relativeOf(hit.file);
    if (relative === undefined) {
      outside++;
      continue;
    }
    const line = `${relative}:${hit.line}: ${hit.text.trim()}`;
    if (used + line.length + 1 > SEARCH_BUDGET) {
      unlisted++;
      continue;
    }
    lines.push(line);
    used += line.length + 1;
  }
  const notes: string[] = [];
  if (outcome.timedOut) notes.push(`… the search stopped after ${SEARCH_TIMEOUT_MS / 1000} s; there may be more matches. Narrow it with glob.`);
  else if (outcome.truncated) notes.push(`… more lines match; only the first ${lines.length.toLocaleString('en-US')} are listed. Narrow the query or glob.`);
  if (unlisted) notes.push(`… ${unlisted.toLocaleString('en-US')} more matching lines over the ${SEARCH_BUDGET.toLocaleString('en-US')}-character budget not listed.`);
  if (outside) notes.push(`… ${outside.toLocaleString('en-US')} ${outside === 1 ? 'match' : 'matches'} in files outside the workspace left out.`);
  if (lines.length === 0) return done([`No matches for ${JSON.stringify(args.query)}${args.glob ? ` in ${args.glob}` : ''}.`, ...notes].join('\n'));
  return done([...lines, ...notes].join('\n'));
}
