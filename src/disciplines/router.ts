import { disciplineById, type Discipline } from './catalog';

/** What the router looks at: the prompt, and the file it is about when there is one. */
export interface RoutingInput {
  readonly prompt: string;
  /** VS Code language id of the file the question is about (e.g. `hlsl`, `csharp`). */
  readonly languageId?: string;
  /** File name or path of that file (its extension counts: `.shader`, `.usf`, `.gd`). */
  readonly fileName?: string;
}

export interface RoutingResult {
  readonly discipline: Discipline;
  /** 0..1: how clearly the input points at this discipline. */
  readonly confidence: number;
  /** Why: the terms and file facts that counted, for the output channel. */
  readonly reasons: readonly string[];
}

/** Keyword patterns per discipline; a pattern is a word or phrase matched on word boundaries. */
const KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  shader: ['shader', 'shaders', 'hlsl', 'glsl', 'wgsl', 'shaderlab', 'shader graph', 'material graph', 'compute shader', 'fragment', 'vertex shader', 'pixel shader', 'uniform', 'sampler2d', 'texture2d', 'float4', 'vec3', 'vec4', 'cbuffer', 'semantic', 'sv_target', 'sv_position', 'gl_fragcolor', 'dithering', 'fresnel', 'toon shading', 'cel shading'],
  rendering: ['rendering', 'render pipeline', 'ray tracing', 'raytracing', 'nanite', 'lumen', 'deferred', 'forward+', 'urp', 'hdrp', 'draw call', 'draw calls', 'gpu', 'vulkan', 'directx', 'dx12', 'metal', 'culling', 'shadow map', 'shadows', 'lod', 'global illumination', 'post-processing', 'frame time', 'overdraw', 'batching', 'instancing'],
  multiplayer: ['netcode', 'multiplayer', 'rollback', 'lag compensation', 'client prediction', 'client-side prediction', 'server reconciliation', 'replication', 'replicated', 'rpc', 'rpcs', 'lobby', 'lobbies', 'matchmaking', 'dedicated server', 'dedicated servers', 'mirror', 'photon', 'netcode for gameobjects', 'steamworks', 'p2p', 'peer-to-peer', 'tick rate', 'snapshot interpolation', 'desync', 'latency', 'packet', 'packets', 'udp'],
  animation: ['animation', 'animator', 'blend tree', 'blend space', 'state machine', 'inverse kinematics', 'ik', 'fk', 'retarget', 'retargeting', 'root motion', 'skeletal', 'skinning', 'montage', 'anim graph', 'animgraph', 'mocap', 'keyframe', 'keyframes'],
  narrative: ['dialogue', 'dialog tree', 'branching', 'story', 'storyline', 'quest', 'quests', 'lore', 'npc backstory', 'backstory', 'character arc', 'narrative', 'ink', 'yarn spinner', 'barks', 'cutscene script'],
  design: ['game balance', 'balancing', 'economy', 'progression', 'meta loop', 'core loop', 'difficulty curve', 'loot table', 'drop rates', 'xp curve', 'game design', 'monetization', 'player retention'],
  audio: ['audio', 'sound', 'sfx', 'fmod', 'wwise', 'spatial audio', 'reverb', 'mixer', 'music', 'footsteps', 'audio source', 'metasounds'],
  vfx: ['vfx', 'niagara', 'particle', 'particles', 'particle system', 'vfx graph', 'trail', 'trails', 'beam', 'beams', 'explosion effect', 'shuriken'],
  qa: ['test plan', 'test plans', 'bug triage', 'regression test', 'regression', 'qa', 'test coverage', 'unit test', 'unit tests', 'playtest', 'repro steps', 'automated tests'],
  localization: ['localization', 'localisation', 'translation', 'translate', 'string table', 'string tables', 'l10n', 'i18n', 'locale', 'right-to-left', 'rtl', 'pluralization'],
  art: ['pbr', 'albedo', 'roughness', 'metallic', 'normal map', 'texture', 'textures', 'look dev', 'lighting setup', 'color grading', 'materials', 'material'],
  'ui-ux': ['ui', 'ux', 'hud', 'menu', 'menus', 'umg', 'ui toolkit', 'ugui', 'canvas', 'widget', 'widgets', 'accessibility', 'controller navigation'],
  physics: ['physics', 'rigidbody', 'rigid body', 'collision', 'collider', 'colliders', 'raycast', 'character controller', 'ragdoll', 'chaos physics', 'physx', 'joint', 'joints', 'gravity'],
  'level-design': ['level design', 'blockout', 'greybox', 'graybox', 'encounter design', 'pacing', 'level layout', 'navmesh'],
  'environment-art': ['environment art', 'terrain', 'foliage', 'modular kit', 'set dressing', 'landscape'],
  'character-art': ['character model', 'character art', 'topology', 'hair cards', 'cloth simulation'],
  sculpting: ['sculpt', 'sculpting', 'zbrush', 'high-poly', 'high poly', 'baking normals', 'retopology'],
  tools: ['editor tool', 'editor tools', 'custom inspector', 'property drawer', 'editor window', 'plugin', 'editor utility', 'scriptable wizard', 'tool script'],
  pipeline: ['asset pipeline', 'import pipeline', 'build pipeline', 'addressables', 'asset bundle', 'asset bundles', 'cook', 'cooking', 'perforce', 'ci/cd', 'build server', 'fbx export'],
  production: ['milestone', 'milestones', 'sprint', 'roadmap', 'scope', 'schedule', 'production plan', 'vertical slice', 'greenlight'],
  'live-ops': ['live ops', 'liveops', 'live event', 'live events', 'battle pass', 'season pass', 'a/b test', 'remote config', 'daily rewards'],
  programming: ['architecture', 'code review', 'refactor', 'refactoring', 'design pattern', 'ecs', 'dots', 'blueprint', 'blueprints', 'c++', 'c#', 'gdscript', 'coroutine', 'coroutines', 'async', 'memory leak', 'garbage collection', 'gc', 'null reference', 'nullreferenceexception', 'compile error', 'performance', 'optimize', 'singleton', 'dependency injection', 'scriptableobject', 'monobehaviour', 'uobject', 'uproperty', 'ufunction', 'actor', 'component', 'node', 'signal', 'signals'],
};

