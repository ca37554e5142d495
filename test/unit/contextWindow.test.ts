import * as assert from 'node:assert/strict';
import { ContextTooLargeError, fitToBodyLimit, GATEWAY_BODY_LIMIT_BYTES, requestBodyBytes } from '../../src/chat/contextWindow';
import type { ChatTurn } from '../../src/gateway/client';

const turn = (role: 'user' | 'assistant', size: number, tag: string): ChatTurn => ({ role, content: `${tag}:` + 'x'.repeat(size) });

describe('fitting the conversation under the 64 KB body limit', () => {
  const system: ChatTurn[] = [{ role: 'system', content: 'Engine: Unity 2022.3. Language: C#.' }];

  it('keeps everything when it fits', () => {
    const turns = [turn('user', 100, 'q1'), turn('assistant', 100, 'a1'), turn('user', 100, 'q2')];
    const result = fitToBodyLimit('monster-gpt', system, turns);
    assert.equal(result.droppedTurns, 0);
    assert.deepEqual(result.messages, [...system, ...turns]);
    assert.equal(result.bodyBytes, requestBodyBytes('monster-gpt', result.messages));
  });

  it('drops the oldest turns first, in question/answer pairs, and stays under the limit', () => {
    const turns: ChatTurn[] = [];
    for (let i = 0; i < 10; i++) {
      turns.push(turn('user', 4000, `q${i}`), turn('assistant', 8000, `a${i}`));
    }
    turns.push(turn('user', 1000, 'latest'));
    const result = fitToBodyLimit('monster-gpt', system, turns);
    assert.ok(result.droppedTurns > 0);
    assert.ok(result.bodyBytes <= GATEWAY_BODY_LIMIT_BYTES);
    assert.equal(result.messages[0], system[0], 'system messages stay');
    assert.equal(result.messages[1].role, 'user', 'history never starts with an answer');
    assert.equal(result.messages.at(-1)?.content.startsWith('latest:'), true, 'the newest question stays');
    // What was dropped is exactly the oldest: the first kept user turn follows the dropped ones.
    const firstKept = Number(/^q(\d+):/.exec(result.messages[1].content)?.[1]);
    assert.equal(result.droppedTurns, firstKept * 2);
  });

  it('keeps as many turns as fit: one more pair would be over the limit (1,000 messages)', () => {
    const turns: ChatTurn[] = Array.from({ length: 1000 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `${i % 2 === 0 ? 'q' : 'a'}${i}: ${'x'.repeat(2000)}` }));
    const result = fitToBodyLimit('monster-gpt', system, turns, GATEWAY_BODY_LIMIT_BYTES, { allow_fallback: true });
    assert.equal(result.bodyBytes, requestBodyBytes('monster-gpt', result.messages, { allow_fallback: true }), 'the size is the real body size');
    assert.ok(result.bodyBytes <= GATEWAY_BODY_LIMIT_BYTES - 2048);
    const oneMore = [...system, ...turns.slice(result.droppedTurns - 2)];
    assert.ok(requestBodyBytes('monster-gpt', oneMore, { allow_fallback: true }) > GATEWAY_BODY_LIMIT_BYTES - 2048, 'no pair was dropped needlessly');
  });

  it('counts multi-byte characters as the gateway does (UTF-8 bytes)', () => {
    const emoji = '🐉'.repeat(9000); // 4 bytes each: 36 KB
    const turns: ChatTurn[] = [{ role: 'user', content: emoji }, { role: 'assistant', content: emoji }, { role: 'user', content: 'and?' }];
    const result = fitToBodyLimit('monster-gpt', [], turns);
    assert.equal(result.droppedTurns, 2);
  });

  it('refuses a single question that is over the limit', () => {
    assert.throws(() => fitToBodyLimit('monster-gpt', system, [turn('user', 70_000, 'huge')]), ContextTooLargeError);
  });
});
