/**
 * `applyTo` of a rules file, with the meaning VS Code gives it in `.instructions.md` files (its
 * `computeAutomaticInstructions`): comma-separated globs; `**`, `**` + `/*` and `*` apply to every
 * question, with or without files; any other relative glob also matches below any folder (`*.cs`
 * and `Shaders/*.hlsl` are taken as `**` + `/*.cs` and `**` + `/Shaders/*.hlsl`); case is ignored. One
 * difference: VS Code matches a glob starting with `/` against the absolute path, here it is
 * anchored at the workspace folder (`/Assets/**` is only the top-level Assets folder), and so is
 * one starting with `./`.
 */
import { compileGlob, splitOutsideBraces } from './glob';

/** More globs than this in one `applyTo` are refused (a rules file is hostile too). */
export const MAX_GLOBS = 16;

export interface ApplyTo {
  /** The value as written (globs joined by ", "), for `ProjectRule.applyTo` and the chips. */
  readonly text: string;
  /** True when it applies to every question (`**`, `**` + `/*`, `*`). */
  readonly always: boolean;
  /** The first of `files` it matches, or undefined. */
  readonly firstMatch: (files: readonly string[]) => string | undefined;
}

const ALWAYS = new Set(['**', '**/*', '*']);

/**
 * Parses `applyTo` (a string of comma-separated globs, or a list of them); an error says what is
 * wrong. An empty value applies to nothing, as in VS Code.
 */
export function parseApplyTo(value: unknown): ApplyTo | { readonly error: string } {
  const raw = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined;
  if (!raw) return { error: 'applyTo must be a glob or a list of globs' };
  const globs = raw.flatMap((v) => splitOutsideBraces(v, ',')).map((g) => g.trim()).filter((g) => g.length > 0);
  if (globs.length > MAX_GLOBS) return { error: `applyTo has ${globs.length} globs; at most ${MAX_GLOBS} are read` };
  const matchers: Array<(path: string) => boolean> = [];
  let always = false;
  for (const glob of globs) {
    if (ALWAYS.has(glob)) {
      always = true;
      continue;
    }
    const anchored = glob.startsWith('/') || glob.startsWith('./') ? glob.replace(/^(?:\.?\/)+/, '') : glob.startsWith('**/') ? glob : `**/${glob}`;
    const matcher = compileGlob(anchored);
    if (!matcher) return { error: `applyTo glob too long or too many alternatives: ${glob.slice(0, 60)}` };
    matchers.push(matcher);
  }
  return {
    text: globs.join(', '),
    always,
    firstMatch: (files) => files.find((file) => matchers.some((matches) => matches(file))),
  };
}
