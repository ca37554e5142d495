/**
 * Item 16 (issue 14, agent mode): the agent's own overhead per tool call, the extension's time
 * excluding the model and the tools' work. An agent turn runs on the answering engine (the key
 * check, the request, the loop, the body-limit fit, the events) against the bench's development
 * gateway (token delay 0), whose scripted scenarios make the calls; the tools answer at once
 * with fixed text of a realistic size (a 2 KB read_file, a 2 KB file list…). The baseline is
 * the same requests, recorded from the turn, streamed with the same GatewayClient one after the
 * other: no engine, no loop, no toolbox. (turn − baseline) / calls is what the agent adds.
 *
 * Two toolboxes: one whose `run` returns the text (the loop alone), and the workspace tools'
 * ToolRegistry with handlers that return the same text, so each call also goes through the name
 * check and the generated ajv checks of its arguments. The real handlers of read_file and
 * list_files, and the toolbox with the user's approvals (AgentTurn), need `vscode`: not here.
 */
import { performance } from 'node:perf_hooks';
import { AnswerEngine } from '../src/answering/engine';
import type { AgentToolbox, AnswerDone, AnswerFailed, ChatGateway } from '../src/answering/types';
import { ToolRegistry, type ToolDefinition as WorkspaceTool } from '../src/agent/tools/registry';
import type { WorkspaceToolName } from '../src/agent/tools/toolSchemas';
import { readLines } from '../src/agent/tools/toolText';
import { done, type ToolEnv, type ToolResult } from '../src/agent/tools/toolTypes';
import { DisciplineRouter } from '../src/disciplines/router';
import { GatewayClient, type ChatRequest, type ToolDefinition } from '../src/gateway/client';
import type { ToolCall } from '../src/gateway/toolCalls';
import { stubToolEnv } from '../test/support/toolEnv';
import type { GatewayProcess } from './gatewayProcess';
import { median, type Row } from './stats';

/** Turns (and baselines) timed per run, alternately: one turn is a few ms, too short to time alone. */
const TURNS_PER_RUN = 20;
/** Turn-and-baseline pairs run untimed before a case's runs. */
const WARM_UP_PAIRS = 10;

/** The shader the shader scenario fixes, about 2 KB as read_file numbers it; line 40 uses `tnt`. */
const SHADER = [
  '#version 450',
  '// Water surface: two scrolling normal maps, fresnel, depth fade and foam.',
  'layout(location = 0) in vec2 uv;',
  'layout(location = 1) in vec3 worldPos;',
  'layout(location = 2) in vec3 viewDir;',
  'layout(location = 0) out vec4 color;',
  'layout(set = 0, binding = 0) uniform sampler2D normalA;',
  'layout(set = 0, binding = 1) uniform sampler2D normalB;',
  'layout(set = 0, binding = 2) uniform sampler2D sceneDepth;',
  'layout(set = 0, binding = 3) uniform Params {',
  '  vec4 shallow;',
  '  vec4 deep;',
  '  vec2 scrollA;',
  '  vec2 scrollB;',
  '  float time;',
  '  float depthFade;',
  '  float foamWidth;',
  '  float fresnelPower;',
  '} params;',
  '',
  'vec3 blendNormals(vec3 a, vec3 b) {',
  '  return normalize(vec3(a.xy + b.xy, a.z * b.z));',
  '}',
  '',
  'float fresnel(vec3 n, vec3 v, float power) {',
  '  return pow(1.0 - clamp(dot(n, v), 0.0, 1.0), power);',
  '}',
  '',
  'void main() {',
  '  vec3 na = texture(normalA, uv + params.scrollA * params.time).xyz * 2.0 - 1.0;',
  '  vec3 nb = texture(normalB, uv + params.scrollB * params.time).xyz * 2.0 - 1.0;',
  '  vec3 n = blendNormals(na, nb);',
  '  float depth = texture(sceneDepth, uv).r;',
  '  float fade = clamp(depth / params.depthFade, 0.0, 1.0);',
  '  vec4 tint = mix(params.shallow, params.deep, fade);',
  '  float f = fresnel(n, normalize(viewDir), params.fresnelPower);',
  '  float foam = 1.0 - smoothstep(0.0, params.foamWidth, depth);',
  '  vec3 sky = vec3(0.55, 0.7, 0.9);',
  '  vec3 lit = mix(tint.rgb, sky, f) + foam;',
  '  color = vec4(lit, tnt.a);',
  '}',
].join('\n');
const SHADER_PATH = 'shaders/water.frag';

