import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { isRequestId, type HostToWebview } from '../../src/shared/protocol';
import { useWebviewSuite, type WebviewPage, assistantMessage, chunk, userMessage, viewState } from './harness';

const shader = { id: 'shader', label: 'Shader · Technical Artist', source: 'gateway' } as const;

/** A long, varied answer: headings, lists, a table, quotes, several fences (one HLSL). */
const longAnswer = [
  '## Why the water turns pink',
  '',
  'In **URP** a pink material means the shader failed to compile *or* has no pass for the active pipeline. Check these, in order:',
  '',
  '1. The shader targets the Built-in pipeline (`CGPROGRAM` without a `UniversalForward` pass).',
  '2. A keyword variant was stripped from the build.',
  '3. The graphics API does not support a feature (e.g. `tex2Dlod` on GLES2).',
  '',
  '- tight item one',
  '- tight item two with a [link](https://docs.unity3d.com/Manual/urp/urp-introduction.html)',
  '',
  '> Tip: the *Frame Debugger* shows which pass actually ran.',
  '',
  '| Platform | API | Works |',
  '| :------- | :-: | ----: |',
  '| Android  | GLES3 | yes |',
  '| WebGL    | WebGL2 | partly |',
  '',
  '```hlsl',
  'Shader "Custom/Water" {',
  '    SubShader {',
  '        Tags { "RenderPipeline" = "UniversalPipeline" }',
  '        Pass {',
  '            HLSLPROGRAM',
  '            #pragma vertex vert',
  '            float4 frag(Varyings i) : SV_Target { return float4(0.1, 0.4, 0.8, 0.9); }',
  '',
  '            ENDHLSL',
  '        }',
  '    }',
  '}',
  '```',
  'Then rebuild the shader variants:',
  '',
  '```csharp',
  'using UnityEngine;',
  'public class Rebuild : MonoBehaviour {',
  '    // warm up every variant at load',
  '    void Start() => Shader.WarmupAllShaders();',
  '}',
  '```',
  '',
  'Line one of a paragraph',
  'continues here with `inline code` and an autolink https://example.com/path?q=1.',
  '',
  '```',
  'plain fence, no language',
  '```',
  '',
  'Done — that should fix it.',
].join('\n');