/** Language ids and file extensions that decide the discipline on their own weight. */
const LANGUAGE_HINTS: Readonly<Record<string, string>> = {
  hlsl: 'shader',
  glsl: 'shader',
  wgsl: 'shader',
  shaderlab: 'shader',
  cg: 'shader',
  'unity-shader': 'shader',
  metal: 'shader',
};
const EXTENSION_HINTS: Readonly<Record<string, string>> = {
  '.hlsl': 'shader',
  '.hlsli': 'shader',
  '.glsl': 'shader',
  '.vert': 'shader',
  '.frag': 'shader',
  '.comp': 'shader',
  '.geom': 'shader',
  '.tesc': 'shader',
  '.tese': 'shader',
  '.wgsl': 'shader',
  '.shader': 'shader',
  '.cginc': 'shader',
  '.compute': 'shader',
  '.usf': 'shader',
  '.ush': 'shader',
  '.gdshader': 'shader',
  '.metal': 'shader',
  '.ink': 'narrative',
  '.yarn': 'narrative',
  '.po': 'localization',
  '.xliff': 'localization',
  '.anim': 'animation',
  '.controller': 'animation',
  '.uss': 'ui-ux',
  '.uxml': 'ui-ux',
};

/** A file hint is strong evidence; a keyword is one point, a multi-word phrase two. */
const FILE_HINT_WEIGHT = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pre-compiled matchers: word boundaries that also work around `c++`, `c#` and `a/b`. */
const MATCHERS: ReadonlyArray<{ readonly discipline: string; readonly term: string; readonly re: RegExp; readonly weight: number }> =
  Object.entries(KEYWORDS).flatMap(([discipline, terms]) =>
    terms.map((term) => ({
      discipline,
      term,
      re: new RegExp(`(?:^|[^a-z0-9])${escapeRegExp(term)}(?=$|[^a-z0-9+#])`, 'i'),
      // Programming is the catch-all for code talk, so its terms count half.
      weight: (/\s/.test(term) ? 2 : 1) * (discipline === 'programming' ? 0.5 : 1),
    })),
  );

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * Predicts which specialist should answer, the way `monster-gpt` does on the gateway: from the
 * prompt's terms and the file's language. Used to show a prediction before the gateway answers,
 * and to pick the specialist prompt for gateways that do not route.
 */
export class DisciplineRouter {
  predict(input: RoutingInput): RoutingResult {
    const scores = new Map<string, number>();
    const reasons: string[] = [];
    const add = (discipline: string, weight: number, reason: string): void => {
      scores.set(discipline, (scores.get(discipline) ?? 0) + weight);
      reasons.push(reason);
    };

    const language = input.languageId?.toLowerCase();
    if (language && LANGUAGE_HINTS[language]) {
      add(LANGUAGE_HINTS[language], FILE_HINT_WEIGHT, `language ${language}`);
    }
    const ext = input.fileName ? extensionOf(input.fileName) : '';
    if (ext && EXTENSION_HINTS[ext] && !(language && LANGUAGE_HINTS[language] === EXTENSION_HINTS[ext])) {
      add(EXTENSION_HINTS[ext], FILE_HINT_WEIGHT, `file ${ext}`);
    }
    for (const m of MATCHERS) {
      if (m.re.test(input.prompt)) {
        add(m.discipline, m.weight, `"${m.term}"`);
      }
    }

    let best = 'general';
    let bestScore = 0;
    let total = 0;
    for (const [discipline, score] of scores) {
      total += score;
      // Ties go to the more specific discipline: programming is the catch-all for code talk.
      if (score > bestScore || (score === bestScore && best === 'programming')) {
        best = discipline;
        bestScore = score;
      }
    }
    const confidence = bestScore === 0 ? 0 : Math.min(1, (bestScore / total) * Math.min(1, bestScore / 3));
    return { discipline: disciplineById(best), confidence, reasons };
  }
}