/** A fixed text of about `bytes` characters: `line(i)` repeated. */
const sized = (bytes: number, line: (i: number) => string): string => {
  const lines: string[] = [];
  for (let i = 0, total = 0; total < bytes; i++) {
    lines.push(line(i));
    total += lines[lines.length - 1].length + 1;
  }
  return lines.join('\n');
};

/** What each tool answers: fixed text; compile_shader fails until edit_file ran. */
function resultFor(name: string, edited: boolean): ToolResult {
  switch (name) {
    case 'compile_shader':
      return done(edited ? 'OK' : `${SHADER_PATH}:40:27: error: 'tnt' : undeclared identifier [glslang]`);
    case 'read_file': {
      const read = readLines(SHADER_PATH, SHADER, undefined, undefined);
      if (!read.ok) throw new Error(read.error);
      return done(read.text);
    }
    case 'edit_file':
      return done(`Edited ${SHADER_PATH}.`);
    case 'engine_profile':
      return done(sized(2048, (i) => (i === 0 ? 'Engine: Godot 4.3 (project.godot), GDScript, Forward+ renderer.' : `- autoload ${i}: res://autoload/service_${i}.gd (${i * 37} lines)`)));
    case 'list_files':
      return done(sized(2048, (i) => `scenes/level_${Math.floor(i / 5)}/props/prop_${i}.tscn`));
    case 'search_text':
      return done(sized(2048, (i) => `scripts/enemies/enemy_${i}.gd:${12 + i * 3}: # TODO: pool the projectiles instead of instancing each shot`));
    default:
      throw new Error(`The bench's scenarios do not call ${name}.`);
  }
}

/** A description about as long as the real ones (workspaceTools.ts, which needs `vscode`). */
const description = (name: string): string => `The ${name} tool. `.padEnd(260, 'Bounded and confined to the workspace folders; an Error: text when it cannot run. ');

/** A turn's toolbox: the loop's `run` answered directly, or through the registry's checks. */
function toolbox(kind: 'direct' | 'registry', env: ToolEnv): AgentToolbox & { calls: number } {
  let edited = false;
  const answer = (name: string): ToolResult => {
    const result = resultFor(name, edited);
    if (name === 'edit_file') edited = true;
    return result;
  };
  const handler = <N extends WorkspaceToolName>(name: N): WorkspaceTool<N> => ({ name, kind: 'read', description: description(name), run: () => Promise.resolve(answer(name)) });
  // Every workspace tool, so the registry offers what the extension offers (the compiler checks the names).
  const registry = new ToolRegistry({
    read_file: handler('read_file'),
    list_files: handler('list_files'),
    search_text: handler('search_text'),
    get_problems: handler('get_problems'),
    edit_file: handler('edit_file'),
    create_file: handler('create_file'),
    run_task: handler('run_task'),
    run_command: handler('run_command'),
    compile_shader: handler('compile_shader'),
    import_engine_log: handler('import_engine_log'),
    engine_profile: handler('engine_profile'),
  });
  const tools: ToolDefinition[] = registry.specs().map((spec) => ({ name: spec.function.name, description: spec.function.description, parameters: spec.function.parameters as Record<string, unknown> }));
  const box = {
    calls: 0,
    tools: (): readonly ToolDefinition[] => tools,
    run: async (call: ToolCall): Promise<{ ok: boolean; text: string }> => {
      box.calls++;
      const result = kind === 'direct' ? answer(call.name) : await registry.run(call.name, call.arguments, env);
      return { ok: result.ok, text: result.text };
    },
  };
  return box;
}

