import * as assert from 'node:assert/strict';
import { disciplineById, disciplineLabel, normalizeDisciplineId, specialistPrompt } from '../../src/disciplines/catalog';
import { DisciplineRouter } from '../../src/disciplines/router';

describe('DisciplineRouter', () => {
  const router = new DisciplineRouter();
  const predict = (prompt: string, languageId?: string, fileName?: string): string => router.predict({ prompt, languageId, fileName }).discipline.id;

  it('routes shader questions to the shader specialist', () => {
    assert.equal(predict('Why does my HLSL fragment shader output black?'), 'shader');
    assert.equal(predict('Convert this GLSL to a Unity Shader Graph'), 'shader');
  });

  it('routes netcode questions to multiplayer', () => {
    assert.equal(predict('How do I implement rollback netcode for a fighting game in Unreal Engine 5?'), 'multiplayer');
    assert.equal(predict('client-side prediction and server reconciliation for my lobby'), 'multiplayer');
  });

  it('routes other disciplines by their terms', () => {
    assert.equal(predict('Set up a blend tree with root motion for my locomotion'), 'animation');
    assert.equal(predict('Write branching dialogue for a quest giver with lore about the old kingdom'), 'narrative');
    assert.equal(predict('My Niagara particles trail behind the sword'), 'vfx');
    assert.equal(predict('Mix footsteps in FMOD with spatial audio'), 'audio');
    assert.equal(predict('Is Lumen or baked global illumination better for draw calls?'), 'rendering');
    assert.equal(predict('Extract string tables for localization into French'), 'localization');
  });

  it('lets the file decide when the prompt is generic', () => {
    assert.equal(predict('What does this do?', 'hlsl'), 'shader');
    assert.equal(predict('What does this do?', 'plaintext', 'Assets/Shaders/Water.shader'), 'shader');
    assert.equal(predict('What does this do?', 'cpp', 'Source/Shaders/Private/Bloom.usf'), 'shader');
    assert.equal(predict('Explain this code', 'csharp', 'Assets/Scripts/Player.cs'), 'general');
  });

  it('prefers a specific discipline over programming on a tie', () => {
    assert.equal(predict('Refactor this C# netcode'), 'multiplayer');
  });

  it('falls back to general with zero confidence when nothing matches', () => {
    const result = router.predict({ prompt: 'hello there' });
    assert.equal(result.discipline.id, 'general');
    assert.equal(result.confidence, 0);
    assert.deepEqual(result.reasons, []);
  });

  it('does not match terms inside other words', () => {
    // "ui" must not match "build", "fk" must not match "fkey" etc.
    assert.notEqual(predict('guide me through the build'), 'ui-ux');
  });

  it('explains its choice', () => {
    const result = router.predict({ prompt: 'fix my shader', languageId: 'glsl' });
    assert.ok(result.reasons.includes('language glsl'));
    assert.ok(result.reasons.includes('"shader"'));
    assert.ok(result.confidence > 0.5);
  });
});

describe('discipline catalog', () => {
  it('labels disciplines as "Name · Specialist"', () => {
    assert.equal(disciplineLabel(disciplineById('shader')), 'Shader · Technical Artist');
    assert.equal(disciplineLabel(disciplineById('multiplayer')), 'Multiplayer · Network Engineer');
  });

  it('accepts the gateway spellings of ids', () => {
    assert.equal(normalizeDisciplineId('UI/UX'), 'ui-ux');
    assert.equal(normalizeDisciplineId('live_ops'), 'live-ops');
    assert.equal(disciplineById('Level Design').specialist, 'Level Designer');
  });

  it('synthesizes a readable label for ids it does not know', () => {
    const d = disciplineById('motion_matching');
    assert.equal(d.name, 'Motion Matching');
    assert.equal(disciplineLabel(d), 'Motion Matching · Specialist');
  });

  it('gives each specialist its own prompt', () => {
    assert.match(specialistPrompt(disciplineById('shader')), /Technical Artist/);
    assert.notEqual(specialistPrompt(disciplineById('shader')), specialistPrompt(disciplineById('audio')));
  });
});
