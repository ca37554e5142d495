/**
 * The webview bundle swaps two of markdown-it's dependencies for what the browser already does
 * (see esbuild.js): `entities` (character references) and `punycode.js` (IDNA host names). This
 * checks, in the real view, that answers render as they would with the packages themselves.
 */
import * as assert from 'assert';
import { decodeHTMLStrict, encodeHTML } from 'entities';
import MarkdownIt from 'markdown-it';
import { S } from 'uc.micro';
import { useWebviewSuite, type WebviewPage, assistantMessage } from './harness';

/** Every name `entities` prefers for a character, plus references a decoder can get wrong. */
function references(): string[] {
  const names = new Set<string>();
  for (let cp = 0; cp < 0x1ffff; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const encoded = encodeHTML(String.fromCodePoint(cp));
    if (/^&[A-Za-z]/.test(encoded)) names.add(encoded);
  }
  // Legacy names work without `;` in HTML, but a strict decoder must not take them as prefixes.
  for (const tricky of ['&ampx;', '&copyright;', '&notit;', '&notin;', '&AMP;', '&semi;', '&nosuchentity;', '&lt;', '&amp;lt;']) names.add(tricky);
  return [...names];
}

/** Raw HTML (blocks, inline, comments, declarations) and what a typographer would rewrite. */
const htmlAndTypography = [
  '<div class="x">\nblock *html*\n</div>',
  '<!-- a comment --> and <?php echo 1; ?> and <![CDATA[ x ]]> and <!DOCTYPE html>',
  'inline <b>bold</b>, <span title="t">span</span>, </i> and <a href="https://example.com">a link</a>',
  '<script>window.__pwned = 1</script>',
  '<table><tr><td>cell</td></tr></table>',
  '(c) (C) (tm) (r) +- ... ?.... !!!!! ,, -- --- "double" \'single\' it\'s',
  '<pre>\n  preformatted\n</pre>\n\nafter',
];

describe('chat webview: browser stand-ins for entities and punycode.js, and markdown-it without its unused rules', function () {
  const suite = useWebviewSuite();
  let view: WebviewPage;

  it('decodes every named character reference like the entities package', async () => {
    view = await suite.open();
    const refs = references();
    assert.ok(refs.length > 1400, `${refs.length} references`);
    const separator = ' ~~ ';
    await view.send({ type: 'messageAdded', message: assistantMessage('a1', refs.join(separator)) });
    const rendered = (await view.body('a1').evaluate((el) => el.textContent ?? '')).replace(/\n$/, '').split(separator);
    const expected = refs.map((ref) => decodeHTMLStrict(ref));
    const differences = refs.filter((_, i) => rendered[i] !== expected[i]).map((ref) => `${ref}: ${JSON.stringify(rendered[refs.indexOf(ref)])} ≠ ${JSON.stringify(decodeHTMLStrict(ref))}`);
    assert.deepStrictEqual(differences, []);
    assert.strictEqual(rendered.length, refs.length);
  });

  it('renders raw HTML and typographer input as markdown-it itself does (its unused rules are left out of the bundle)', async () => {
    view = await suite.open();
    const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: false });
    for (const [index, source] of htmlAndTypography.entries()) {
      const id = `a${index}`;
      await view.send({ type: 'messageAdded', message: assistantMessage(id, source) });
      const rendered = await view.body(id).evaluate((el) => el.textContent ?? '');
      const expected = await view.page.evaluate((html) => new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '', md.render(source));
      assert.strictEqual(rendered.replace(/\s+/g, ' ').trim(), expected.replace(/\s+/g, ' ').trim(), source);
    }
  });

  it('takes the same characters for Unicode symbols (\\p{S}) as uc.micro, for every character the browser knows', async () => {
    view = await suite.open();
    const symbols: number[] = [];
    for (let cp = 0; cp < 0x110000; cp++) if ((cp < 0xd800 || cp >= 0xe000) && S.test(String.fromCodePoint(cp))) symbols.push(cp);
    const differences = await view.page.evaluate((expected) => {
      const known = new Set(expected);
      const out: string[] = [];
      for (let cp = 0; cp < 0x110000; cp++) {
        if (cp >= 0xd800 && cp < 0xe000) continue;
        const ch = String.fromCodePoint(cp);
        // A character this browser's Unicode does not have yet is nothing to it, whatever the package says.
        if (/\p{Cn}/u.test(ch)) continue;
        if (/\p{S}/u.test(ch) !== known.has(cp)) out.push(cp.toString(16));
      }
      return out;
    }, symbols);
    assert.ok(symbols.length > 7000, `${symbols.length} symbols`);
    assert.deepStrictEqual(differences, []);
    // And emphasis next to a symbol follows the rule markdown-it applies with the package.
    const md = new MarkdownIt('default', { html: false, linkify: true });
    const source = '€*price*€ and ✓**done**✓ and _a_©';
    await view.send({ type: 'messageAdded', message: assistantMessage('s1', source) });
    // The transcript groups an answer's blocks in `mg-blocks` <div>s (chunks.ts); markdown-it's output has no <div>.
    const rendered = await view.body('s1').evaluate((el) => el.innerHTML.replace(/ class="[^"]*"/g, '').replace(/<\/?div>/g, ''));
    const expected = await view.page.evaluate((html) => new DOMParser().parseFromString(html, 'text/html').body.innerHTML, md.render(source));
    assert.strictEqual(rendered.replace(/\n/g, ''), expected.replace(/\n/g, ''));
  });

  it('decodes references in fence info strings, numeric ones beyond markdown-it included', async () => {
    view = await suite.open();
    await view.send({
      type: 'messageAdded',
      message: assistantMessage('a1', '```c&num;&#123456789;\nx\n```\n\n[docs](https://example.com/a "T&eacute;l&eacute;")'),
    });
    assert.strictEqual(await view.body('a1').locator('.mg-codeblock__lang').innerText(), `c#${decodeHTMLStrict('&#123456789;')}`);
    // Link titles are decoded too, but never shown: the tooltip is the link's URL (see links.test.ts).
    assert.strictEqual(await view.body('a1').getByRole('link').getAttribute('title'), 'https://example.com/a');
  });

  it('IDNA-encodes non-ASCII link hosts and leaves ASCII ones alone', async () => {
    view = await suite.open();
    await view.send({
      type: 'messageAdded',
      message: assistantMessage('a1', '<https://bücher.de/x> and [Godot](https://Docs.GodotEngine.org/en/stable/) and https://xn--bcher-kva.de/y'),
    });
    const links = view.body('a1').getByRole('link');
    assert.deepStrictEqual(await links.evaluateAll((els) => els.map((el) => [el.getAttribute('href'), el.textContent])), [
      ['https://xn--bcher-kva.de/x', 'https://bücher.de/x'],
      // Text that is not the URL shows the host beside it (see links.test.ts).
      ['https://Docs.GodotEngine.org/en/stable/', 'Godot (docs.godotengine.org)'],
      // Shown as written: a look-alike host stays visibly punycode.
      ['https://xn--bcher-kva.de/y', 'https://xn--bcher-kva.de/y'],
    ]);
  });
});
