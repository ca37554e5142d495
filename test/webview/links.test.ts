/**
 * Item 14 of issue 12, in real Chromium: a link in an answer never hides where it goes (the
 * model's title is dropped, the tooltip is the real URL, and the host is shown when the text says
 * something else), and the page's CSP loads no image from anywhere.
 */
import * as assert from 'assert';
import { useWebviewSuite, assistantMessage, type WebviewPage } from './harness';

interface LinkView {
  readonly href: string | null;
  readonly title: string | null;
  readonly text: string;
}

async function links(view: WebviewPage, id: string): Promise<LinkView[]> {
  return view.body(id).locator('a').evaluateAll((els) => els.map((el) => ({ href: el.getAttribute('href'), title: el.getAttribute('title'), text: el.textContent ?? '' })));
}

describe('chat webview: links show their real URL', function () {
  const suite = useWebviewSuite();

  it('drops a model-written title: the tooltip is the URL, and the host is shown beside other text', async () => {
    const view = await suite.open();
    await view.send({
      type: 'messageAdded',
      message: assistantMessage('a1', [
        'See [the Unity manual](https://unity-docs.example.net/login "https://docs.unity3d.com/Manual").',
        'Or [https://docs.godotengine.org/](https://godot-docs.example.org/steal).',
      ].join('\n\n')),
    });
    assert.deepStrictEqual(await links(view, 'a1'), [
      { href: 'https://unity-docs.example.net/login', title: 'https://unity-docs.example.net/login', text: 'the Unity manual (unity-docs.example.net)' },
      { href: 'https://godot-docs.example.org/steal', title: 'https://godot-docs.example.org/steal', text: 'https://docs.godotengine.org/ (godot-docs.example.org)' },
    ]);
    // The host is part of the link's accessible name, so a screen reader hears it too.
    await view.body('a1').getByRole('link', { name: 'the Unity manual (unity-docs.example.net)' }).waitFor();
  });

  it('shows a URL written as the link text as it is, with the URL as tooltip', async () => {
    const view = await suite.open();
    await view.send({
      type: 'messageAdded',
      message: assistantMessage('a1', 'Docs: <https://docs.unity3d.com/Manual/index.html> and https://godotengine.org/ and [https://bücher.de/x](https://bücher.de/x).'),
    });
    assert.deepStrictEqual(await links(view, 'a1'), [
      { href: 'https://docs.unity3d.com/Manual/index.html', title: 'https://docs.unity3d.com/Manual/index.html', text: 'https://docs.unity3d.com/Manual/index.html' },
      { href: 'https://godotengine.org/', title: 'https://godotengine.org/', text: 'https://godotengine.org/' },
      { href: 'https://xn--bcher-kva.de/x', title: 'https://xn--bcher-kva.de/x', text: 'https://bücher.de/x' },
    ]);
  });

  it('names the host of an image link and of a look-alike host in its ASCII form', async () => {
    const view = await suite.open();
    await view.send({ type: 'messageAdded', message: assistantMessage('a1', '![diagram](https://cdn.example.com/d.png "Official diagram")\n\n[apple.com](https://аpple.com/)') });
    const found = await links(view, 'a1');
    assert.deepStrictEqual(found.map((l) => [l.title, l.text.trim()]), [
      ['https://cdn.example.com/d.png', 'diagram (cdn.example.com)'],
      ['https://xn--pple-43d.com/', 'apple.com (xn--pple-43d.com)'],
    ]);
  });

  it('loads no image from the web: the CSP blocks https images', async () => {
    const view = await suite.open();
    // Page script (the test's tsconfig has no DOM types).
    const outcome = await view.page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve('blocked by ' + e.violatedDirective), { once: true });
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => setTimeout(() => resolve('failed to load, not blocked by the CSP'), 200);
      img.src = 'https://images.example.com/pixel.png';
      setTimeout(() => resolve('no outcome'), 5000);
    })`);
    assert.strictEqual(outcome, 'blocked by img-src');
    // The harness counts CSP violations (and the console error they log) as failures of the page; this one was the point.
    await view.page.evaluate(() => ((globalThis as unknown as { __cspViolations: string[] }).__cspViolations.length = 0));
    view.pageErrors.splice(0, view.pageErrors.length, ...view.pageErrors.filter((e) => !e.includes('images.example.com')));
  });
});
