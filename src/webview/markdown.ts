/**
 * Markdown → safe DOM. markdown-it with raw HTML off is the first wall (HTML in answers shows as
 * text, links are validated), DOMPurify the second; then fences become code-block components.
 */
import MarkdownIt from 'markdown-it';
import type { Env, RendererRule } from 'markdown-it';
import { createCodeBlock, type CodeBlockHost } from './codeBlock';
import { h } from './dom';
import { isSafeHref, sanitizeMarkdownHtml } from './sanitize';

/** Passed through markdown-it's `env` to the fence rule. */
interface RenderEnv extends Env {
  /** The source ends inside a fence that has not closed yet (mid-stream). */
  openFence: boolean;
}

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: false });
// Only URLs with a scheme become links: fuzzy matching would turn `Player.cs` or `main.py` into
// links to made-up hosts.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
// markdown-it calls this for inline links, autolinks, reference definitions, images and linkified
// text (after normalizing the URL); anything else stays plain text.
md.validateLink = isSafeHref;

const { escapeHtml, unescapeAll } = md.utils;

function endsInOpenFence(env: Env | undefined): boolean {
  return env?.openFence === true;
}

function fenceHtml(content: string, lang: string, open: boolean): string {
  return `<pre class="mg-fence${open ? ' mg-fence--open' : ''}" data-lang="${escapeHtml(lang)}"><code>${escapeHtml(content)}</code></pre>\n`;
}

const fence: RendererRule = (tokens, idx, _options, env) => {
  const token = tokens[idx];
  const info = token.info ? unescapeAll(token.info).trim() : '';
  const lang = info.split(/\s+/)[0] ?? '';
  // Only the last fence of a render can be the one still streaming.
  const open = endsInOpenFence(env) && !tokens.slice(idx + 1).some((t) => t.type === 'fence');
  return fenceHtml(token.content, lang, open);
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

export interface RenderMarkdownOptions {
  /** The source is a streaming prefix that ends inside an unclosed fence. */
  readonly openFence?: boolean;
}

/** Renders markdown to a sanitized fragment with code blocks wired to `host`. */
export function renderMarkdown(source: string, host: CodeBlockHost, opts: RenderMarkdownOptions = {}): DocumentFragment {
  const env: RenderEnv = { openFence: opts.openFence === true };
  const fragment = sanitizeMarkdownHtml(md.render(source, env));

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
