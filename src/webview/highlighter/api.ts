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
}

/** The highlighter bundle calls this global (set by the loader) once it has run. */
export interface HighlighterGlobal {
  mgHighlighterReady?: (highlighter: Highlighter) => void;
}
