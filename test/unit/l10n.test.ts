import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLE, ROOT, bundleText, extractMessages } from '../../scripts/l10n';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every string in the manifest, with its JSON path. */
function strings(value: Json, at: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === 'string') out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${at}.${k}`, out);
  return out;
}

describe('Localization', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { [key: string]: Json };
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const all = strings(manifest, '$');

  it('every %key% of package.json is in package.nls.json, and every entry there is used', () => {
    const used = new Set(all.flatMap(([, v]) => [...v.matchAll(/^%([^%]+)%$/g)].map((m) => m[1])));
    assert.deepEqual([...used].filter((k) => !(k in nls)), [], 'keys missing from package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'unused package.nls.json entries');
  });

  it('command titles, setting descriptions, views and the walkthrough are localizable', () => {
    const userFacing = all.filter(([at]) =>
      /\.commands\[\d+\]\.(title|category)$|\.markdownDescription$|\.(views|viewsContainers)\..*\.(name|title|contextualTitle)$|\.walkthroughs\[.*\.(title|description|altText)$|\.chatParticipants\[.*\.(description|fullName)$|^\$\.(displayName|description)$/.test(at),
    );
    assert.ok(userFacing.length > 40, `found ${userFacing.length} user-facing strings`);
    assert.deepEqual(userFacing.filter(([, v]) => !/^%[^%]+%$/.test(v)), []);
    assert.equal(nls['command.setApiKey.title'], 'Set API Key');
    assert.equal(nls.category, 'Monster Gaming');
  });

  it('l10n/bundle.l10n.json has every vscode.l10n.t message of src/ (run `npm run l10n` after changing one)', () => {
    const messages = extractMessages();
    assert.ok(messages.length > 20, `${messages.length} messages`);
    assert.ok(messages.includes('Asking Monster Gaming…'));
    assert.equal(fs.readFileSync(BUNDLE, 'utf8'), bundleText(messages));
  });

  it('ships the translations and the walkthrough media in the .vsix, not the English template', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const entry of ['!package.nls.json', '!l10n/bundle.l10n.*.json', '!media/walkthrough/*.svg']) {
      assert.ok(ignore.includes(entry), `.vscodeignore re-includes ${entry}`);
    }
    // VS Code loads bundle.l10n.<language>.json only; the template would cost the .vsix 8 KB.
    assert.ok(!ignore.some((line) => line === '!l10n/*.json' || line === '!l10n/bundle.l10n.json'), 'the template is not packaged');
    const walkthrough = (manifest.contributes as { walkthroughs: Array<{ steps: Array<{ media: { svg: string } }> }> }).walkthroughs[0];
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(ROOT, step.media.svg)), step.media.svg);
    }
  });
});
