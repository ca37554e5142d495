/**
 * The game-dev disciplines the Monster Gaming gateway routes to (CONTRACT.md, API reference
 * "Supported Disciplines"), with the specialist each stands for and the system prompt the
 * extension adds itself when the gateway does not route (any model other than `monster-gpt`).
 */

export interface Discipline {
  /** Id as the gateway names it in `X-Monster-Discipline`. */
  readonly id: string;
  /** Short name, e.g. "Shader". */
  readonly name: string;
  /** The specialist, e.g. "Technical Artist". */
  readonly specialist: string;
  /** What the specialist covers, for the picker's detail line. */
  readonly covers: string;
}

export const DISCIPLINES: readonly Discipline[] = [
  { id: 'programming', name: 'Programming', specialist: 'Technical Director', covers: 'Architecture, code review, C++/Blueprint, gameplay code' },
  { id: 'rendering', name: 'Rendering', specialist: 'Rendering Engineer', covers: 'Ray tracing, Nanite, Lumen, deferred shading, GPU performance' },
  { id: 'shader', name: 'Shader', specialist: 'Technical Artist', covers: 'HLSL, GLSL, material graphs, compute shaders' },
  { id: 'art', name: 'Art', specialist: 'Look Dev', covers: 'Materials, textures, PBR, lighting' },
  { id: 'animation', name: 'Animation', specialist: 'Animator', covers: 'Blend trees, state machines, IK/FK, retargeting' },
  { id: 'design', name: 'Design', specialist: 'Design Director', covers: 'Game balance, economy, progression, meta' },
  { id: 'narrative', name: 'Narrative', specialist: 'Narrative Director', covers: 'Dialogue, branching stories, quests, lore' },
  { id: 'multiplayer', name: 'Multiplayer', specialist: 'Network Engineer', covers: 'Netcode, rollback, matchmaking, lobbies, dedicated servers' },
  { id: 'qa', name: 'QA', specialist: 'QA Lead', covers: 'Test plans, bug triage, coverage analysis' },
  { id: 'localization', name: 'Localization', specialist: 'Localization Lead', covers: 'Translation, cultural adaptation, string tables' },
  { id: 'audio', name: 'Audio', specialist: 'Audio Director', covers: 'Sound design, FMOD, Wwise, spatial audio' },
  { id: 'vfx', name: 'VFX', specialist: 'VFX Artist', covers: 'Niagara, particles, beams, trails' },
  { id: 'environment-art', name: 'Environment Art', specialist: 'Environment Artist', covers: 'Terrain, foliage, modular kits, set dressing' },
  { id: 'character-art', name: 'Character Art', specialist: 'Character Artist', covers: 'Character modelling, rigging-ready topology, skin and cloth' },
  { id: 'sculpting', name: 'Sculpting', specialist: 'Sculptor', covers: 'High-poly sculpts, baking, retopology' },
  { id: 'ui-ux', name: 'UI/UX', specialist: 'UI/UX Designer', covers: 'HUDs, menus, UMG, UI Toolkit, accessibility' },
  { id: 'physics', name: 'Physics', specialist: 'Physics Programmer', covers: 'Rigid bodies, collision, character controllers, Chaos/PhysX' },
  { id: 'level-design', name: 'Level Design', specialist: 'Level Designer', covers: 'Blockouts, pacing, encounters, navigation' },
  { id: 'production', name: 'Production', specialist: 'Producer', covers: 'Scheduling, scope, milestones, team process' },
  { id: 'tools', name: 'Tools', specialist: 'Tools Programmer', covers: 'Editor tooling, custom inspectors, plugins, automation' },
  { id: 'pipeline', name: 'Pipeline', specialist: 'Pipeline TD', covers: 'Asset pipelines, import/export, build systems, CI for games' },
  { id: 'live-ops', name: 'Live Ops', specialist: 'Live Ops Lead', covers: 'Events, telemetry, A/B tests, content cadence' },
  { id: 'general', name: 'General', specialist: 'Game Dev Generalist', covers: 'Anything else about making games' },
];

const byId = new Map(DISCIPLINES.map((d) => [d.id, d]));

/** Accepts the gateway's spellings (`ui_ux`, `UI/UX`, `live ops`) as well as our ids. */
export function normalizeDisciplineId(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-')
    .replace(/[^a-z0-9-]/g, '');
}

/** The discipline with this id, or a synthesized one for ids the gateway adds later. */
export function disciplineById(raw: string): Discipline {
  const id = normalizeDisciplineId(raw);
  const known = byId.get(id);
  if (known) {
    return known;
  }
  const name = id
    .split('-')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
  return { id, name: name || 'General', specialist: 'Specialist', covers: '' };
}

export function isKnownDiscipline(raw: string): boolean {
  return byId.has(normalizeDisciplineId(raw));
}

/** "Shader · Technical Artist": how every answer names who answered. */
export function disciplineLabel(d: Discipline): string {
  return `${d.name} · ${d.specialist}`;
}

/**
 * The system prompt that turns a general model into the specialist. Used only when the gateway
 * does not route (the request's model is not `monster-gpt`), so the answer matches the label.
 */
export function specialistPrompt(d: Discipline): string {
  if (d.id === 'general') {
    return 'You are an experienced game developer helping a colleague inside their code editor. Answer precisely, prefer working code, and say which engine or API version an answer assumes.';
  }
  return (
    `You are a senior ${d.specialist} on a game team (discipline: ${d.name}; you cover ${d.covers}). ` +
    'Answer as that specialist would to a colleague inside their code editor: precise, practical, with working code where code helps, ' +
    'and say which engine or API version an answer assumes.'
  );
}
