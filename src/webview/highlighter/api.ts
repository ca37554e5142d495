/**
 * The seam between the chat view (dist/webview.js) and its highlighter (dist/webview-highlight.js,
 * loaded by ../highlight.ts). Types only: neither bundle carries the other's code.
 */
export interface Highlighter {
  /**
   * highlight.js's HTML for `code` as `lang` (text escaped, only `<span class="hljs-…">`);
   * undefined when the language has no grammar. The caller sanitizes it again.
   */
  highlightToHtml(code: string, lang: string): string | undefined;
  /**
   * The same for one slice of a long block, and whether the grammar was back at its top level at
   * the slice's end (no comment, string or other span left open). Only then can the next slice be
   * highlighted on its own with the same result as highlighting the two together.
   */
  highlightSlice(code: string, lang: string): { readonly html: string; readonly closed: boolean } | undefined;
}

/** The highlighter bundle calls this global (set by the loader) once it has run. */
export interface HighlighterGlobal {
  mgHighlighterReady?: (highlighter: Highlighter) => void;
}