const SCENARIOS = [
  { label: '"Look around the project" (3 calls in 1 step)', question: 'Look around the project', calls: 3, steps: 2, answer: /\nHere is what I found:\n/ },
  { label: '"Make this shader compile" (4 calls over 5 steps)', question: `Make this shader compile: ${SHADER_PATH}`, calls: 4, steps: 5, answer: /The shader compiles now/ },
] as const;

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
}

interface Pair {
  readonly turn: Sample;
  readonly baseline: Sample;
}

export interface AgentCallBench {
  readonly cases: ReadonlyArray<{
    readonly label: string;
    readonly toolbox: 'direct' | 'registry';
    readonly calls: number;
    readonly requests: number;
    /** Per run, medians over TURNS_PER_RUN pairs: ms of one turn, of its baseline, and (turn − baseline) / calls. */
    readonly turn: number[];
    readonly baseline: number[];
    readonly perCall: number[];
    /** The same difference in this process's CPU time (user + system), per call. */
    readonly cpuPerCall: number[];
  }>;
}

export async function benchAgentCall(gateway: GatewayProcess, runs: number, progress: (line: string) => void): Promise<AgentCallBench> {
  const client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: 'mg_live_studio_benchagent' }), { idleTimeoutMs: () => 30_000 });
  const folders = [{ path: process.cwd(), name: 'project' }];
  const env = stubToolEnv({ folders, approve: () => Promise.resolve({ approved: true }), confirmRun: () => Promise.resolve({ approved: true }) });
  // The engine's gateway is the client itself; `recorded` keeps the requests of one turn (the
  // loop reuses its messages array, so each is copied as sent).
  let recorded: ChatRequest[] | undefined;
  const recording: ChatGateway = {
    streamChat: (request, handlers, signal) => {
      recorded?.push({ ...request, messages: [...request.messages] });
      return client.streamChat(request, handlers, signal);
    },
  };
  const engine = new AnswerEngine({
    gateway: recording,
    settings: () => ({ model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 }),
    hasKey: () => Promise.resolve(true),
    router: new DisciplineRouter(),
  });
  const signal = new AbortController().signal;
  // The events are collected, as a surface would keep them (the sidebar posts each one).
  const turn = (question: string, box: AgentToolbox): Promise<AnswerDone | AnswerFailed> => {
    const events: unknown[] = [];
    return engine.run({ surface: 'sidebar', mode: { kind: 'agent', question: { text: question, items: [] }, history: [], toolbox: box, maxSteps: 25 } }, (event) => events.push(event), signal);
  };
  const baseline = async (requests: readonly ChatRequest[]): Promise<void> => {
    for (const request of requests) {
      const result = await client.streamChat(request, { onDelta: () => undefined }, signal);
      if (result.end !== 'complete') throw new Error(`a baseline request ended ${result.end}`);
    }
  };

  /** Wall and CPU (this process: the extension's side; the gateway is another process) ms of `work`. */
  const timed = async (work: () => Promise<unknown>): Promise<Sample> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await work();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { ms, cpuMs: (used.user + used.system) / 1000 };
  };

  // Each case checked (its calls, its steps, its answer) and its requests recorded, then warmed up.
  const prepared: Array<{ label: string; kind: 'direct' | 'registry'; calls: number; requests: number; pair: (turnFirst: boolean) => Promise<Pair> }> = [];
  for (const kind of ['direct', 'registry'] as const) {
    for (const scenario of SCENARIOS) {
      recorded = [];
      const box = toolbox(kind, env);
      const last = await turn(scenario.question, box);
      const requests = recorded;
      recorded = undefined;
      if (last.type !== 'done' || last.steps !== scenario.steps || box.calls !== scenario.calls || !scenario.answer.test(last.text)) {
        throw new Error(`${scenario.label}: the turn ended ${last.type} after ${last.type === 'done' ? last.steps : '?'} steps and ${box.calls} calls: ${last.type === 'done' ? last.text : last.view.message}`);
      }
      if (requests.length !== scenario.steps) throw new Error(`${scenario.label}: ${requests.length} requests recorded, ${scenario.steps} expected`);
      const pair = async (turnFirst: boolean): Promise<Pair> => {
        const timeTurn = (): Promise<Sample> => timed(() => turn(scenario.question, toolbox(kind, env)));
        const timeBaseline = (): Promise<Sample> => timed(() => baseline(requests));
        if (turnFirst) {
          const t = await timeTurn();
          return { turn: t, baseline: await timeBaseline() };
        }
        const b = await timeBaseline();
        return { turn: await timeTurn(), baseline: b };
      };
      prepared.push({ label: scenario.label, kind, calls: scenario.calls, requests: requests.length, pair });
    }
  }
  // The first turns run colder code than the rest (the JIT): every case warms up before any is timed.
  for (const { pair } of prepared) for (let i = 0; i < WARM_UP_PAIRS; i++) await pair(i % 2 === 0);

  const cases = prepared.map((c) => ({ label: c.label, toolbox: c.kind, calls: c.calls, requests: c.requests, turn: [] as number[], baseline: [] as number[], perCall: [] as number[], cpuPerCall: [] as number[] }));
  for (let run = 0; run < runs; run++) {
    // The cases take turns within each run, so a busy moment of the machine is shared among them.
    for (const [index, c] of prepared.entries()) {
      // Pairs alternate which goes first (neither always follows the other's garbage); the median
      // of the pairs' differences leaves out the pauses of other processes on the machine.
      const pairs: Pair[] = [];
      for (let i = 0; i < TURNS_PER_RUN; i++) pairs.push(await c.pair(i % 2 === 0));
      const out = cases[index];
      out.turn.push(median(pairs.map((p) => p.turn.ms)));
      out.baseline.push(median(pairs.map((p) => p.baseline.ms)));
      out.perCall.push(median(pairs.map((p) => p.turn.ms - p.baseline.ms)) / c.calls);
      out.cpuPerCall.push(median(pairs.map((p) => p.turn.cpuMs - p.baseline.cpuMs)) / c.calls);
    }
    // The gateway records every request; a few hundred turns need not stay in its memory.
    await gateway.reset();
  }
  for (const c of cases) {
    progress(`  ${c.label}, ${c.toolbox} toolbox: turn ${median(c.turn).toFixed(2)} ms, baseline ${median(c.baseline).toFixed(2)} ms, ${median(c.perCall).toFixed(3)} ms per call (CPU ${median(c.cpuPerCall).toFixed(3)} ms)`);
  }
  return { cases };
}

