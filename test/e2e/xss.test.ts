/**
 * Hostile model output in the real VS Code webview: the whole XSS corpus streamed by the gateway
 * into the sidebar chat renders inert (the Chromium suite checks every streamed prefix; this
 * proves the same in the real workbench, with VS Code's own webview host around it).
 */
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { xssCorpus as fullCorpus } from '../webview/xssCorpus';
import { env } from './environment';
import { waitUntil } from './wait';

/**
 * The `long-*` stress payloads (thousands of nested quotes, huge inputs) are left to the Chromium
 * suite, which checks them at every prefix: here they only slow the workbench down for minutes.
 */
const xssCorpus = fullCorpus.filter((p) => !p.name.startsWith('long-'));

/** The chat webview's inner frame, where the transcript lives. */
async function chatFrame(): Promise<Frame> {
  const { page } = env();
  let found: Frame | undefined;
  await waitUntil(async () => {
    for (const frame of page.frames()) {
      if ((await frame.locator('[role="log"]').count().catch(() => 0)) > 0) {
        found = frame;
        return true;
      }
    }
    return false;
  }, 'the chat webview frame');
  return found!;
}

/** Runs in the webview: what in the transcript could execute, navigate or restyle (the webview has the DOM lib; this file does not). */
const INSPECT_TRANSCRIPT = `(() => {
  const log = document.querySelector('[role="log"]');
  const bad = [];
  const pwned = window.__pwned;
  if (pwned !== undefined && !(pwned instanceof Element)) bad.push('window.__pwned = ' + String(pwned));
  for (const el of Array.from(log.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'style', 'link', 'meta', 'base', 'form', 'svg', 'math'].includes(tag)) bad.push('<' + tag + '>');
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'style') bad.push(tag + '[' + name + ']');
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name) && !/^(https?:|#)/i.test(attr.value.trim())) bad.push(tag + '[' + name + '=' + attr.value.slice(0, 40) + ']');
    }
  }
  return { bad, text: log.textContent };
})()`;

describe('Hostile answers in a real VS Code', function () {
  this.timeout(180_000);

  it(`renders all ${xssCorpus.length} XSS and markdown-injection payloads inert in the sidebar`, async () => {
    const { workbench, gateway } = env();
    const chat = await workbench.openChat();
    // Start from an empty transcript (the header's New chat button), and make sure it is empty.
    const messages = chat.locator('article.mg-msg');
    for (let attempt = 0; attempt < 3 && (await messages.count()) > 0; attempt++) {
      await chat.getByRole('button', { name: 'New chat' }).first().click();
      await waitUntil(async () => (await messages.count()) === 0, 'New chat empties the transcript', 10_000).catch(() => undefined);
    }
    assert.equal(await messages.count(), 0, 'an empty transcript to start from');
    const perAnswer = 12;
    for (let i = 0; i < xssCorpus.length; i += perAnswer) {
      const group = xssCorpus.slice(i, i + perAnswer);
      gateway.setFault({ kind: 'content', text: group.map((p) => `### ${p.name}\n\n${p.markdown}\n\n`).join('') });
      await workbench.askAndWait(`Show me payloads ${i + 1}-${i + group.length}`);
    }
    const frame = await chatFrame();
    const report = await frame.evaluate<{ bad: string[]; text: string }>(INSPECT_TRANSCRIPT);
    assert.deepEqual(report.bad, []);
    // Every payload reached the transcript (as text: an unclosed fence swallows what follows it, as it should).
    assert.deepEqual(xssCorpus.filter((p) => !report.text.includes(p.name)).map((p) => p.name), []);
    await workbench.screenshot('30-xss-inert');
  });
});
