/**
 * The seam between the chat view (dist/webview.js) and its highlighter (dist/webview-highlight.js,
 * loaded by ../highlight.ts). Types only: neither bundle carries the other's code.
 */
export interface Highlighter {
  /**
   * highlight.js's HTML for `code` as `lang` (text escaped, only `<span class="hljs-…">`), and
   * whether the grammar was back at its top level at the end (no comment, string or other span
   * left open): only then can the code after it be highlighted on its own with the same result as
   * highlighting the two together (a long block, in slices). Undefined when the language has no
   * grammar. The caller sanitizes the HTML again.
   */
  highlight(code: string, lang: string): { readonly html: string; readonly closed: boolean } | undefined;
}

/** The highlighter bundle calls this global (set by the loader) once it has run. */
export interface HighlighterGlobal {
  mgHighlighterReady?: (highlighter: Highlighter) => void;
}
