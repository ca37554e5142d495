/**
 * Syntax highlighting is a second bundle (dist/webview-highlight.js: highlight.js and its
 * grammars, about a third of the view's code). The view asks for it once it is ready, so opening
 * the view parses less; it comes by a `<script>` with this page's nonce, from the folder this
 * script came from, as agent mode's bundle does. A code block that closes before it has arrived
 * shows plain and is highlighted when it does.
 */
import type { Highlighter, HighlighterGlobal } from './highlighter/api';

/** Read while this bundle's own script runs (`currentScript` is null afterwards). */
const self = document.currentScript as HTMLScriptElement | null;

let highlighter: Highlighter | undefined;
/** Waiting for the bundle; defined once loading has started. */
let waiting: Array<(highlighter: Highlighter) => void> | undefined;

/** Starts loading the highlighter (once). */
export function loadHighlighter(): void {
  if (highlighter || waiting || !self) return;
  waiting = [];
  const global = window as HighlighterGlobal;
  global.mgHighlighterReady = (loaded) => {
    // Called once; gone afterwards, so nothing else on the page can swap the highlighter.
    delete global.mgHighlighterReady;
    highlighter = loaded;
    const callbacks = waiting ?? [];
    waiting = undefined;
    for (const callback of callbacks) callback(loaded);
  };
  const script = document.createElement('script');
  script.nonce = self.nonce;
  script.src = new URL('webview-highlight.js', self.src).href;
  script.onload = () => script.remove();
  document.head.append(script);
}

/** The highlighter if it has arrived; otherwise undefined, and `later` runs with it when it does. */
export function highlighterOr(later: (highlighter: Highlighter) => void): Highlighter | undefined {
  if (highlighter) return highlighter;
  loadHighlighter();
  waiting?.push(later);
  return undefined;
}
