/**
 * Canned specialist answers. Each one is real markdown (heading, bold, list, inline code, a
 * fenced block in the language that fits, a link) so the chat renderer, code-block actions and
 * link handling all get exercised by demos and tests.
 */

/** The engine family an answer's code is written for. */
export type Flavor = 'unity' | 'unreal' | 'godot';

export interface Snippet {
  /** Fence info string, e.g. `hlsl`, `csharp`, `cpp`, `gdscript`. */
  readonly lang: string;
  readonly source: string;
}

export interface AnswerBody {
  readonly title: string;
  readonly summary: string;
  readonly steps: readonly string[];
  /** `unity` doubles as the default when no engine is known. */
  readonly code: { readonly unity: Snippet } & Partial<Readonly<Record<Flavor, Snippet>>>;
  readonly link: { readonly text: string; readonly url: string };
}

const csharp = (source: string): Snippet => ({ lang: 'csharp', source });
const cpp = (source: string): Snippet => ({ lang: 'cpp', source });
const gdscript = (source: string): Snippet => ({ lang: 'gdscript', source });
const yaml = (source: string): Snippet => ({ lang: 'yaml', source });

const BODIES: Readonly<Record<string, AnswerBody>> = {
  shader: {
    title: 'Dissolve with a noise mask',
    summary: 'Sample a noise texture, `clip()` below a threshold and tint a thin band at the edge.',
    steps: ['Expose `_Threshold` and animate it from 0 to 1.', 'Use `step()` for a hard edge or `smoothstep()` for a soft glow.', 'Keep the noise texture in linear space (disable sRGB).'],
    code: {
      unity: { lang: 'hlsl', source: 'float4 DissolveFrag(float2 uv : TEXCOORD0) : SV_Target\n{\n    float noise = tex2D(_NoiseTex, uv).r;\n    clip(noise - _Threshold);\n    float edge = step(noise, _Threshold + _EdgeWidth);\n    return lerp(tex2D(_MainTex, uv), _EdgeColor, edge);\n}' },
      godot: { lang: 'glsl', source: 'shader_type spatial;\nuniform sampler2D noise_tex;\nuniform float threshold : hint_range(0.0, 1.0) = 0.5;\n\nvoid fragment() {\n    float n = texture(noise_tex, UV).r;\n    if (n < threshold) { discard; }\n    ALBEDO = vec3(1.0);\n}' },
    },
    link: { text: 'Shader programming guide', url: 'https://docs.unity3d.com/Manual/SL-ShaderPrograms.html' },
  },
  multiplayer: {
    title: 'Server-authoritative actions',
    summary: 'Let clients *request* actions and have the server validate and replicate the result.',
    steps: ['Send *input* to the server through an RPC (`ServerRpc`, `@rpc`, `UFUNCTION(Server)`), never the resulting state.', 'Replicate state from the server (`NetworkVariable`, `DOREPLIFETIME`, `MultiplayerSynchronizer`).', 'Predict locally and reconcile when the server state arrives; for fighting games, roll back and resimulate.'],
    code: {
      unity: csharp('public sealed class PlayerShooter : NetworkBehaviour\n{\n    [ServerRpc]\n    private void FireServerRpc(Vector3 aim)\n    {\n        if (!CanFire()) return; // the server decides, not the client\n        SpawnProjectile(aim);\n    }\n}'),
      unreal: cpp('void AShooterCharacter::GetLifetimeReplicatedProps(TArray<FLifetimeProperty>& OutLifetimeProps) const\n{\n    Super::GetLifetimeReplicatedProps(OutLifetimeProps);\n    DOREPLIFETIME(AShooterCharacter, Health);\n}'),
      godot: gdscript('@rpc("any_peer", "call_local", "reliable")\nfunc fire(aim: Vector3) -> void:\n    if not multiplayer.is_server():\n        return\n    spawn_projectile(aim)'),
    },
    link: { text: 'Netcode for GameObjects docs', url: 'https://docs-multiplayer.unity3d.com/' },
  },
  rendering: {
    title: 'Cut draw calls before anything else',
    summary: 'Profile first: most frame-time problems are draw calls, overdraw or shadow cascades.',
    steps: ['Open the `Frame Debugger` and count batches per pass.', 'Enable the SRP Batcher and GPU instancing on shared materials.', 'Lower `shadowDistance` and the cascade count on mid-range targets.'],
    code: {
      unity: csharp('// Combine static props so they share one draw call per material.\nStaticBatchingUtility.Combine(environmentRoot);\nQualitySettings.shadowDistance = 60f;\nQualitySettings.shadowCascades = 2;'),
      unreal: { lang: 'ini', source: '[/Script/Engine.RendererSettings]\nr.Nanite.MaxPixelsPerEdge=2\nr.Lumen.ScreenProbeGather.DownsampleFactor=32\nr.Shadow.Virtual.Enable=1' },
    },
    link: { text: 'Optimizing draw calls', url: 'https://docs.unity3d.com/Manual/optimizing-draw-calls.html' },
  },
  vfx: {
    title: 'Pooled, one-shot effects',
    summary: 'Spawn effects from a pool and let them return themselves when finished.',
    steps: ['Set `Stop Action` to *Callback* or *Disable*.', 'Cap `maxParticles` per system.', 'Use GPU particles for anything above a few thousand sprites.'],
    code: {
      unity: csharp('public void PlayHit(Vector3 point)\n{\n    ParticleSystem fx = pool.Get();\n    fx.transform.position = point;\n    fx.Play();\n}'),
      unreal: cpp('UNiagaraFunctionLibrary::SpawnSystemAtLocation(\n    GetWorld(), HitEffect, HitLocation, FRotator::ZeroRotator);'),
    },
    link: { text: 'Niagara overview', url: 'https://dev.epicgames.com/documentation/en-us/unreal-engine/overview-of-niagara-effects-for-unreal-engine' },
  },
  animation: {
    title: 'Blend trees driven by velocity',
    summary: 'Feed the animator the character speed and let a 1D blend tree pick idle, walk or run.',
    steps: ['Add a `Speed` float parameter.', 'Damp it with `SetFloat(name, value, dampTime, deltaTime)`.', 'Use root motion only when the animation owns the movement.'],
    code: {
      unity: csharp('private static readonly int Speed = Animator.StringToHash("Speed");\n\nprivate void Update()\n{\n    animator.SetFloat(Speed, controller.velocity.magnitude, 0.1f, Time.deltaTime);\n}'),
      godot: gdscript('func _physics_process(_delta: float) -> void:\n    $AnimationTree.set("parameters/locomotion/blend_position", velocity.length())'),
    },
    link: { text: 'Blend trees', url: 'https://docs.unity3d.com/Manual/class-BlendTree.html' },
  },
  audio: {
    title: 'Event-driven sound with FMOD',
    summary: 'Trigger events, not clips, so sound designers can change the mix without code.',
    steps: ['Name events by intent, e.g. `event:/SFX/Footstep`.', 'Pass surface type as a parameter.', 'Use 3D attributes so spatial audio works.'],
    code: {
      unity: csharp('public void OnFootstep(string surface)\n{\n    var instance = FMODUnity.RuntimeManager.CreateInstance("event:/SFX/Footstep");\n    instance.setParameterByNameWithLabel("Surface", surface);\n    instance.set3DAttributes(FMODUnity.RuntimeUtils.To3DAttributes(transform));\n    instance.start();\n    instance.release();\n}'),
    },
    link: { text: 'FMOD for Unity', url: 'https://www.fmod.com/docs/2.02/unity/welcome.html' },
  },
  narrative: {
    title: 'Branching dialogue as data',
    summary: 'Keep dialogue in data files with stable ids so writers and localizers can work in parallel.',
    steps: ['Give every line an `id` that never changes.', 'Gate choices on flags, e.g. `met_blacksmith`.', 'Keep barks separate from quest dialogue.'],
    code: { unity: { lang: 'json', source: '{\n  "id": "blacksmith_intro",\n  "speaker": "Brom",\n  "text": "A legendary sword? Bring me mithril.",\n  "choices": [\n    { "text": "I have mithril.", "requires": "has_mithril", "next": "forge" },\n    { "text": "Maybe later.", "next": "end" }\n  ]\n}' } },
    link: { text: 'Writing branching narrative with ink', url: 'https://www.inklestudios.com/ink/' },
  },
  localization: {
    title: 'String tables with stable keys',
    summary: 'Never ship concatenated strings; use keys with placeholders and plural rules.',
    steps: ['Use keys like `quest.blacksmith.title`.', 'Use `{0}` placeholders so word order can change.', 'Leave 30% extra room in the UI for German.'],
    code: { unity: { lang: 'csv', source: 'key,en,de,ja\nquest.blacksmith.title,The Legendary Sword,Das legendäre Schwert,伝説の剣\nui.gold_count,{0} gold,{0} Gold,{0} ゴールド' } },
    link: { text: 'Unity Localization package', url: 'https://docs.unity3d.com/Packages/com.unity.localization@1.5/manual/index.html' },
  },
  qa: {
    title: 'A regression test for every fixed bug',
    summary: 'Reproduce the bug in a play-mode test first, then fix it; the test keeps it fixed.',
    steps: ['Write repro steps in the ticket.', 'Automate them with `[UnityTest]`.', 'Triage by severity × frequency.'],
    code: { unity: csharp('[UnityTest]\npublic IEnumerator Player_TakesNoDamage_WhileInvulnerable()\n{\n    var player = SpawnPlayer();\n    player.SetInvulnerable(true);\n    player.Damage(50);\n    yield return null;\n    Assert.AreEqual(100, player.Hp);\n}') },
    link: { text: 'Unity Test Framework', url: 'https://docs.unity3d.com/Packages/com.unity.test-framework@1.4/manual/index.html' },
  },
  design: {
    title: 'Tune the economy with data',
    summary: 'Model sources and sinks first; balance numbers live in data, not code.',
    steps: ['List every gold **source** and **sink**.', 'Target time-to-upgrade, e.g. `3 sessions`.', 'Playtest, then change data only.'],
    code: { unity: { lang: 'json', source: '{\n  "loot_table": "dragon_boss",\n  "drops": [\n    { "item": "dragon_scale", "weight": 60 },\n    { "item": "fire_sword", "weight": 8, "rarity": "legendary" }\n  ]\n}' } },
    link: { text: 'Game economy design', url: 'https://www.gamedeveloper.com/design' },
  },
  art: {
    title: 'Consistent PBR materials',
    summary: 'Calibrate albedo and roughness ranges once and reuse them across the project.',
    steps: ['Keep albedo between sRGB `30` and `240`.', 'Drive wetness through `_Smoothness`, not albedo.', 'Check materials under a neutral light rig.'],
    code: { unity: csharp('var block = new MaterialPropertyBlock();\nblock.SetFloat("_Smoothness", 0.45f);\nblock.SetColor("_BaseColor", new Color(0.55f, 0.5f, 0.45f));\nrenderer.SetPropertyBlock(block);') },
    link: { text: 'Physically based shading', url: 'https://docs.unity3d.com/Manual/StandardShaderMaterialCharts.html' },
  },
  physics: {
    title: 'Move bodies in the physics step',
    summary: 'Apply forces in `FixedUpdate` and read input in `Update`.',
    steps: ['Cache input in `Update`.', 'Use `Rigidbody.MovePosition` for kinematic bodies.', 'Turn on interpolation for the player body.'],
    code: { unity: csharp('private void FixedUpdate()\n{\n    body.AddForce(moveInput * acceleration, ForceMode.Acceleration);\n}') },
    link: { text: 'Rigidbody physics', url: 'https://docs.unity3d.com/Manual/RigidbodiesOverview.html' },
  },
  'ui-ux': {
    title: 'Data-bound HUD',
    summary: 'Update the HUD from events instead of polling every frame.',
    steps: ['Subscribe to `Health.Changed`.', 'Keep text at 24 px or larger on TV screens.', 'Support remapping and subtitles for accessibility.'],
    code: { unity: csharp('health.Changed += hp => hpLabel.text = $"{hp} HP";') },
    link: { text: 'UI Toolkit', url: 'https://docs.unity3d.com/Manual/UIElements.html' },
  },
  tools: {
    title: 'A small editor window',
    summary: 'Automate the boring step your team repeats every day.',
    steps: ['Start with a `MenuItem`.', 'Wrap changes in `Undo.RecordObject`.', 'Ship it in an `Editor` folder.'],
    code: { unity: csharp('public sealed class RenameTool : EditorWindow\n{\n    [MenuItem("Tools/Batch Rename")]\n    private static void Open() => GetWindow<RenameTool>("Batch Rename");\n}') },
    link: { text: 'Editor windows', url: 'https://docs.unity3d.com/Manual/editor-EditorWindows.html' },
  },
  programming: {
    title: 'Small components with events',
    summary: 'Keep state in one component and let others react to events instead of polling it.',
    steps: ['One responsibility per class.', 'Expose changes with an `event`.', 'Null-check references in `Awake`, not every frame.'],
    code: {
      unity: csharp('public sealed class Health : MonoBehaviour\n{\n    [SerializeField] private int maxHp = 100;\n    public event Action<int> Changed;\n    private int hp;\n\n    private void Awake() => hp = maxHp;\n\n    public void Damage(int amount)\n    {\n        hp = Mathf.Max(0, hp - amount);\n        Changed?.Invoke(hp);\n    }\n}'),
      unreal: cpp('UCLASS()\nclass UHealthComponent : public UActorComponent\n{\n    GENERATED_BODY()\npublic:\n    UPROPERTY(BlueprintAssignable)\n    FOnHealthChanged OnHealthChanged;\n    void ApplyDamage(int32 Amount);\n};'),
      godot: gdscript('extends Node\nsignal changed(hp: int)\n@export var max_hp := 100\nvar hp := max_hp\n\nfunc damage(amount: int) -> void:\n    hp = max(0, hp - amount)\n    changed.emit(hp)'),
    },
    link: { text: 'Game Programming Patterns', url: 'https://gameprogrammingpatterns.com/observer.html' },
  },
  general: {
    title: 'A solid starting point',
    summary: 'Break the problem down, prototype the smallest version and measure before optimizing.',
    steps: ['Prototype in a scratch scene.', 'Keep tunables in `ScriptableObject` or data files.', 'Profile before you optimize.'],
    code: {
      unity: csharp('[CreateAssetMenu(menuName = "Game/Tuning")]\npublic sealed class Tuning : ScriptableObject\n{\n    public float moveSpeed = 6f;\n    public float jumpHeight = 1.5f;\n}'),
      unreal: cpp('UPROPERTY(EditDefaultsOnly, Category = "Tuning")\nfloat MoveSpeed = 600.f;'),
      godot: gdscript('@export var move_speed := 6.0\n@export var jump_height := 1.5'),
    },
    link: { text: 'Monster Gaming docs', url: 'https://monstergaming.ai/docs' },
  },
};

/** Disciplines without a hand-written answer get a checklist in YAML from their specialist. */
function checklistBody(specialist: string): AnswerBody {
  return {
    title: `${specialist} checklist`,
    summary: 'Start with a checklist the whole team can review, then iterate on the riskiest item.',
    steps: ['Agree on the goal and a `definition of done`.', 'Block it out at low fidelity first.', 'Review with the team before polishing.'],
    code: { unity: yaml(`owner: ${specialist}\nsteps:\n  - blockout\n  - review\n  - polish\ndone_when: "playtest feedback addressed"`) },
    link: { text: 'Monster Gaming docs', url: 'https://monstergaming.ai/docs' },
  };
}

/** The canned answer for a discipline id. */
export function answerBody(disciplineId: string, specialist: string): AnswerBody {
  return BODIES[disciplineId] ?? checklistBody(specialist);
}
