/**
 * `monster-gpt` routing: picks the discipline specialist for a prompt by keywords, the way the
 * real gateway names one in `X-Monster-Discipline`.
 *
 * Keyword scoring is crude on purpose: it is deterministic, easy to steer from a test ("ask about
 * HLSL" → `shader`), and close enough to the real router for demos.
 */
import type { Tier } from './keys';

export interface Discipline {
  /** Machine id, as sent in `X-Monster-Discipline` (matches the extension's setting values). */
  readonly id: string;
  /** Specialist title from the reference ("Technical Artist"). */
  readonly specialist: string;
  /** Lower-case keywords and phrases; a phrase of n words scores n. */
  readonly keywords: readonly string[];
}

/** Earlier entries win ties, so the specific disciplines come before the broad ones. */
export const DISCIPLINES: readonly Discipline[] = [
  { id: 'shader', specialist: 'Technical Artist', keywords: ['hlsl', 'glsl', 'wgsl', 'shader', 'shaders', 'shader graph', 'shadergraph', 'shaderlab', 'material graph', 'compute shader', 'vertex shader', 'pixel shader', 'fragment shader', 'gdshader', 'sampler2d', 'dissolve'] },
  { id: 'multiplayer', specialist: 'Network Engineer', keywords: ['netcode', 'rollback', 'lobby', 'lobbies', 'matchmaking', 'replication', 'replicated', 'replicate', 'dedicated server', 'multiplayer', 'client prediction', 'lag compensation', 'rpc', 'rpcs', 'networking', 'server authoritative', 'tick rate', 'photon', 'mirror', 'fishnet'] },
  { id: 'rendering', specialist: 'Rendering Engineer', keywords: ['ray tracing', 'raytracing', 'nanite', 'lumen', 'deferred', 'deferred shading', 'forward+', 'render pipeline', 'urp', 'hdrp', 'draw call', 'draw calls', 'gpu', 'frame graph', 'shadow map', 'shadows', 'global illumination', 'occlusion culling', 'vulkan', 'directx', 'd3d12', 'post-processing', 'post processing', 'anti-aliasing', 'taa', 'rendering'] },
  { id: 'vfx', specialist: 'VFX Artist', keywords: ['niagara', 'particle', 'particles', 'particle system', 'vfx', 'vfx graph', 'beam', 'beams', 'trail', 'trails', 'explosion', 'muzzle flash', 'visual effect'] },
  { id: 'animation', specialist: 'Animator', keywords: ['animation', 'animations', 'animator', 'blend tree', 'blend space', 'state machine', 'ik', 'fk', 'inverse kinematics', 'retarget', 'retargeting', 'root motion', 'skeletal', 'rigging', 'mocap', 'montage', 'animation tree'] },
  { id: 'audio', specialist: 'Audio Director', keywords: ['fmod', 'wwise', 'audio', 'sound', 'sounds', 'sound design', 'sfx', 'music', 'spatial audio', 'reverb', 'footstep', 'footsteps', 'metasounds'] },
  { id: 'narrative', specialist: 'Narrative Director', keywords: ['dialogue', 'dialog', 'branching', 'branching story', 'story', 'quest', 'quests', 'lore', 'narrative', 'yarn spinner', 'ink', 'character arc', 'barks', 'npc dialogue'] },
  { id: 'localization', specialist: 'Localization Lead', keywords: ['localization', 'localisation', 'localize', 'translation', 'translations', 'translate', 'string table', 'string tables', 'i18n', 'l10n', 'locale', 'cultural adaptation'] },
  { id: 'qa', specialist: 'QA Lead', keywords: ['test plan', 'bug triage', 'triage', 'qa', 'regression', 'coverage', 'coverage analysis', 'unit test', 'unit tests', 'automated test', 'automated tests', 'test case', 'test cases', 'repro steps'] },
  { id: 'level-design', specialist: 'Level Designer', keywords: ['level design', 'blockout', 'greybox', 'graybox', 'level layout', 'encounter design', 'sightlines'] },
  { id: 'design', specialist: 'Design Director', keywords: ['game balance', 'balance', 'balancing', 'economy', 'progression', 'meta', 'loot table', 'drop rates', 'difficulty curve', 'game design', 'core loop', 'retention', 'monetization', 'xp curve'] },
  { id: 'environment-art', specialist: 'Environment Artist', keywords: ['environment art', 'modular kit', 'foliage', 'terrain', 'landscape', 'set dressing', 'trim sheet'] },
  { id: 'character-art', specialist: 'Character Artist', keywords: ['character art', 'character model', 'hair cards', 'outfit', 'skin shading'] },
  { id: 'sculpting', specialist: 'Sculptor', keywords: ['zbrush', 'sculpt', 'sculpting', 'high poly', 'retopology', 'retopo'] },
  { id: 'art', specialist: 'Look Dev', keywords: ['pbr', 'texture', 'textures', 'texturing', 'albedo', 'roughness', 'look dev', 'lookdev', 'lighting', 'material', 'materials', 'substance', 'color palette', 'normal map'] },
  { id: 'ui-ux', specialist: 'UI/UX Designer', keywords: ['ui', 'ux', 'hud', 'menu', 'menus', 'umg', 'ui toolkit', 'ugui', 'accessibility', 'inventory screen', 'health bar', 'user interface'] },
  { id: 'physics', specialist: 'Physics Programmer', keywords: ['physics', 'rigidbody', 'rigidbody2d', 'collision', 'collisions', 'collider', 'raycast', 'chaos physics', 'physx', 'ragdoll', 'cloth', 'character controller'] },
  { id: 'production', specialist: 'Producer', keywords: ['milestone', 'milestones', 'roadmap', 'sprint', 'scope', 'schedule', 'producer', 'production', 'vertical slice'] },
  { id: 'tools', specialist: 'Tools Programmer', keywords: ['editor tool', 'editor window', 'custom inspector', 'editor extension', 'editor script', 'editor utility', 'tooling', 'plugin'] },
  { id: 'pipeline', specialist: 'Pipeline TD', keywords: ['asset pipeline', 'build pipeline', 'continuous integration', 'ci', 'perforce', 'import settings', 'asset bundle', 'addressables', 'build server', 'fbx export', 'cook'] },
  { id: 'live-ops', specialist: 'Live Ops Lead', keywords: ['live ops', 'liveops', 'live service', 'season pass', 'battle pass', 'remote config', 'a/b test', 'limited-time event'] },
  { id: 'programming', specialist: 'Technical Director', keywords: ['c#', 'c++', 'blueprint', 'blueprints', 'architecture', 'code review', 'refactor', 'script', 'scripting', 'gdscript', 'class', 'function', 'method', 'nullreferenceexception', 'null reference', 'compile error', 'compiler', 'exception', 'design pattern', 'ecs', 'dots', 'coroutine', 'async', 'memory leak', 'performance', 'optimize', 'bug', 'crash', 'stack trace', 'compiler error', 'syntax error', 'type error'] },
];

