import * as assert from 'node:assert/strict';
import { modelHealthNote } from '../../src/account/modelHealth';
import { english } from '../../src/answering/l10n';

describe('Model health in Select Model', () => {
  it('marks a degraded model with its success rate, and says nothing more of a healthy one than its rate', () => {
    assert.deepEqual(modelHealthNote({ status: 'degraded', successRate: 0.62 }, english), { description: '$(warning) degraded', detail: '62% of requests succeeded in the last 24 hours; answers may fail or be slow.' });
    assert.deepEqual(modelHealthNote({ status: 'operational', successRate: 0.998 }, english), { description: '99.8% success (24 h)' });
    assert.deepEqual(modelHealthNote({ status: 'down' }, english), { description: '$(error) down', detail: 'The gateway reports this model unavailable; pick another one for now.' });
    assert.deepEqual(modelHealthNote(undefined, english), {});
  });

  it('shows a hostile status as text, never as an icon or markup', () => {
    const note = modelHealthNote({ status: '$(bug) [x](command:evil)', successRate: 0.5 }, english);
    assert.ok(!JSON.stringify(note).includes('$(bug)') && !JSON.stringify(note).includes('command:'), JSON.stringify(note));
  });
});
