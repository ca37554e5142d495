import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activated, manifest, waitFor } from './helpers';

interface Walkthrough {
  readonly id: string;
  readonly steps: ReadonlyArray<{ readonly id: string; readonly completionEvents?: readonly string[] }>;
}

/**
 * Walkthroughs open in the Welcome editor (the e2e suite checks which walkthrough it shows). Older
 * VS Codes (1.96) name its tab after the walkthrough shown ("Walkthrough: Monster Gaming").
 */
const walkthroughTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Welcome' || t.label.startsWith('Walkthrough: '));
const ours = (tab: vscode.Tab): boolean => tab.label === 'Welcome' || tab.label === 'Walkthrough: Monster Gaming';

describe('Walkthrough (real workbench)', () => {
  before(async () => {
    await activated();
  });

  it('declares four steps, each completing on what the user did', () => {
    const walkthroughs = (manifest().contributes as unknown as { walkthroughs: Walkthrough[] }).walkthroughs;
    assert.equal(walkthroughs.length, 1);
    assert.deepEqual(
      walkthroughs[0].steps.map((s) => [s.id, s.completionEvents]),
      [
        ['setKey', ['onContext:monsterGaming.hasKey']],
        ['askQuestion', ['onContext:monsterGaming.askedFirstQuestion']],
        ['fixError', ['onContext:monsterGaming.fixedFirstError']],
        ['pickDiscipline', ['onCommand:monsterGaming.selectDiscipline', 'onSettingChanged:monsterGaming.discipline']],
      ],
    );
  });

  it('does not open by itself under an extension-test runner, and opens by id', async () => {
    assert.deepEqual(walkthroughTabs(), [], 'not opened during the suite');
    // VS Code 1.96 registers an extension's walkthrough up to 5 s after loading the extension (it
    // waits for its experiments service); opened by id before that, it shows another walkthrough.
    const tab = await waitFor('the walkthrough tab', async () => {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return walkthroughTabs().find(ours);
    }, 15_000).catch((error: unknown) => {
      const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label} (${t.input?.constructor?.name ?? typeof t.input})`);
      throw new Error(`${String(error)} Tabs: ${labels.join(', ')}`);
    });
    await vscode.window.tabGroups.close(tab);
  });
});