export function agentCallRows(bench: AgentCallBench): Row[] {
  return bench.cases.map((c, i) => ({
    item: 16,
    figure: `Agent overhead per tool call: ${c.label}${c.toolbox === 'registry' ? ', via the tool registry' : ''}`,
    // The extension's own time is CPU time in this process: wall-clock differences of two streamed
    // turns swing by more than the overhead itself on a loaded machine (they are in the note).
    value: median(c.cpuPerCall),
    unit: 'ms',
    goal: { max: 5 },
    goalOn: 'value',
    runs: c.cpuPerCall.length,
    note:
      `This process's CPU time, (turn − baseline) / ${c.calls} calls, each run the median of ${TURNS_PER_RUN} turn-and-baseline pairs; wall clock: turn ${median(c.turn).toFixed(2)} ms, baseline ${median(c.baseline).toFixed(2)} ms (the turn's ${c.requests} requests streamed with the same GatewayClient, no engine or loop), ${median(c.perCall).toFixed(2)} ms per call.` +
      (i === 0
        ? ' Tools answer at once with fixed text (2 KB results); the turn runs on the AnswerEngine against the bench gateway (its own process, token delay 0).'
        : '') +
      (c.toolbox === 'registry' ? ' Each call through ToolRegistry.run (name check, generated ajv argument checks) to handlers returning the same text; the real read_file/list_files and the approving toolbox (AgentTurn) need vscode, so they are not here.' : ''),
  }));
}