/** Used when nothing matches, and always for Free / Pay-as-you-go keys. */
export const GENERAL: Discipline = { id: 'general', specialist: 'Game Dev Generalist', keywords: [] };

/** Tiers that only get the generalist ("Free/PAYG users get general only"). */
const GENERAL_ONLY: ReadonlySet<Tier> = new Set<Tier>(['free', 'payg']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/#]/g, '\\$&');
}

/** One compiled pattern per keyword; word boundaries that also work for `c#` and `forward+`. */
const MATCHERS: ReadonlyArray<{ readonly discipline: Discipline; readonly weight: number; readonly pattern: RegExp }> =
  DISCIPLINES.flatMap((discipline) =>
    discipline.keywords.map((keyword) => ({
      discipline,
      weight: keyword.split(/\s+/).length,
      pattern: new RegExp(`(?<![a-z0-9])${escapeRegExp(keyword)}(?![a-z0-9])`, 'i'),
    })),
  );

/** Adds `weight` × keyword weight to every discipline named in `text`. */
function score(text: string, weight: number, scores: Map<Discipline, number>): void {
  for (const matcher of MATCHERS) {
    if (matcher.pattern.test(text)) {
      scores.set(matcher.discipline, (scores.get(matcher.discipline) ?? 0) + matcher.weight * weight);
    }
  }
}

/** The discipline with the highest score (earlier entries win ties), or `general` for none. */
function best(scores: ReadonlyMap<Discipline, number>): Discipline {
  let winner: Discipline = GENERAL;
  let winnerScore = 0;
  for (const discipline of DISCIPLINES) {
    const value = scores.get(discipline) ?? 0;
    if (value > winnerScore) {
      winner = discipline;
      winnerScore = value;
    }
  }
  return winner;
}

/** The best discipline for `text` alone, or `general` when no keyword matches. */
export function classify(text: string): Discipline {
  const scores = new Map<Discipline, number>();
  score(text, 1, scores);
  return best(scores);
}

/**
 * Routes a conversation by the last user message plus any system message. The question counts
 * three times as much as the system message, so "Engine: Unity. Language: C#." only decides when
 * the question itself names no discipline.
 */
export function route(question: string, system: string, tier: Tier): Discipline {
  if (GENERAL_ONLY.has(tier)) return GENERAL;
  const scores = new Map<Discipline, number>();
  score(question, 3, scores);
  score(system, 1, scores);
  return best(scores);
}

/**
 * Like `route`, but a discipline the request itself settles wins (a fix for a shader file goes to
 * `shader` whatever words its code contains); Free/PAYG keys still get `general`.
 */
export function routeWith(preferred: string | undefined, question: string, system: string, tier: Tier): Discipline {
  if (GENERAL_ONLY.has(tier)) return GENERAL;
  const discipline = preferred === undefined ? undefined : DISCIPLINES.find((d) => d.id === preferred);
  return discipline ?? route(question, system, tier);
}

export function findDiscipline(id: string): Discipline {
  return DISCIPLINES.find((d) => d.id === id) ?? GENERAL;
}
