/**
 * The engine profile in the chat header: its one-line label, and a tooltip (the `title`, which
 * assistive technology reads as the description) listing the profile's facts, the files it was
 * read from, what could not be read and the project rules. Project files are hostile: their text
 * only ever lands in text.
 */
import * as assert from 'assert';
import type { ProfileView } from '../../src/shared/protocol';
import { useWebviewSuite, header, viewState } from './harness';

const UNITY: ProfileView = {
  label: 'Unity 6.0 · URP 17.0.3 · legacy Input Manager',
  tooltip: [
    'Unity 6.0 (6000.0.34f1)',
    'Render pipeline: URP 17.0.3',
    'Read from:',
    '  ProjectSettings/ProjectVersion.txt',
    '  Packages/manifest.json',
    'Could not read:',
    '  ProjectSettings/ProjectSettings.asset: binary, not text',
    'Project rules:',
    '  AGENTS.md',
    '  .monster/rules/shaders.md (applyTo: **/*.hlsl)',
  ],
};

describe('chat webview: the engine profile in the header', function () {
  const suite = useWebviewSuite();

  it('shows the label, with the evidence files and what could not be read in its tooltip', async () => {
    const view = await suite.open({ init: viewState({ header: header({ profile: UNITY }) }) });
    const profile = view.page.getByRole('note', { name: `Engine profile: ${UNITY.label}` });
    assert.equal(await profile.innerText(), UNITY.label);
    assert.equal(await profile.getAttribute('title'), UNITY.tooltip.join('\n'));
    assert.equal(await profile.getAttribute('tabindex'), '0', 'reachable by keyboard, so its description can be read');
    assert.match(await view.page.locator('header.mg-header').innerText(), /Unity 6\.0 · URP 17\.0\.3/);
  });

  it('follows header updates: another folder\'s profile, then none', async () => {
    const view = await suite.open({ init: viewState({ header: header({ profile: UNITY }) }) });
    const godot: ProfileView = { label: 'Godot 4.7 · Compatibility · C#', tooltip: ['Godot 4.7', 'Read from:', '  project.godot'] };
    await view.send({ type: 'header', header: header({ profile: godot }) });
    assert.equal(await view.page.getByRole('note', { name: /^Engine profile: / }).innerText(), godot.label);
    await view.send({ type: 'header', header: header() });
    assert.equal(await view.page.getByRole('note', { name: /^Engine profile: / }).count(), 0);
  });

  it('renders hostile text from project files as text', async () => {
    const hostile: ProfileView = { label: 'Unity <img src=x onerror="window.__pwned=1">', tooltip: ['Enabled plugins: <script>window.__pwned=1</script>', '"><svg onload=alert(1)>'] };
    const view = await suite.open({ init: viewState({ header: header({ profile: hostile }) }) });
    const profile = view.page.getByRole('note', { name: /^Engine profile: / });
    assert.equal(await profile.innerText(), hostile.label);
    assert.equal(await profile.getAttribute('title'), hostile.tooltip.join('\n'));
    assert.equal(await view.page.locator('header img, header script, header svg').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });
});
