/**
 * Item 15 (issue 14, agent mode): `search_text` over all of shared/corpus/ (Quake III, the Godot
 * demo projects, the Unity project: one workspace folder) against ripgrep run directly on the
 * same tree, in the same process. Both run the same binary with the same argv (`ripgrepArgs`);
 * the tool's side is its whole path (argument check, argv, spawn, parse, the max_results bound,
 * the relative paths, the formatted text), the baseline only reads ripgrep's output.
 * No VS Code: the ToolEnv is built from WorkspacePaths, as the unit tests build it.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { codeServerBuild } from '../scripts/codeServer';
import { findRipgrep, ripgrepArgs } from '../src/agent/tools/ripgrep';
import { SEARCH_BUDGET, searchText } from '../src/agent/tools/searchTool';
import { parseToolArgs } from '../src/agent/tools/toolArgs';
import type { ToolEnv } from '../src/agent/tools/toolTypes';
import { corpusDir } from '../test/support/corpus';
import { stubToolEnv } from '../test/support/toolEnv';
import { median, type Row } from './stats';

/** What a model would ask; max_results at its ceiling so neither side stops early (each query matches fewer lines). */
const QUERIES = [
  { label: 'a literal (Quake III)', args: { query: 'R_AddDrawSurf', max_results: 500 } },
  { label: 'a word, any case', args: { query: 'gravity', max_results: 500 } },
  { label: 'a regex', args: { query: 'func _(ready|physics_process)\\(', is_regex: true, max_results: 500 } },
  { label: 'a word in **/*.gd', args: { query: 'move_and_slide', glob: '**/*.gd', max_results: 500 } },
] as const;

export interface AgentSearchBench {
  /** The binary both sides ran, and where it came from. */
  readonly ripgrep: { readonly path: string; readonly source: string; readonly version: string };
  readonly corpus: string;
  readonly queries: ReadonlyArray<{ readonly label: string; readonly args: object; readonly hits: number; readonly tool: number[]; readonly direct: number[] }>;
}

/** The ripgrep VS Code ships in the installed code-server (as the extension finds it), else `rg` on PATH. */
function ripgrepBinary(): { path: string; source: string } {
  const appRoot = path.join(codeServerBuild().cache, 'node_modules', 'code-server', 'lib', 'vscode');
  const shipped = findRipgrep(appRoot);
  if (shipped) return { path: shipped, source: 'VS Code’s own (code-server appRoot)' };
  const which = spawnSync('which', ['rg'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return { path: which.stdout.trim(), source: 'rg on PATH (no code-server installed)' };
  throw new Error(`No ripgrep: neither under ${appRoot} nor on PATH.`);
}

/** ripgrep with the tool's argv, its output read to the end and nothing else done with it; resolves with the lines read. */
function direct(rg: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(rg, args, { shell: false, stdio: ['ignore', 'pipe', 'ignore'] });
    let newlines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    });
    child.on('error', reject);
    child.on('close', () => resolve(newlines));
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function benchAgentSearch(runs: number, progress: (line: string) => void): Promise<AgentSearchBench> {
  const rg = ripgrepBinary();
  const version = spawnSync(rg.path, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '';
  const corpus = corpusDir();
  const folders = [{ path: corpus, name: 'corpus' }];
  const env = (): ToolEnv => stubToolEnv({ folders, ripgrep: rg.path });
  // The whole call as the registry makes it: the model's JSON text in, the tool's text out.
  const tool = async (json: string): Promise<string> => {
    const parsed = parseToolArgs('search_text', json);
    if (!parsed.ok) throw new Error(parsed.error);
    const result = await searchText(parsed.args, env());
    if (!result.ok) throw new Error(result.text);
    return result.text;
  };

  const queries: Array<AgentSearchBench['queries'][number]> = [];
  for (const { label, args } of QUERIES) {
    const json = JSON.stringify(args);
    const argv = ripgrepArgs({ query: args.query, isRegex: 'is_regex' in args, roots: [corpus], ...('glob' in args ? { glob: args.glob } : {}) });
    // Warm-up, and a check that both sides see the same lines: the tool lists them or counts
    // those over its text budget, and did not stop ripgrep early.
    const text = await tool(json);
    const hits = await direct(rg.path, argv);
    const listed = text.split('\n').filter((line) => !line.startsWith('… ')).length;
    const overBudget = Number(/… ([\d,]+) more matching lines over/.exec(text)?.[1].replace(/,/g, '') ?? 0);
    if (listed + overBudget !== hits || /… (more lines match|the search stopped)/.test(text)) throw new Error(`${label}: the tool listed ${listed} lines, ripgrep printed ${hits}:\n${text.slice(-500)}`);
    const times = { tool: [] as number[], direct: [] as number[] };
    for (let run = 0; run < runs; run++) {
      // Alternate which goes first, so neither always gets the warmer cache.
      const pair = [async () => times.tool.push((await timed(() => tool(json))).ms), async () => times.direct.push((await timed(() => direct(rg.path, argv))).ms)];
      if (run % 2 === 1) pair.reverse();
      for (const step of pair) await step();
    }
    progress(`  ${label} (${args.query}): ${hits} lines; search_text ${median(times.tool).toFixed(1)} ms, ripgrep ${median(times.direct).toFixed(1)} ms`);
    queries.push({ label, args, hits, ...times });
  }
  return { ripgrep: { ...rg, version }, corpus, queries };
}

export function agentSearchRows(bench: AgentSearchBench): Row[] {
  return bench.queries.map((q, i) => {
    const value = median(q.tool);
    const baseline = median(q.direct);
    const shown = JSON.stringify(q.args);
    return {
      item: 15,
      figure: `search_text over the corpus: ${q.label}`,
      value,
      unit: 'ms',
      baseline,
      ratio: value / baseline,
      goal: { max: 1.2 },
      goalOn: 'ratio',
      runs: q.tool.length,
      note:
        `${shown}, ${q.hits} matching lines (those past the ${SEARCH_BUDGET.toLocaleString('en-US')}-character budget counted, not listed); baseline: the same ripgrep and argv, output only read.` +
        (i === 0 ? ` Both ran ${bench.ripgrep.version} at ${bench.ripgrep.path} (${bench.ripgrep.source}) over ${bench.corpus} as one workspace folder.` : ''),
    };
  });
}
