import * as assert from 'node:assert/strict';
import { CONSENT_KEY, LanguageModelConsent, type ConsentMemory } from '../../src/vscodeChat/consent';

const OWN = 'monstergaming.monster-gaming';

function memory(initial: Record<string, unknown> = {}): ConsentMemory & { values: Record<string, unknown> } {
  const values: Record<string, unknown> = { ...initial };
  return { values, get: <T>(key: string) => values[key] as T | undefined, update: (key, value) => Promise.resolve(void (values[key] = value)) };
}

/** A consent whose question is answered by `answers` in turn, recording who was asked. */
function consent(answers: Array<boolean | undefined | Error>, store = memory()): { consent: LanguageModelConsent; asked: string[]; store: typeof store } {
  const asked: string[] = [];
  const c = new LanguageModelConsent({
    ownId: OWN,
    memory: store,
    ask: (name) => {
      asked.push(name);
      const answer = answers.shift();
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    nameOf: (id) => (id === 'acme.helper' ? 'Acme Helper' : id),
    log: () => undefined,
  });
  return { consent: c, asked, store };
}

describe('language model consent: another extension spending the key', () => {
  it('never asks for VS Code itself, its Chat view (Copilot Chat), this extension, or a caller VS Code does not name', async () => {
    const { consent: c, asked } = consent([]);
    for (const initiator of ['core', 'github.copilot-chat', OWN, 'MonsterGaming.Monster-Gaming', undefined, '']) {
      assert.deepEqual(await c.check(initiator), { allowed: true }, String(initiator));
    }
    assert.deepEqual(asked, []);
  });

  it('asks another extension\'s first request, and remembers Allow', async () => {
    const { consent: c, asked, store } = consent([true]);
    assert.deepEqual(await c.check('acme.helper'), { allowed: true });
    assert.deepEqual(await c.check('Acme.Helper'), { allowed: true });
    assert.deepEqual(asked, ['Acme Helper'], 'asked once');
    assert.deepEqual(store.values[CONSENT_KEY], { 'acme.helper': 'allowed' });
  });

  it('remembers Don\'t Allow: refused every time, without asking again', async () => {
    const { consent: c, asked } = consent([false]);
    assert.deepEqual(await c.check('acme.helper'), { allowed: false, reason: 'denied', callerName: 'Acme Helper' });
    assert.deepEqual(await c.check('acme.helper'), { allowed: false, reason: 'denied', callerName: 'Acme Helper' });
    assert.equal(asked.length, 1);
  });

  it('an unanswered question (dismissed, or no dialog possible) refuses this request and asks again next time', async () => {
    const { consent: c, asked, store } = consent([undefined, new Error('DialogService: refused to show dialog in tests.'), true]);
    assert.deepEqual(await c.check('acme.helper'), { allowed: false, reason: 'unanswered', callerName: 'Acme Helper' });
    assert.deepEqual(await c.check('acme.helper'), { allowed: false, reason: 'unanswered', callerName: 'Acme Helper' });
    assert.equal(store.values[CONSENT_KEY], undefined, 'nothing remembered');
    assert.deepEqual(await c.check('acme.helper'), { allowed: true });
    assert.equal(asked.length, 3);
  });

  it('asks once for concurrent requests of the same extension', async () => {
    let release: (answer: boolean) => void = () => undefined;
    const asked: string[] = [];
    const c = new LanguageModelConsent({
      ownId: OWN,
      memory: memory(),
      ask: (name) => {
        asked.push(name);
        return new Promise((resolve) => (release = resolve));
      },
      nameOf: (id) => id,
      log: () => undefined,
    });
    const both = Promise.all([c.check('acme.helper'), c.check('acme.helper')]);
    await new Promise((resolve) => setImmediate(resolve));
    release(true);
    assert.deepEqual(await both, [{ allowed: true }, { allowed: true }]);
    assert.equal(asked.length, 1);
  });

  it('keeps each extension\'s answer apart, and Reset forgets them all', async () => {
    const { consent: c, asked } = consent([true, false, true]);
    await c.check('acme.helper');
    assert.deepEqual(await c.check('other.tool'), { allowed: false, reason: 'denied', callerName: 'other.tool' });
    assert.deepEqual(await c.check('acme.helper'), { allowed: true });
    await c.reset();
    assert.deepEqual(await c.check('other.tool'), { allowed: true });
    assert.deepEqual(asked, ['Acme Helper', 'other.tool', 'other.tool']);
  });
});
