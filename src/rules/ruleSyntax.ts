/**
 * The YAML library a rules file's front matter needs (`yaml`, ~115 KB minified). This module is
 * bundled apart (`dist/rules.js`, see esbuild.js) and required by frontMatter.ts only when a rules
 * file has front matter: activation, and questions in projects without such files, never load it.
 */
import { parseDocument } from 'yaml';

/** The front matter as data, or what is wrong with it (never thrown). */
export type YamlResult = { readonly value: unknown } | { readonly error: string };

/**
 * Parses YAML text (one document). Errors are returned, warnings (unknown tags and the like)
 * dropped rather than printed; aliases are bounded so a "billion laughs" front matter stays small.
 */
export function parseYaml(text: string): YamlResult {
  try {
    const doc = parseDocument(text, { prettyErrors: false, logLevel: 'silent', uniqueKeys: true });
    const first = doc.errors[0];
    if (first) return { error: first.message.split('\n')[0].slice(0, 200) };
    return { value: doc.toJS({ maxAliasCount: 20 }) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'invalid YAML' };
  }
}
