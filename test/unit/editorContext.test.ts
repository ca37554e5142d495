import * as assert from 'node:assert/strict';
import { renderItem } from '../../src/answering/compose';
import { MAX_SELECTION_CHARS, selectedLines, selectionItem, selectionQuestion } from '../../src/chat/editorContext';

describe('questions about a selection', () => {
  const engine = { engine: 'Unity' as const, version: '2022.3', fullVersion: '2022.3.10f1', evidence: 'ProjectSettings/ProjectVersion.txt' };

  it('attaches the selection with file, line range and language, and labels the message', () => {
    const q = selectionQuestion(' Why is this null? ', {
      relativePath: 'Assets/Scripts/Player.cs',
      languageId: 'csharp',
      startLine: 12,
      endLine: 20,
      text: 'var rb = GetComponent<Rigidbody>();\n',
      engine,
    });
    assert.equal(q.text, 'Why is this null?');
    assert.deepEqual(q.items, [
      { kind: 'selection', label: '#selection', path: 'Assets/Scripts/Player.cs', span: { startLine: 12, endLine: 20 }, language: 'csharp', text: 'var rb = GetComponent<Rigidbody>();\n', explicit: true },
    ]);
    assert.equal(renderItem(q.items[0]), '#selection · `Assets/Scripts/Player.cs` (lines 12–20):\n```csharp\nvar rb = GetComponent<Rigidbody>();\n```');
    assert.equal(q.contextLabel, 'Player.cs:12-20 · C# · Unity 2022.3');
    assert.equal(q.fileName, 'Assets/Scripts/Player.cs');
    assert.equal(q.languageId, 'csharp');
  });

  it('fences code that itself contains fences with a longer fence', () => {
    const item = selectionItem({ relativePath: 'README.md', languageId: 'markdown', startLine: 1, endLine: 3, text: '```js\nx\n```' });
    assert.match(renderItem(item), /````markdown\n```js\nx\n```\n````/);
  });

  it('cuts a huge selection, says so, and names the lines it kept', () => {
    const line = `${'x'.repeat(99)}\n`;
    const item = selectionItem({ relativePath: 'big.cpp', languageId: 'cpp', startLine: 1, endLine: 20000, text: line.repeat(1000) });
    assert.equal(item.text.length, MAX_SELECTION_CHARS);
    assert.match(item.cut ?? '', /first 40,000 characters/);
    assert.deepEqual(item.span, { startLine: 1, endLine: 401 }, '400 whole lines and the start of the 401st');
  });

  it('counts the whole lines a selection covers, as the editor shows them', () => {
    assert.deepEqual(selectedLines({ start: { line: 4, character: 2 }, end: { line: 8, character: 3 } }), { startLine: 5, endLine: 9 });
    assert.deepEqual(selectedLines({ start: { line: 4, character: 0 }, end: { line: 9, character: 0 } }), { startLine: 5, endLine: 9 }, 'ending at column 0 does not take that line');
    assert.deepEqual(selectedLines({ start: { line: 6, character: 5 }, end: { line: 6, character: 5 } }), { startLine: 7, endLine: 7 }, 'an empty selection is its line');
  });
});
