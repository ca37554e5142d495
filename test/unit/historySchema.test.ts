import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { StoredMessage } from '../../src/chat/conversation';
import { isJournalRecord, isStoredMessage } from '../../src/chat/historyChecks';
import { GENERATED, generatedValidators } from '../../scripts/historyValidators';

const full: StoredMessage = {
  id: 'a1',
  role: 'assistant',
  text: 'Use a pool.',
  status: 'error',
  createdAt: 1,
  model: 'monster-gpt',
  discipline: { id: 'vfx', label: 'VFX · Artist', source: 'gateway' },
  error: { code: 'RATE_LIMITED', title: 'Slow down', message: 'Too many requests.', remediation: 'Wait.', actions: [{ kind: 'retry', label: 'Retry' }] },
  contextLabel: 'Player.cs:1-2',
  systemContext: 'Engine: Unity.',
  languageId: 'csharp',
  fileName: 'Assets/Player.cs',
  frames: [{ function: 'PlayerController.FixedUpdate', path: 'Assets/Scripts/PlayerController.cs', line: 30 }, { path: 'Assets/Player.cs', line: 1 }],
};

describe('History schemas', () => {
  it('src/chat/historyValidators.generated.ts is up to date (run `npm run schemas` after changing historySchema.ts)', () => {
    assert.equal(fs.readFileSync(GENERATED, 'utf8'), generatedValidators());
  });

  it('accepts every field a stored message can have', () => {
    assert.equal(isStoredMessage(structuredClone(full)), true);
    assert.equal(isJournalRecord({ type: 'put', message: structuredClone(full) }), true);
    assert.equal(isJournalRecord({ type: 'text', id: 'a1', at: 11, text: ' More.' }), true);
  });

  it('rejects wrong types and unknown statuses, roles and actions', () => {
    for (const change of [{ text: 1 }, { status: 'done' }, { role: 'system' }, { createdAt: '1' }, { discipline: { id: 'x', label: 'X', source: 'model' } }, { error: { ...full.error, actions: [{ kind: 'runCommand', label: 'Run' }] } }, { frames: [{ path: 'x.cs', line: 0 }] }, { frames: [{ path: 'x.cs' }] }]) {
      assert.equal(isStoredMessage({ ...structuredClone(full), ...change }), false, JSON.stringify(change));
    }
    assert.equal(isJournalRecord({ type: 'text', id: 'a1', at: -1, text: 'x' }), false);
    assert.equal(isJournalRecord({ type: 'exec', id: 'a1' }), false);
    assert.equal(isJournalRecord({ type: '__proto__' }), false);
  });

  it('removes properties it does not know, so they never reach the webview', () => {
    const message: Record<string, unknown> = { ...structuredClone(full), onclick: 'x', html: '<img>' };
    (message.discipline as Record<string, unknown>).extra = 1;
    assert.equal(isStoredMessage(message), true);
    assert.deepEqual(message, full);
  });
});