describe('chat webview: streaming, statuses, code blocks, links', function () {
  const suite = useWebviewSuite();
  let view: WebviewPage;

  /** Starts an answer the way the host does: the question, then an empty streaming answer. */
  async function startAnswer(v: WebviewPage, id = 'a1'): Promise<void> {
    await v.send(
      { type: 'messageAdded', message: userMessage(`q-${id}`, 'Why is my water pink?') },
      { type: 'messageAdded', message: assistantMessage(id, '', { status: 'streaming' }) },
    );
  }

  it('streams deltas into the answer, shows Stop while streaming, Stop posts stop with the id', async () => {
    view = await suite.open();
    const { page } = view;
    await startAnswer(view);
    const stop = page.getByRole('button', { name: /Stop/ });
    assert.strictEqual(await stop.count(), 1);
    assert.ok(await stop.isVisible());
    assert.strictEqual(await page.getByRole('button', { name: /Send message/ }).count(), 0, 'no Send while streaming');

    await view.send({ type: 'delta', id: 'a1', text: 'Hello ' }, { type: 'delta', id: 'a1', text: '**world**' });
    assert.strictEqual(await view.body('a1').innerText(), 'Hello world');
    assert.strictEqual(await view.body('a1').locator('strong').innerText(), 'world');

    // Sending is disabled while streaming: Enter keeps the draft.
    const prompt = page.getByRole('textbox');
    await prompt.fill('next question');
    await view.clearPosted();
    await prompt.press('Enter');
    assert.deepStrictEqual(await view.posted(), []);
    assert.strictEqual(await prompt.inputValue(), 'next question');

    await stop.click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'stop', id: 'a1' }]);

    await view.send({ type: 'done', id: 'a1', status: 'stopped' });
    assert.strictEqual(await page.getByRole('button', { name: /Stop/ }).count(), 0, 'Stop gone after done');
    assert.match(await view.message('a1').innerText(), /Stopped/);
    assert.strictEqual(await view.body('a1').innerText(), 'Hello world', 'partial answer kept');
    await view.clearPosted();
    await prompt.press('Enter');
    const [sent] = await view.posted();
    assert.ok(sent.type === 'send' && sent.text === 'next question', JSON.stringify(sent));
    assert.match(sent.id, /^r[0-9a-f]{24}$/, 'a send carries the request id its answer will have');
    assert.ok(isRequestId(sent.id), 'one the host accepts');
  });

  it('renders deltas at most once per animation frame', async () => {
    view = await suite.open();
    await startAnswer(view);
    const pieces = chunk(longAnswer, 6);
    const { passes, frames } = await view.countRenderPasses('a1', pieces);
    assert.ok(pieces.length > 200, `many deltas (${pieces.length})`);
    assert.ok(passes <= frames + 1, `${passes} render passes for ${pieces.length} deltas in ${frames} frames`);
  });

  it('discipline labels: placeholder, gateway, local, pinned', async () => {
    view = await suite.open();
    await startAnswer(view, 'a1');
    assert.match(await view.message('a1').locator('.mg-msg__who').innerText(), /Choosing a specialist/);
    await view.send({ type: 'discipline', id: 'a1', discipline: shader });
    assert.strictEqual(await view.message('a1').locator('.mg-msg__who').innerText(), 'Shader · Technical Artist');
    await view.send({ type: 'done', id: 'a1', status: 'complete', text: 'ok' });

    await startAnswer(view, 'a2');
    await view.send({ type: 'discipline', id: 'a2', discipline: { id: 'multiplayer', label: 'Multiplayer · Network Engineer', source: 'local' } });
    assert.strictEqual(await view.message('a2').locator('.mg-msg__who').innerText(), 'Multiplayer · Network Engineer (predicted locally)');
    await view.send({ type: 'done', id: 'a2', status: 'complete' });

    await view.send({
      type: 'messageAdded',
      message: assistantMessage('a3', 'pinned answer', { discipline: { id: 'audio', label: 'Audio · Audio Director', source: 'pinned' } }),
    });
    assert.strictEqual(await view.message('a3').locator('.mg-msg__who').innerText(), 'Audio · Audio Director (pinned)');

    await view.send({ type: 'messageAdded', message: assistantMessage('a4', 'no discipline known') });
    assert.strictEqual(await view.message('a4').locator('.mg-msg__who').innerText(), 'Monster Gaming');
  });

  it('done: complete replaces the text, incomplete keeps the partial text with a badge', async () => {
    view = await suite.open();
    await startAnswer(view, 'a1');
    await view.send({ type: 'delta', id: 'a1', text: 'draft tex' }, { type: 'done', id: 'a1', status: 'complete', text: 'Final *text*.' });
    assert.strictEqual(await view.body('a1').innerText(), 'Final text.');

    await startAnswer(view, 'a2');
    await view.send({ type: 'delta', id: 'a2', text: 'Half an answer' }, { type: 'done', id: 'a2', status: 'incomplete' });
    const text = await view.message('a2').innerText();
    assert.match(text, /Half an answer[\s\S]*Incomplete — the connection ended early/);
  });

  it('stopped and incomplete answers offer Retry, posting the action with the message id', async () => {
    view = await suite.open();
    await startAnswer(view, 'a1');
    await view.send({ type: 'delta', id: 'a1', text: 'Cut short' }, {
      type: 'done',
      id: 'a1',
      status: 'incomplete',
      error: { code: 'STREAM_CUT', title: 'The connection dropped mid-answer', message: 'The connection dropped: terminated', actions: [{ kind: 'retry', label: 'Retry' }] },
    });
    assert.match(await view.message('a1').innerText(), /Cut short[\s\S]*Incomplete[\s\S]*The connection dropped: terminated/);
    await view.clearPosted();
    await view.message('a1').getByRole('button', { name: 'Retry' }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'action', kind: 'retry', messageId: 'a1' }]);

    await startAnswer(view, 'a2');
    await view.send({ type: 'delta', id: 'a2', text: 'Stopped here' }, { type: 'done', id: 'a2', status: 'stopped' });
    await view.clearPosted();
    await view.message('a2').getByRole('button', { name: 'Retry' }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'action', kind: 'retry', messageId: 'a2' }]);
  });

  it('error card: title, message, remediation, one button per action posting action with messageId', async () => {
    view = await suite.open();
    await startAnswer(view, 'a1');
    await view.send(
      { type: 'delta', id: 'a1', text: 'Partial before the failure' },
      {
        type: 'done',
        id: 'a1',
        status: 'error',
        error: {
          code: 'CREDITS_EXHAUSTED',
          title: 'You are out of credits',
          message: 'This key has no credits left this month.',
          remediation: 'Top up or upgrade your plan.',
          actions: [
            { kind: 'openPricing', label: 'See plans' },
            { kind: 'retry', label: 'Retry' },
          ],
        },
      },
    );
    const { page } = view;
    const card = view.message('a1').locator('.mg-error');
    const text = await view.message('a1').innerText();
    assert.match(text, /Partial before the failure[\s\S]*You are out of credits/, 'partial text stays above the card');
    assert.match(await card.innerText(), /This key has no credits left this month\./);
    assert.match(await card.innerText(), /Top up or upgrade your plan\./);
    assert.strictEqual(await card.getByRole('button').count(), 2);
    await view.clearPosted();
    await card.getByRole('button', { name: 'See plans' }).click();
    await card.getByRole('button', { name: 'Retry' }).click();
    assert.deepStrictEqual(await view.posted(), [
      { type: 'action', kind: 'openPricing', messageId: 'a1' },
      { type: 'action', kind: 'retry', messageId: 'a1' },
    ]);
    assert.strictEqual(await page.getByRole('button', { name: /Stop/ }).count(), 0);

    // A retried answer replaces the failed one.
    await view.send({ type: 'messageRemoved', id: 'a1' });
    assert.strictEqual(await view.message('a1').count(), 0);
  });

  it('waiting: text and a live countdown, Stop still available, streaming resumes', async () => {
    view = await suite.open();
    const { page } = view;
    await startAnswer(view, 'a1');
    await view.send({ type: 'waiting', id: 'a1', text: 'Rate limited; retrying automatically.', retryAt: Date.now() + 5_000 });
    const badge = view.message('a1').locator('.mg-badge--waiting');
    assert.match(await badge.innerText(), /Rate limited; retrying automatically\./);
    const first = await badge.locator('.mg-waiting__countdown').innerText();
    assert.match(first, /Retrying in [45] s/);
    await page.waitForFunction(
      (before) => {
        const el = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('.mg-waiting__countdown');
        return el !== null && el.textContent !== before;
      },
      first,
      { timeout: 3000 },
    );
    const stop = page.getByRole('button', { name: /Stop/ });
    assert.ok(await stop.isVisible());
    await view.clearPosted();
    await stop.click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'stop', id: 'a1' }]);

    await view.send({ type: 'delta', id: 'a1', text: 'Back on track.' });
    assert.strictEqual(await badge.count(), 0, 'waiting badge gone once text streams again');
    assert.strictEqual(await view.body('a1').innerText(), 'Back on track.');
  });

  it('code blocks: language header, highlighting, Copy and Insert post the raw code', async () => {
    view = await suite.open();
    const code = 'float4 frag(v2f i) : SV_Target {\n    return tex2D(_MainTex, i.uv) * _Color; // <b>not bold</b>\n}';
    await view.send({ type: 'messageAdded', message: assistantMessage('a1', `Try this:\n\n\`\`\`hlsl\n${code}\n\`\`\`\n`) });
    const block = view.message('a1').locator('.mg-codeblock');
    assert.strictEqual(await block.locator('.mg-codeblock__lang').innerText(), 'hlsl');
    assert.ok((await block.locator('.hljs-keyword, .hljs-type, .hljs-built_in').count()) > 0, 'highlighted');
    assert.strictEqual(await block.locator('b').count(), 0, 'HTML in code is text');
    assert.strictEqual(await block.locator('code').innerText(), code);

    await view.clearPosted();
    await block.getByRole('button', { name: 'Copy code' }).click();
    await block.getByRole('button', { name: 'Insert code at cursor' }).click();
    assert.deepStrictEqual(await view.posted(), [
      { type: 'copyCode', code },
      { type: 'insertCode', code, language: 'hlsl' },
    ]);
    assert.match(await block.getByRole('button', { name: 'Copy code' }).innerText(), /Copied/);
  });

  it('highlighting is a second bundle: a block that closes before it arrives shows plain, then highlights when it does', async () => {
    const main = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'dist', 'webview.js'), 'utf8');
    assert.ok(!main.includes('registerLanguage'), 'highlight.js is not in the view\'s own bundle');
    view = await suite.open({ highlighter: 'held' });
    const code = 'void Update() {\n    transform.Rotate(0, 90 * Time.deltaTime, 0);\n}';
    await view.send({ type: 'messageAdded', message: assistantMessage('a1', `Spin it:\n\n\`\`\`csharp\n${code}\n\`\`\`\n`) });
    const block = view.message('a1').locator('.mg-codeblock');
    assert.strictEqual(await block.locator('code').innerText(), code, 'the code shows at once');
    assert.strictEqual(await block.locator('code.hljs').count(), 0, 'plain while the highlighter is on its way');
    assert.strictEqual(await block.getByRole('button', { name: 'Copy code' }).count(), 1);

    await view.releaseHighlighter();
    await block.locator('code.hljs .hljs-keyword').first().waitFor({ timeout: 5000 });
    assert.strictEqual(await block.locator('code').innerText(), code, 'the same code, highlighted');
    assert.deepStrictEqual(view.pageErrors, []);
  });

  it('a long code block is highlighted a slice at a time, never splitting a comment or a string, and ends highlighted whole', async () => {
    view = await suite.open();
    // 600 steps of ~110 characters: a block comment and a verbatim string that each span lines.
    const steps = 600;
    const code = Array.from({ length: steps }, (_, n) => `/* Patrol step ${n}:\n   walks the waypoints */\nvoid Step${n}() {\n    var path = @"Assets/\nLevels/${n}";\n}`).join('\n');
    assert.ok(code.length > 60_000);
    // What the block looked like when it was put on the page: highlighted, with plain text still waiting.
    await view.page.evaluate(() => {
      const w = window as unknown as { __plainAtInsert?: number };
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of Array.from(record.addedNodes)) {
            const codeEl = node instanceof Element ? (node.matches('code.hljs') ? node : node.querySelector('code.hljs')) : null;
            if (codeEl && w.__plainAtInsert === undefined) w.__plainAtInsert = codeEl.lastChild?.nodeType === Node.TEXT_NODE ? (codeEl.lastChild as Text).data.length : 0;
          }
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await view.send({ type: 'messageAdded', message: assistantMessage('a1', `The patrol:\n\n\`\`\`csharp\n${code}\n\`\`\`\n`) });
    const plainAtInsert = await view.page.evaluate(() => (window as unknown as { __plainAtInsert?: number }).__plainAtInsert);
    assert.ok(plainAtInsert !== undefined && plainAtInsert > code.length / 2, `most of the block waits for later frames (${plainAtInsert} of ${code.length} plain at first)`);

    const block = view.message('a1').locator('code.hljs');
    await view.page.waitForFunction((count) => document.querySelectorAll('code.hljs .hljs-comment').length === count, steps, { timeout: 10_000 });
    const spans = await block.evaluate((el) => ({
      comments: Array.from(el.querySelectorAll('.hljs-comment'), (span) => span.textContent ?? ''),
      strings: Array.from(el.querySelectorAll('.hljs-string'), (span) => span.textContent ?? ''),
      plainTail: el.lastChild?.nodeType === Node.TEXT_NODE ? (el.lastChild as Text).data.length : 0,
    }));
    assert.ok(spans.comments.every((c) => /^\/\*[^]*\*\/$/.test(c)), 'every comment is one span, opened and closed');
    assert.strictEqual(spans.strings.length, steps);
    assert.ok(spans.strings.every((c) => /^@"Assets\/\nLevels\/\d+"$/.test(c)), 'every verbatim string is one span across its line');
    assert.strictEqual(spans.plainTail, 0, 'nothing left plain');
    assert.strictEqual(await block.innerText(), code, 'the same code');
    assert.deepStrictEqual(view.pageErrors, []);
  });

  it('an unclosed fence mid-stream is a code block in progress, highlighted once closed', async () => {
    view = await suite.open();
    await startAnswer(view);
    await view.send({ type: 'delta', id: 'a1', text: 'Here:\n\n```csharp\nvoid Update() {\n    var <img src=x onerror=1> = 1;\n' });
    const block = view.message('a1').locator('.mg-codeblock');
    assert.strictEqual(await block.count(), 1);
    assert.ok(await block.evaluate((el) => el.classList.contains('mg-codeblock--open')));
    assert.strictEqual(await block.getByRole('button').count(), 0, 'no Copy/Insert on an unfinished block');
    assert.match(await block.locator('code').innerText(), /var <img src=x onerror=1> = 1;/);

    await view.send({ type: 'delta', id: 'a1', text: '}\n```\n' });
    assert.ok(!(await block.evaluate((el) => el.classList.contains('mg-codeblock--open'))));
    assert.ok((await block.locator('.hljs-keyword').count()) > 0);
    assert.strictEqual(await block.getByRole('button', { name: 'Copy code' }).count(), 1);
  });

  it('links: clicks post openLink and never navigate; only http(s) links exist', async () => {
    view = await suite.open();
    const { page } = view;
    await view.send({
      type: 'messageAdded',
      message: assistantMessage(
        'a1',
        'See [the docs](https://docs.unity3d.com/Manual/shaders.html), <https://example.com/auto>, http://www.example.org, Player.cs and ' +
          '[run](command:workbench.action.terminal.new), [local](./file.md), [mail](mailto:a@b.c).',
      ),
    });
    const links = view.body('a1').getByRole('link');
    assert.deepStrictEqual(await links.evaluateAll((els) => els.map((el) => el.getAttribute('href'))), [
      'https://docs.unity3d.com/Manual/shaders.html',
      'https://example.com/auto',
      'http://www.example.org',
    ]);
    await view.clearPosted();
    await links.first().click();
    await links.nth(1).click({ button: 'middle' });
    await links.nth(2).click({ modifiers: ['Control'] });
    assert.deepStrictEqual(await view.posted(), [
      { type: 'openLink', href: 'https://docs.unity3d.com/Manual/shaders.html' },
      { type: 'openLink', href: 'https://example.com/auto' },
      { type: 'openLink', href: 'http://www.example.org' },
    ]);
    assert.strictEqual(page.url(), `${suite.origin()}/`);
    assert.strictEqual(view.page.context().pages().length, 1, 'no window opened');
    const text = await view.body('a1').innerText();
    assert.match(text, /\[run\]\(command:workbench\.action\.terminal\.new\)/, 'unsafe link left as text');
  });

  it('a long answer streamed in many deltas renders the same as rendering it at once', async () => {
    view = await suite.open();
    await view.send({ type: 'messageAdded', message: assistantMessage('whole', longAnswer, { discipline: shader }) });
    const wholeText = await view.body('whole').evaluate((el) => el.textContent ?? '');
    const wholeHtml = await view.body('whole').innerHTML();

    await startAnswer(view, 'streamed');
    const pieces = chunk(longAnswer, 9, 3);
    for (let i = 0; i < pieces.length; i += 12) {
      await view.send(...pieces.slice(i, i + 12).map((text): HostToWebview => ({ type: 'delta', id: 'streamed', text })));
    }
    const normalize = (s: string): string => s.replace(/\s+/g, ' ').trim();
    const streamedText = await view.body('streamed').evaluate((el) => el.textContent ?? '');
    assert.strictEqual(normalize(streamedText), normalize(wholeText), 'same text while still streaming');
    assert.strictEqual(await view.body('streamed').locator('.mg-codeblock').count(), 3);
    assert.strictEqual(await view.body('streamed').locator('.mg-codeblock--open').count(), 0);

    await view.send({ type: 'done', id: 'streamed', status: 'complete' });
    assert.strictEqual(await view.body('streamed').innerHTML(), wholeHtml, 'identical DOM after done');
    await view.send({ type: 'done', id: 'streamed', status: 'complete', text: longAnswer });
    assert.strictEqual(await view.body('streamed').innerHTML(), wholeHtml, 'identical DOM after done with text');
  });

  it('auto-scrolls while streaming unless the user scrolled up', async () => {
    view = await suite.open({ height: 400 });
    const { page } = view;
    await startAnswer(view);
    const scroller = page.locator('.mg-main');
    const gap = (): Promise<number> => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    for (let i = 0; i < 30; i++) await view.send({ type: 'delta', id: 'a1', text: `Paragraph ${i} of a long answer.\n\n` });
    assert.ok((await gap()) < 2, 'followed the answer');
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await page.waitForTimeout(50);
    for (let i = 0; i < 10; i++) await view.send({ type: 'delta', id: 'a1', text: `More ${i}.\n\n` });
    assert.strictEqual(await scroller.evaluate((el) => el.scrollTop), 0, 'stayed where the user scrolled');
  });

  it('screenshot of a rich answer (dark theme)', async () => {
    view = await suite.open({
      width: 440,
      height: 900,
      init: viewState({
        notice: 'Older messages were left out to fit the gateway’s 64 KB limit.',
        messages: [
          userMessage('u1', 'My water shader is pink on Android. Why?', { contextLabel: 'Water.shader:1-40 · HLSL · Unity 2022.3' }),
        ],
      }),
    });
    await view.send({ type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) });
    await view.send({ type: 'discipline', id: 'a1', discipline: shader });
    for (const piece of chunk(longAnswer.split('\nLine one')[0], 20)) await view.send({ type: 'delta', id: 'a1', text: piece });
    await view.send({ type: 'done', id: 'a1', status: 'complete' });
    await view.page.locator('.mg-main').evaluate((el) => el.scrollTo({ top: 0 }));
    await view.page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    const out = path.resolve(__dirname, '..', '..', '..', 'test-results', 'webview-answer.png');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await view.page.screenshot({ path: out, fullPage: false });
    assert.ok(fs.statSync(out).size > 10_000);
  });
});
