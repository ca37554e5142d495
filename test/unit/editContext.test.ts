import * as assert from 'node:assert/strict';
import { ContextTooLargeError } from '../../src/answering/bodyLimit';
import { buildEditRequest, CONTEXT_LINES, EDIT_INSTRUCTIONS, MAX_INSTRUCTION_CHARS, type EditInput } from '../../src/edit/editContext';
import { MAX_LINE_CHARS, NEW_TEXT_MEANING } from '../../src/fix/fixContext';

const file = (count: number): string[] => Array.from({ length: count }, (_, i) => `float v${i + 1} = ${i + 1};`);

function input(lines: string[], startLine: number, endLine: number, extra: Partial<EditInput> = {}): EditInput {
  return { lines, relativePath: 'Assets/Shaders/Foam.hlsl', languageId: 'hlsl', instruction: 'rename foam to foamAmount', selection: { startLine, endLine }, systemContext: 'Language: HLSL.', model: 'monster-gpt', ...extra };
}

describe('Edit Selection: the exchange', () => {
  it('sends the instruction, the file and the selected lines numbered as for fixes, with context either side marked not to edit', () => {
    const request = buildEditRequest(input(file(100), 40, 42, { specialistPrompt: 'You are a senior Technical Artist.' }));
    const [system, user] = request.messages;
    assert.equal(system.content, `${EDIT_INSTRUCTIONS}\n\nLanguage: HLSL.\n\nYou are a senior Technical Artist.`);
    assert.ok(EDIT_INSTRUCTIONS.includes(NEW_TEXT_MEANING), 'an edit means what it means for fixes');
    const text = user.content.split('\n');
    assert.deepEqual(text.slice(0, 3), ['Instruction: rename foam to foamAmount', 'File: Assets/Shaders/Foam.hlsl (hlsl)', 'Selected lines: 40-42 of 100']);
    assert.ok(text.includes(`Context before the selection (lines ${40 - CONTEXT_LINES}-39, do not edit):`));
    assert.ok(text.includes('Code (lines 40-42 of 100, the selection):'));
    assert.ok(text.includes('Context after the selection (lines 43-57, do not edit):'));
    const code = text.indexOf('Code (lines 40-42 of 100, the selection):');
    assert.deepEqual(text.slice(code + 1, code + 4), ['  40 | float v40 = 40;', '  41 | float v41 = 41;', '  42 | float v42 = 42;']);
    assert.deepEqual(request.bounds, { lineCount: 100, allowed: { startLine: 40, endLine: 42 }, locked: [] }, 'edits stay inside the selected lines');
  });

  it('puts the rules in their own system message', () => {
    const rules = { role: 'system' as const, content: 'Project rules (the team\'s own; follow them):\n\nFrom AGENTS.md:\nhalf precision' };
    assert.deepEqual(buildEditRequest(input(file(5), 2, 3, { rules })).messages.map((m) => m.content.slice(0, 13)), [EDIT_INSTRUCTIONS.slice(0, 13), 'Project rules', 'Instruction: '.slice(0, 13)]);
  });

  it('locks selected lines that are too long to send whole', () => {
    const lines = file(10);
    lines[4] = 'x'.repeat(MAX_LINE_CHARS + 1);
    assert.deepEqual(buildEditRequest(input(lines, 3, 6)).bounds.locked, [5]);
  });

  it('keeps the instruction to one bounded line', () => {
    const request = buildEditRequest(input(file(5), 1, 1, { instruction: `rename a\nto b ${'z'.repeat(3000)}` }));
    const line = request.messages[1].content.split('\n')[0];
    assert.ok(line.startsWith('Instruction: rename a to b zzz'));
    assert.equal(line.length, 'Instruction: '.length + MAX_INSTRUCTION_CHARS + 1);
  });

  it('shrinks the context to fit, and refuses a selection too large to send whole', () => {
    const wide = Array.from({ length: 700 }, (_, i) => `// ${i} ${'w'.repeat(95)}`);
    const fits = buildEditRequest(input(wide, 100, 620));
    assert.ok(fits.contextLines < CONTEXT_LINES && fits.bodyBytes <= 64 * 1024 - 4 * 1024, `${fits.contextLines} context lines, ${fits.bodyBytes} bytes`);
    assert.throws(() => buildEditRequest(input(wide, 1, 700)), ContextTooLargeError);
  });
});
