/**
 * The highlighter bundle (dist/webview-highlight.js), loaded by ../highlight.ts once the view is
 * ready, so opening the view parses ~60 KB less. Syntax highlighting with highlight.js core and a
 * hand-picked set of languages (the full bundle would triple the size of the view): what game code and its tooling are written in — C#, C/C++
 * (also HLSL), GLSL, Python (also GDScript), Lua, TypeScript/JavaScript, shell, JSON, INI/TOML,
 * YAML, XML, diffs. Other fences show as plain code. Shader dialects map onto the closest grammar.
 *
 * Two grammars are supersets of others and carry full copies of them, so they serve both names:
 * `typescript` highlights JavaScript, `cpp` highlights C. That keeps ~11 KB out of the bundle.
 */
import hljs from 'highlight.js/lib/core';
import type { HighlighterGlobal } from './api';
import bash from 'highlight.js/lib/languages/bash';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import diff from 'highlight.js/lib/languages/diff';
import glsl from 'highlight.js/lib/languages/glsl';
import ini from 'highlight.js/lib/languages/ini';
import json from 'highlight.js/lib/languages/json';
import lua from 'highlight.js/lib/languages/lua';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = {
  bash, cpp, csharp, diff, glsl, ini, json, lua, plaintext, python, typescript, xml, yaml,
};
for (const [name, grammar] of Object.entries(languages)) hljs.registerLanguage(name, grammar);

/** Fence names game developers use that highlight.js does not know, mapped to a close grammar. */
const extraAliases: Readonly<Record<string, readonly string[]>> = {
  cpp: ['c', 'h', 'hlsl', 'shader', 'shaderlab', 'cg', 'fx', 'usf', 'ush', 'compute', 'uc', 'unrealscript'],
  glsl: ['wgsl', 'vert', 'frag', 'geom', 'tesc', 'tese', 'comp', 'gdshader', 'godotshader'],
  typescript: ['javascript', 'js', 'jsx', 'mjs', 'cjs', 'es6'],
  python: ['gdscript', 'gd'],
  csharp: ['cs', 'c#'],
  bash: ['shell', 'console', 'sh', 'zsh', 'shellsession'],
  json: ['jsonc', 'json5'],
  ini: ['toml', 'cfg', 'conf'],
  xml: ['html', 'uxml', 'xaml', 'svg'],
  plaintext: ['text', 'txt', 'plain', 'output', 'log'],
};
for (const [languageName, aliases] of Object.entries(extraAliases)) {
  hljs.registerAliases([...aliases], { languageName });
}

/** True when `lang` (as written after the fence) has a grammar. */
function canHighlight(lang: string): boolean {
  return lang !== '' && hljs.getLanguage(lang.toLowerCase()) !== undefined;
}

/**
 * Highlights `code` as `lang` (see Highlighter.highlight). Whether the grammar ended at its top
 * level comes from the mode highlight.js ended in, which it keeps on its result (`_top`, the state
 * its own continuation uses); the language's root mode has no parent. A version that drops it
 * makes every end "not closed": a long block is then highlighted in one piece up to 128 KB and
 * left plain beyond, never with wrong colours.
 */
function highlight(code: string, lang: string): { html: string; closed: boolean } | undefined {
  if (!canHighlight(lang)) return undefined;
  try {
    const result = hljs.highlight(code, { language: lang.toLowerCase(), ignoreIllegals: true }) as { value: string; _top?: { parent?: unknown } };
    return { html: result.value, closed: result._top !== undefined && result._top.parent === undefined };
  } catch {
    return undefined;
  }
}

(window as HighlighterGlobal).mgHighlighterReady?.({ highlight });
