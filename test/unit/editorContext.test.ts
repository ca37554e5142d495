import * as assert from 'node:assert/strict';
import { MAX_SELECTION_CHARS, prepareSelectionQuestion, systemContextLine } from '../../src/chat/editorContext';

describe('questions about a selection', () => {
  const engine = { engine: 'Unity' as const, version: '2022.3', fullVersion: '2022.3.10f1', evidence: 'ProjectSettings/ProjectVersion.txt' };

  it('sends the engine and language as the gateway documents', () => {
    assert.equal(systemContextLine('csharp', engine), 'Engine: Unity 2022.3. Language: C#.');
    assert.equal(systemContextLine('hlsl'), 'Language: HLSL.');
  });

  it('carries file, line range and code, and labels the message', () => {
    const q = prepareSelectionQuestion('Why is this null?', {
      relativePath: 'Assets/Scripts/Player.cs',
      languageId: 'csharp',
      startLine: 12,
      endLine: 20,
      text: 'var rb = GetComponent<Rigidbody>();\n',
      engine,
    });
    assert.match(q.text, /^Why is this null\?/);
    assert.match(q.text, /`Assets\/Scripts\/Player\.cs` \(lines 12–20\)/);
    assert.match(q.text, /```csharp\nvar rb = GetComponent<Rigidbody>\(\);\n```/);
    assert.equal(q.contextLabel, 'Player.cs:12-20 · C# · Unity 2022.3');
    assert.equal(q.systemContext, 'Engine: Unity 2022.3. Language: C#.');
    assert.equal(q.fileName, 'Assets/Scripts/Player.cs');
  });

  it('fences code that itself contains fences with a longer fence', () => {
    const q = prepareSelectionQuestion('Explain', { relativePath: 'README.md', languageId: 'markdown', startLine: 1, endLine: 3, text: '```js\nx\n```' });
    assert.match(q.text, /````markdown\n```js\nx\n```\n````/);
  });

  it('cuts a huge selection and says so', () => {
    const q = prepareSelectionQuestion('Explain', { relativePath: 'big.cpp', languageId: 'cpp', startLine: 1, endLine: 20000, text: 'x'.repeat(MAX_SELECTION_CHARS * 2) });
    assert.ok(q.text.length < MAX_SELECTION_CHARS + 500);
    assert.match(q.text, /Selection cut to the first 40,000 characters/);
  });
});
