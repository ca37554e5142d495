/**
 * The YAML parser a rules file's front matter needs (`js-yaml`, ~47 KB minified: the `yaml`
 * package would be 115 KB, a third of the .vsix's remaining room). This module is bundled apart
 * (`dist/rules.js`, see esbuild.js) and required by frontMatter.ts only when a rules file has
 * front matter: activation, and questions in projects without such files, never load it.
 */
import { loadAll } from 'js-yaml';

/** The front matter as data, or what is wrong with it (never thrown). */
export type YamlResult = { readonly value: unknown } | { readonly error: string };

/** Aliases (`*ref`) and nesting a front matter may use: it holds a glob or two, not a data set. */
const MAX_ALIASES = 20;
const MAX_DEPTH = 20;

/**
 * Parses YAML text (the core schema: no custom types); only comments is no data (undefined).
 * Errors are returned, never thrown; aliases and nesting are bounded, duplicate keys are errors.
 */
export function parseYaml(text: string): YamlResult {
  try {
    const documents = loadAll(text, { maxAliases: MAX_ALIASES, maxDepth: MAX_DEPTH });
    if (documents.length > 1) return { error: 'more than one YAML document' };
    return { value: documents[0] };
  } catch (error) {
    const reason = (error as { readonly reason?: unknown }).reason;
    const message = typeof reason === 'string' ? reason : error instanceof Error ? error.message : 'invalid YAML';
    return { error: message.split('\n')[0].slice(0, 200) };
  }
}
