/**
 * Every codicon the webview shows. The build (esbuild.js, scripts/codicons.ts) ships a font and a
 * codicon.css with only these glyphs, plus any `codicon-<name>` class written out in the webview's
 * .ts and .css files, so an icon that is not here would render as a blank box: `icon()` and
 * `button({ icon })` take only these names, and the build fails on a name the codicons package
 * does not have. Add a name here before using it.
 */
export const ICON_NAMES = [
  'account',
  'add',
  'book',
  'check',
  'check-all',
  'chevron-down',
  'circle-slash',
  'close',
  'comment',
  'comment-discussion',
  'copy',
  'database',
  'debug-step-over',
  'debug-stop',
  'diff',
  'diff-multiple',
  'discard',
  'edit',
  'error',
  'file',
  'file-code',
  'file-media',
  'folder',
  'game',
  'git-compare',
  'history',
  'hubot',
  'info',
  'insert',
  'key',
  'link-external',
  'list-tree',
  'loading',
  'new-file',
  'output',
  'play',
  'plug',
  'pulse',
  'question',
  'search',
  'selection',
  'send',
  'sparkle',
  'symbol-class',
  'symbol-color',
  'target',
  'tasklist',
  'terminal',
  'tools',
  'trash',
  'warning',
  'watch',
] as const;

/** A codicon the webview ships. */
export type IconName = (typeof ICON_NAMES)[number];
