/**
 * Every regular expression the extension compiles from a literal: regex literals and
 * `new RegExp('…')` / `RegExp('…')` with literal arguments in src/**.ts, found by parsing (esbuild
 * strips the types, acorn parses the JavaScript, Node's SourceMap maps each back to its .ts line),
 * and the `regexp` of every problem matcher package.json contributes. redos.test.ts checks them all.
 */
import * as fs from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { transformSync } from 'esbuild';
import { filesBelow } from '../../scripts/files';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** One regular expression and where it is written. */
export interface FoundRegex {
  /** `src/fix/logParsers.ts:42` or `package.json problemMatchers monster-msvc`. */
  readonly where: string;
  readonly source: string;
  readonly flags: string;
}

/** A `RegExp(…)` whose pattern is built at run time: it cannot be checked before it runs. */
export interface DynamicRegex {
  readonly where: string;
}

function literalText(node: acorn.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal') {
    const value = (node as acorn.Literal).value;
    return typeof value === 'string' ? value : undefined;
  }
  if (node.type === 'TemplateLiteral') {
    const template = node as acorn.TemplateLiteral;
    return template.expressions.length === 0 ? (template.quasis[0]?.value.cooked ?? undefined) : undefined;
  }
  return undefined;
}

/** The regular expressions of one TypeScript file. */
export function regexesInTypeScript(file: string, text: string): { found: FoundRegex[]; dynamic: DynamicRegex[] } {
  const relative = path.relative(ROOT, file).split(path.sep).join('/');
  const js = transformSync(text, { loader: 'ts', sourcefile: relative, sourcemap: 'external', target: 'es2022' });
  const map = new SourceMap(JSON.parse(js.map) as SourceMapPayload);
  const ast = acorn.parse(js.code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  const where = (node: acorn.Node): string => {
    const start = node.loc!.start;
    const entry = map.findEntry(start.line - 1, start.column);
    return 'originalLine' in entry ? `${relative}:${entry.originalLine + 1}` : `${relative} (generated line ${start.line})`;
  };
  const found: FoundRegex[] = [];
  const dynamic: DynamicRegex[] = [];
  const constructed = (node: acorn.NewExpression | acorn.CallExpression): void => {
    if (node.callee.type !== 'Identifier' || node.callee.name !== 'RegExp') return;
    const [patternArg, flagsArg] = node.arguments as acorn.Node[];
    const source = literalText(patternArg);
    const flags = flagsArg === undefined ? '' : literalText(flagsArg);
    if (source === undefined || flags === undefined) {
      dynamic.push({ where: where(node) });
    } else {
      found.push({ where: where(node), source, flags });
    }
  };
  walk.full(ast, (node) => {
    if (node.type === 'Literal' && (node).regex) {
      const { pattern, flags } = (node).regex;
      found.push({ where: where(node), source: pattern, flags });
    } else if (node.type === 'NewExpression' || node.type === 'CallExpression') {
      constructed(node);
    }
  });
  return { found, dynamic };
}

/** The regular expressions of every .ts file below `dir` but `exclude` (repository-relative paths). */
export function regexesInSources(dir: string): { found: FoundRegex[]; dynamic: DynamicRegex[] } {
  const found: FoundRegex[] = [];
  const dynamic: DynamicRegex[] = [];
  const files = filesBelow(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
  for (const file of files) {
    const result = regexesInTypeScript(file, fs.readFileSync(file, 'utf8'));
    found.push(...result.found);
    dynamic.push(...result.dynamic);
  }
  return { found, dynamic };
}

interface MatcherPattern {
  readonly regexp: string;
}

/** The `regexp` of every pattern of every problem matcher in a manifest; VS Code compiles them without flags. */
export function regexesInProblemMatchers(manifestFile: string): FoundRegex[] {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    contributes: { problemMatchers?: Array<{ name: string; pattern: MatcherPattern | MatcherPattern[] }> };
  };
  return (manifest.contributes.problemMatchers ?? []).flatMap((matcher) => {
    const patterns = Array.isArray(matcher.pattern) ? matcher.pattern : [matcher.pattern];
    return patterns.map((pattern, i) => ({
      where: `package.json problemMatchers ${matcher.name}${patterns.length > 1 ? ` pattern ${i + 1}` : ''}`,
      source: pattern.regexp,
      flags: '',
    }));
  });
}
