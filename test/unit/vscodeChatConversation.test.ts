import * as assert from 'node:assert/strict';
import { chooseDiscipline } from '../../src/answering/routing';
import { disciplineById } from '../../src/disciplines/catalog';
import { DisciplineRouter } from '../../src/disciplines/router';
import { answerHeader, conversationPin, conversationTurns, findDiscipline, parseDisciplineCommand, type HistoryTurn } from '../../src/vscodeChat/conversation';
import { estimateTokens, toGatewayMessages } from '../../src/vscodeChat/lmMessages';

describe('@monster conversation (Chat view history)', () => {
  const shader = answerHeader(disciplineById('shader'));

  it('names the specialist in a bold header line', () => {
    assert.equal(shader, '**Shader · Technical Artist**\n\n');
  });

  it('carries answered questions and their answers, without the header, the fixes or the failures', () => {
    const history: HistoryTurn[] = [
      { kind: 'request', prompt: 'Why is my water flat?' },
      { kind: 'response', text: `${shader}Add a fresnel term.`, metadata: { discipline: 'shader', header: shader, conversational: true } },
      { kind: 'request', prompt: '', command: 'fix' },
      { kind: 'response', text: 'Fix for `CS0029`: unquoted.', metadata: { command: 'fix' } },
      { kind: 'request', prompt: 'And foam?' },
      { kind: 'response', text: '', metadata: { conversational: false } },
      { kind: 'request', prompt: '', command: 'explain' },
      { kind: 'response', text: 'It is a type error.', metadata: { command: 'explain', sent: 'Explain this error: CS0029', conversational: true } },
    ];
    assert.deepEqual(conversationTurns(history), [
      { role: 'user', content: 'Why is my water flat?' },
      { role: 'assistant', content: 'Add a fresnel term.' },
      { role: 'user', content: 'Explain this error: CS0029' },
      { role: 'assistant', content: 'It is a type error.' },
    ]);
  });

  it('ignores turns another participant or an older version left without metadata', () => {
    assert.deepEqual(conversationTurns([{ kind: 'request', prompt: 'hi' }, { kind: 'response', text: 'hello' }]), []);
    assert.deepEqual(conversationTurns([{ kind: 'response', text: 'orphan', metadata: { conversational: true } }]), []);
  });

  it('remembers the latest pin of the conversation', () => {
    assert.equal(conversationPin([]), undefined);
    const history: HistoryTurn[] = [
      { kind: 'request', prompt: 'shader', command: 'discipline' },
      { kind: 'response', text: 'Pinned', metadata: { command: 'discipline', pin: 'shader' } },
      { kind: 'request', prompt: 'q' },
      { kind: 'response', text: 'a', metadata: { pin: 'shader', conversational: true } },
      { kind: 'request', prompt: 'auto', command: 'discipline' },
      { kind: 'response', text: 'Back', metadata: { command: 'discipline', pin: 'auto' } },
    ];
    assert.equal(conversationPin(history), 'auto');
    assert.equal(conversationPin(history.slice(0, 4)), 'shader');
  });

  it('parses /discipline by id, name, specialist and multi-word names, with a question after it', () => {
    assert.deepEqual(parseDisciplineCommand(''), { kind: 'list' });
    assert.deepEqual(parseDisciplineCommand('shader'), { kind: 'pin', pin: 'shader', rest: '' });
    assert.deepEqual(parseDisciplineCommand('Technical Artist why is it black?'), { kind: 'pin', pin: 'shader', rest: 'why is it black?' });
    assert.deepEqual(parseDisciplineCommand('level design how do I pace a boss?'), { kind: 'pin', pin: 'level-design', rest: 'how do I pace a boss?' });
    assert.deepEqual(parseDisciplineCommand('UI/UX'), { kind: 'pin', pin: 'ui-ux', rest: '' });
    assert.deepEqual(parseDisciplineCommand('Auto'), { kind: 'pin', pin: 'auto', rest: '' });
    assert.deepEqual(parseDisciplineCommand('wizardry please'), { kind: 'unknown', name: 'wizardry' });
    assert.equal(findDiscipline('Network Engineer')?.id, 'multiplayer');
    assert.equal(findDiscipline('  '), undefined);
  });
});

describe('Choosing who answers (the engine, for every surface)', () => {
  const router = new DisciplineRouter();

  it('honours a pin, else predicts from the question and its file', () => {
    assert.deepEqual(chooseDiscipline('audio', router, { text: 'shader?' }), { discipline: disciplineById('audio'), source: 'pinned' });
    const predicted = chooseDiscipline('auto', router, { text: 'What does this do?', languageId: 'hlsl' });
    assert.equal(predicted.discipline.id, 'shader');
    assert.equal(predicted.source, 'local');
  });
});

describe('Language model messages', () => {
  it('turns VS Code messages into gateway turns by role, reading text parts and tool results', () => {
    const text = (value: string): { value: string } => ({ value });
    assert.deepEqual(
      toGatewayMessages([
        { role: 3, content: [text('Be brief.')] },
        { role: 1, content: [text('Hello '), text('there'), { data: new Uint8Array(1), mimeType: 'image/png' }] },
        { role: 2, content: [text('Hi!')] },
        { role: 1, content: [{ callId: 'x', content: [text('tool says 42')] }] },
        { role: 1, content: [] },
        { role: 9, content: 'odd role' },
      ]),
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there' },
        { role: 'assistant', content: 'Hi!' },
        { role: 'user', content: 'tool says 42' },
        { role: 'user', content: 'odd role' },
      ],
    );
  });

  it('estimates tokens by piece: words, digits, symbols, line breaks (see lmTokens.test.ts for the real tokenizer)', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('abcdef'), 1);
    assert.equal(estimateTokens('abcdefghi'), 2);
    assert.equal(estimateTokens('1234'), 2);
    assert.equal(estimateTokens('f();\n'), 4);
  });
});
