/**
 * The second wall behind markdown-it (`html: false`): every piece of HTML that reaches the DOM
 * passes DOMPurify with an allow-list of plain text-formatting tags, no inline styles, no
 * embedded content and only http(s) links.
 */
import DOMPurify from 'dompurify';
import type { Config } from 'dompurify';

const purify = DOMPurify(window);

/** http(s) with an authority, nothing else: no `javascript:`, `command:`, `data:`, relative or protocol-relative URLs. */
export function isSafeHref(url: string): boolean {
  if (!/^https?:\/\/[^\s/]/i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

const markdownConfig: Config = {
  ALLOWED_TAGS: [
    'a', 'blockquote', 'br', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
    'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  ],
  // No `title`: a tooltip the model wrote could claim a link goes somewhere it does not.
  ALLOWED_ATTR: ['href', 'class', 'start', 'data-lang', 'aria-hidden'],
  // Only absolute http(s) URLs survive in any URI-valued attribute. DOMPurify checks every
  // attribute it does not know to be URI-safe against this, so name the plain-text ones.
  ALLOWED_URI_REGEXP: /^https?:\/\//i,
  ADD_URI_SAFE_ATTR: ['start', 'data-lang', 'aria-hidden'],
  FORBID_TAGS: [
    'style', 'script', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'textarea',
    'select', 'svg', 'math', 'img', 'picture', 'video', 'audio', 'source', 'link', 'meta', 'base',
  ],
  FORBID_ATTR: ['style', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'target', 'id', 'name'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

const highlightConfig: Config = {
  ALLOWED_TAGS: ['span'],
  ALLOWED_ATTR: ['class'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
};

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName !== 'A') return;
  const anchor = node as HTMLAnchorElement;
  const href = anchor.getAttribute('href');
  if (href === null || !isSafeHref(href)) anchor.removeAttribute('href');
});

/** True when a link's text is its URL (an autolink), so the text already says where it goes. */
function textIsUrl(text: string, url: URL): boolean {
  try {
    return new URL(text).href === url.href;
  } catch {
    return false;
  }
}

/**
 * A link shows where it really goes: the tooltip is its URL, and text that says anything else
 * ("the Unity manual", another URL, a look-alike name) is followed by the real host, in ASCII so
 * a look-alike (`xn--pple-43d.com`) is not disguised.
 */
function showLinkTargets(fragment: DocumentFragment): void {
  for (const anchor of Array.from(fragment.querySelectorAll<HTMLAnchorElement>('a[href]'))) {
    const href = anchor.getAttribute('href') ?? '';
    anchor.setAttribute('title', href);
    const url = new URL(href);
    const text = (anchor.textContent ?? '').trim();
    if (textIsUrl(text, url) || text.toLowerCase() === url.host) continue;
    const host = document.createElement('span');
    host.className = 'mg-link__host';
    host.textContent = ` (${url.host})`;
    anchor.append(host);
  }
}

/** Sanitizes rendered markdown into a fragment of the current document. */
export function sanitizeMarkdownHtml(html: string): DocumentFragment {
  const fragment = purify.sanitize(html, { ...markdownConfig, RETURN_DOM_FRAGMENT: true });
  showLinkTargets(fragment);
  return fragment;
}

/** Sanitizes highlight.js output: text and `<span class>` only. */
export function sanitizeHighlightHtml(html: string): DocumentFragment {
  return purify.sanitize(html, { ...highlightConfig, RETURN_DOM_FRAGMENT: true });
}
