/**
 * search_text's engine: the ripgrep binary VS Code itself ships, run with an argv array (never a
 * shell), the pattern after `--`, only the workspace folders as roots, links not followed, a
 * time limit, and its output read only as far as the results wanted. No `vscode` here: the
 * binary's path comes in (found from `vscode.env.appRoot`), so it runs in unit tests too.
 */
import { spawn } from 'node:child_process';
import { limitChild } from './childLimit';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Longest a search may take; then what was found so far is returned, saying so. */
export const SEARCH_TIMEOUT_MS = 15_000;
/** Characters of matching text kept per line (ripgrep cuts longer lines itself). */
export const MAX_MATCH_COLUMNS = 300;
/** Bytes of ripgrep output read at most, whatever max_results says. */
export const MAX_SEARCH_OUTPUT = 1024 * 1024;

/**
 * Where VS Code keeps ripgrep under its install (`appRoot`): `@vscode/ripgrep` (inside or beside
 * the asar archive) up to 1.10x, `@vscode/ripgrep-universal/bin/<os>-<arch>` since.
 */
export function ripgrepCandidates(appRoot: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string[] {
  const binary = platform === 'win32' ? 'rg.exe' : 'rg';
  const out: string[] = [];
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    out.push(path.join(appRoot, modules, '@vscode', 'ripgrep', 'bin', binary));
    out.push(path.join(appRoot, modules, '@vscode', 'ripgrep-universal', 'bin', `${platform}-${arch}`, binary));
  }
  return out;
}

/** The first candidate that is a file, or undefined. */
export function findRipgrep(appRoot: string): string | undefined {
  return ripgrepCandidates(appRoot).find((candidate) => {
    try {
      return fs.statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

export interface SearchRequest {
  readonly query: string;
  readonly isRegex: boolean;
  readonly glob?: string;
  /** Absolute paths of the folders to search (the workspace folders). */
  readonly roots: readonly string[];
}

/** ripgrep's argv: options, `--`, the pattern, the roots. Never through a shell. */
export function ripgrepArgs(request: SearchRequest): string[] {
  return [
    '--no-config', // RIPGREP_CONFIG_PATH must not add options (--pre would run a program per file).
    '--no-heading',
    '--with-filename',
    '--line-number',
    '--color',
    'never',
    '--null', // The path ends with NUL: paths with colons stay whole.
    '--smart-case',
    '--no-messages',
    '--max-columns',
    String(MAX_MATCH_COLUMNS),
    '--max-columns-preview',
    '--max-filesize',
    '4M',
    ...(request.isRegex ? [] : ['--fixed-strings']),
    ...(request.glob ? ['--glob', request.glob] : []),
    '--',
    request.query,
    ...request.roots,
  ];
}

export interface SearchHit {
  /** Absolute, as ripgrep printed it. */
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

export interface SearchOutcome {
  readonly hits: readonly SearchHit[];
  /** More matched than `maxResults` (or than MAX_SEARCH_OUTPUT): the search was stopped. */
  readonly truncated: boolean;
  readonly timedOut: boolean;
  /** ripgrep's own complaint (a bad regex, a bad glob) when it found nothing. */
  readonly error?: string;
}

/** One `path\0line:text` line of ripgrep's output. */
export function parseHit(line: string): SearchHit | undefined {
  const nul = line.indexOf('\u0000');
  if (nul <= 0) return undefined;
  const rest = line.slice(nul + 1);
  const colon = rest.indexOf(':');
  const number = Number(rest.slice(0, colon));
  if (colon <= 0 || !Number.isInteger(number)) return undefined;
  return { file: line.slice(0, nul), line: number, text: rest.slice(colon + 1).replace(/\r$/, '') };
}

/** Runs ripgrep; resolves with at most `maxResults` hits. Aborting `signal` kills it. */
export function runRipgrep(
  rg: string,
  request: SearchRequest,
  maxResults: number,
  signal: AbortSignal,
  timeoutMs: number = SEARCH_TIMEOUT_MS,
): Promise<SearchOutcome> {
  return new Promise((resolve) => {
    const hits: SearchHit[] = [];
    let truncated = false;
    let bytes = 0;
    let pending = '';
    let stderr = '';
    const child = spawn(rg, ripgrepArgs(request), { shell: false, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const limit = limitChild(child, timeoutMs, signal);
    const stop = limit.stop;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (truncated) return;
      bytes += chunk.length;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const hit = parseHit(line);
        if (!hit) continue;
        if (hits.length >= maxResults) {
          truncated = true;
          break;
        }
        hits.push(hit);
      }
      if (!truncated && bytes > MAX_SEARCH_OUTPUT) truncated = true;
      if (truncated) stop();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4_000) stderr += chunk;
    });
    let finished = false;
    const finish = (code: number | null, failure?: string): void => {
      if (finished) return; // 'error' may be followed by 'close'.
      finished = true;
      limit.release();
      if (!truncated && pending) {
        const hit = parseHit(pending);
        if (hit && hits.length < maxResults) hits.push(hit);
      }
      // 0: found, 1: nothing found, 2: an error (with or without matches).
      const complaint = failure ?? (code === 2 && hits.length === 0 && !truncated && !limit.timedOut() && !signal.aborted ? stderr.trim().slice(0, 1_000) || 'ripgrep failed' : undefined);
      resolve({ hits, truncated, timedOut: limit.timedOut(), ...(complaint ? { error: complaint } : {}) });
    };
    child.on('error', (error) => finish(null, `could not run ripgrep (${error.message})`));
    child.on('close', (code) => finish(code));
  });
}
