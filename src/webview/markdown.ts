/**
 * Markdown → safe DOM. markdown-it with raw HTML off is the first wall (HTML in answers shows as
 * text, links are validated), DOMPurify the second; then fences become code-block components.
 */
import MarkdownIt from 'markdown-it';
import type { Env, RendererRule, Token } from 'markdown-it';
import { createCodeBlock, type CodeBlockHost } from './codeBlock';
import { h } from './dom';
import { isSafeHref, sanitizeMarkdownHtml } from './sanitize';

/**
 * markdown-it's `env`, one per message body: link reference definitions collect in
 * `references` across the renders of its blocks.
 */
export interface MarkdownEnv extends Env {
  /** The source is a streaming prefix: a fence running to its end has not closed yet. */
  streaming?: boolean;
}

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: false });
// Only URLs with a scheme become links: fuzzy matching would turn `Player.cs` or `main.py` into
// links to made-up hosts.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
// markdown-it calls this for inline links, autolinks, reference definitions, images and linkified
// text (after normalizing the URL); anything else stays plain text.
md.validateLink = isSafeHref;

const { escapeHtml, unescapeAll } = md.utils;

/** Set in the `meta` of a fence token that is still streaming (see `markOpenFence`). */
const OPEN_FENCE = 'mgOpenFence';

function fenceHtml(content: string, lang: string, open: boolean): string {
  return `<pre class="mg-fence${open ? ' mg-fence--open' : ''}" data-lang="${escapeHtml(lang)}"><code>${escapeHtml(content)}</code></pre>\n`;
}

const fence: RendererRule = (tokens, idx) => {
  const token = tokens[idx];
  const info = token.info ? unescapeAll(token.info).trim() : '';
  const lang = info.split(/\s+/)[0] ?? '';
  return fenceHtml(token.content, lang, token.meta?.[OPEN_FENCE] === true);
};
md.renderer.rules.fence = fence;

md.renderer.rules.code_block = (tokens, idx) => fenceHtml(tokens[idx].content, '', false);

// No images from answers (no remote fetches, no tracking pixels): show the alt text, linked to the
// image when its URL is http(s) so the user can still open it in a browser.
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const alt = escapeHtml(self.renderInlineAsText(token.children ?? [], options, env).trim() || 'image');
  const src = String(token.attrGet('src') ?? '');
  const glyph = '<span class="codicon codicon-file-media" aria-hidden="true"></span>';
  return isSafeHref(src)
    ? `<a href="${escapeHtml(src)}" class="mg-image-link">${glyph}${alt}</a>`
    : `<span class="mg-image-alt">${glyph}${alt}</span>`;
};

// Table alignment arrives as inline `style` attributes, which the CSP and the sanitizer forbid:
// turn it into classes.
md.core.ruler.push('mg_table_align', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const style = token.attrGet('style');
    if (style === null) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    const align = /text-align:\s*(left|center|right)/.exec(String(style));
    if (align) token.attrJoin('class', `mg-align-${align[1]}`);
  }
});

// A fence is closed by a line of at least as many of its marker characters (inside quotes and
// lists too); being lenient here only means a fence looks closed a line early.
const closingFence = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})[ \t]*$/;

/** Offset in `text` of the start of line `line` (0-based; the end of `text` when it has fewer lines). */
export function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return text.length;
    offset = newline + 1;
  }
  return offset;
}

/**
 * Marks the fence still being written in a streaming prefix: the last fence, when nothing but
 * whitespace follows it (blank lines may still be code) and its closing line has not arrived
 * whole. It shows as "writing…", unhighlighted.
 */
function markOpenFence(tokens: readonly Token[], src: string): void {
  let last: Token | undefined;
  for (let i = tokens.length - 1; i >= 0 && !last; i--) {
    if (tokens[i].type === 'fence') last = tokens[i];
  }
  if (!last?.map) return;
  const [first, end] = last.map;
  const after = offsetOfLine(src, end);
  if (src.slice(after).trim() !== '') return;
  const closingLine = end - 1 > first ? src.slice(offsetOfLine(src, end - 1), after) : '';
  const closing = closingLine.endsWith('\n') ? closingFence.exec(closingLine.slice(0, -1)) : null;
  const closed = closing !== null && closing[1][0] === last.markup[0] && closing[1].length >= last.markup.length;
  if (!closed) last.meta = { ...last.meta, [OPEN_FENCE]: true };
}

md.core.ruler.push('mg_open_fence', (state) => {
  if ((state.env as MarkdownEnv).streaming === true) markOpenFence(state.tokens, state.src);
});

/** True for the fence of a streaming prefix that has not closed yet. */
export function isOpenFence(token: Token): boolean {
  return token.meta?.[OPEN_FENCE] === true;
}

/** Number of `\n` in `text`: the lines that are complete. */
export function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Parses `source` into markdown-it tokens (block and inline). */
export function parseMarkdown(source: string, env: MarkdownEnv): Token[] {
  return md.parse(source, env);
}

/** Only the block structure of a streaming prefix (no inline parsing): cheap, for finding where blocks end. */
export function parseBlocks(source: string): Token[] {
  const tokens: Token[] = [];
  md.block.parse(source, md, {}, tokens);
  markOpenFence(tokens, source);
  return tokens;
}

/** Renders tokens (whole top-level blocks) to a sanitized fragment with code blocks wired to `host`. */
export function renderTokens(tokens: Token[], env: MarkdownEnv, host: CodeBlockHost): DocumentFragment {
  const fragment = sanitizeMarkdownHtml(md.renderer.render(tokens, md.options, env));

  for (const pre of Array.from(fragment.querySelectorAll('pre.mg-fence'))) {
    const code = (pre.textContent ?? '').replace(/\n$/, '');
    pre.replaceWith(
      createCodeBlock(
        { code, lang: pre.getAttribute('data-lang') ?? '', inProgress: pre.classList.contains('mg-fence--open') },
        host,
      ),
    );
  }
  // Wide tables scroll sideways instead of widening the sidebar.
  for (const table of Array.from(fragment.querySelectorAll('table'))) {
    const wrapper = h('div', { class: 'mg-table-wrap' });
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
  return fragment;
}

/** Renders markdown to a sanitized fragment with code blocks wired to `host`. */
export function renderMarkdown(source: string, host: CodeBlockHost, env: MarkdownEnv = {}): DocumentFragment {
  return renderTokens(parseMarkdown(source, env), env, host);
}
