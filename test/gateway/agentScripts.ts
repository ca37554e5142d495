/**
 * Scripted agent turns: what the development gateway's "model" does with a request that offers
 * tools. Like the canned answers, it is keyed by phrases in the question (the last user message)
 * and fully deterministic; like a real model, it is stateless: the next step is read from the
 * calls and results since that question (ToolUse.exchanges), so any client loop can drive it.
 *
 * | phrase in the question                          | steps |
 * | ----------------------------------------------- | ----- |
 * | "make this shader compile", "fix this shader"   | compile_shader → read_file → edit_file → compile_shader → answer (list_files first when the question names no shader file; "a pixel/vertex/compute shader" in it is the stage) |
 * | "fix the build"                                 | run_task (`"<name>" task` in the question, else `build`) → get_problems → read_file → edit_file → run_task → answer |
 * | "look around the project", "explore the project" | engine_profile + list_files + search_text in ONE message → answer |
 * | "run `<command>`"                               | run_command → answer |
 * | "search for "<text>""                           | search_text → answer |
 * | "replace "<old>" with "<new>" in <path>"        | edit_file → answer (what the edit returned: done, or the user's rejection) |
 * | "read <path>"                                   | read_file → answer |
 * | "quote line <n> of <path>"                      | the offered read-file tool (`read_file`, `readFile`, `copilot_readFile`, …) → answer quoting line n |
 * | "which line of <shader> fails to compile"       | the offered compile-shader tool (`compile_shader`, `monsterGaming_compileShader`, …) → answer naming the first error's line |
 * | "what crashed in <log>"                         | the offered analyze-crash tool (`monsterGaming_analyzeCrash`, …) → answer quoting the analysis's root cause |
 *
 * The edit comes from the fix rules (fixAnswer.ts) applied to the first error the check reported
 * and the file as read_file returned it, turned into edit_file's exact `old_text` (widened with
 * neighbouring lines until it occurs once). A check that still fails after one edit ends the turn
 * with an answer saying so, so a scenario never loops. A tool the request did not offer is never
 * called: the answer says which one was missing. No phrase: undefined (the usual canned answer).
 *
 * The last three serve other agents (VS Code's own agent mode): their tools are found by what the
 * name says and called with the arguments their schema asks for (foreignTools.ts), an absolute
 * path from the workspace folder the prompt names where the schema wants one. The question is the
 * user's request as VS Code's agent wraps it (`<userRequest>`, see toolValidation.ts).
 */
import { answerFix } from './fixAnswer';
import { ANALYZES_CRASH, COMPILES_SHADER, fileArguments, findTool, readArguments, readFrom, READS_FILE } from './foreignTools';
import { languageFamily } from './fixRequest';
import type { ToolExchange, ToolUse } from './toolValidation';

/** One call the gateway will make (the id is given when the turn is streamed). */
export interface PlannedCall {
  readonly name: string;
  /** The arguments' JSON text. */
  readonly arguments: string;
}

/** The next assistant message: text, and calls (none for a final answer). */
export interface AgentTurn {
  readonly text: string;
  readonly calls: readonly PlannedCall[];
}

/** A problem as the tools print it: `path:line:col: severity: message [source code]`. */
interface Problem {
  readonly path: string;
  readonly line: number;
  readonly column: number | undefined;
  readonly severity: string;
  readonly message: string;
  readonly source: string | undefined;
  readonly code: string | undefined;
}

const SHADER_FILE = /(?:#file:)?((?:[\w.-]+\/)*[\w.-]+\.(?:frag|vert|comp|geom|tesc|tese|glsl|hlsl|hlsli|fx|fxh|shader|usf|ush|wgsl|rgen|rchit|rmiss|mesh|task))\b/i;
const PROBLEM = /^(.+?):(\d+)(?::(\d+))?:\s*(error|warning|information|info|hint)\s*:\s*(.*?)(?:\s+\[([^\]\n]*)\])?\s*$/i;
const NUMBERED = /^\s*(\d+)(?:\s*[|│]| *:|\t) ?(.*)$/;
/** Tool results are read only this far (a hostile client could send megabytes). */
const MAX_RESULT_LINES = 5000;
const MAX_PROBLEM_CHARS = 2000;

const call = (name: string, args: Readonly<Record<string, unknown>>): PlannedCall => ({ name, arguments: JSON.stringify(args) });
const answer = (text: string): AgentTurn => ({ text, calls: [] });
const isError = (result: string): boolean => /^\s*Error:/.test(result);
const firstLine = (text: string): string => (text.split('\n').find((line) => line.trim() !== '') ?? '').trim().slice(0, 200);

function linesOf(result: string): string[] {
  return result.replace(/\r\n?/g, '\n').split('\n', MAX_RESULT_LINES);
}

function problemsIn(result: string): Problem[] {
  return linesOf(result).flatMap((line): Problem[] => {
    // No problem line is this long; a longer one is not worth a regex's backtracking.
    const m = line.length > MAX_PROBLEM_CHARS ? null : PROBLEM.exec(line);
    if (!m) return [];
    const [source, ...code] = (m[6] ?? '').split(' ').filter(Boolean);
    return [{ path: m[1].trim(), line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined, severity: m[4].toLowerCase(), message: m[5], source, code: code.length ? code.join(' ') : undefined }];
  });
}

/** The first error (else the first problem) a result reports. */
function firstProblem(result: string): Problem | undefined {
  const all = problemsIn(result);
  return all.find((p) => p.severity === 'error') ?? all[0];
}

const describe = (p: Problem): string => `${p.path}:${p.line}: ${p.message}`;

/** The file as read_file numbered it, by 1-based line. */
function numberedLines(result: string): Map<number, string> {
  const lines = new Map<number, string>();
  for (const line of linesOf(result)) {
    const m = NUMBERED.exec(line);
    if (m && !lines.has(Number(m[1]))) lines.set(Number(m[1]), m[2]);
  }
  return lines;
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0 && count < 2; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}

/** edit_file arguments for the fix rules' edit of `problem` in the file read, or why there is none. */
function planEdit(problem: Problem, read: string): { readonly args: Record<string, string>; readonly why: string } | string {
  const lines = numberedLines(read);
  if (!lines.has(problem.line)) return `read_file did not return line ${problem.line} of ${problem.path}, so I cannot edit it`;
  const fix = answerFix({
    message: problem.message,
    source: problem.source,
    code: problem.code,
    severity: problem.severity,
    line: problem.line,
    endLine: problem.line,
    column: problem.column,
    endColumn: undefined,
    file: problem.path,
    languageId: /\.([A-Za-z0-9+]+)$/.exec(problem.path)?.[1]?.toLowerCase(),
    language: languageFamily(undefined, problem.path),
    lines,
    documentLines: undefined,
  });
  const edit = fix.edits[0];
  if (!edit) return fix.explanation;
  const numbers = [...lines.keys()].sort((a, b) => a - b);
  const text = (from: number, to: number): string => numbers.filter((n) => n >= from && n <= to).map((n) => lines.get(n)).join('\n');
  const whole = text(numbers[0], numbers[numbers.length - 1]);
  let [from, to] = [edit.startLine, edit.endLine];
  // edit_file wants old_text to occur exactly once: widen it with the lines around it until it does.
  while (occurrences(whole, text(from, to)) > 1 && (from > numbers[0] || to < numbers[numbers.length - 1])) {
    from = Math.max(numbers[0], from - 1);
    to = Math.min(numbers[numbers.length - 1], to + 1);
  }
  const before = from < edit.startLine ? `${text(from, edit.startLine - 1)}\n` : '';
  const after = to > edit.endLine ? `\n${text(edit.endLine + 1, to)}` : '';
  return { args: { path: problem.path, old_text: text(from, to), new_text: `${before}${edit.newText}${after}` }, why: fix.explanation };
}

interface FixLoop {
  /** What is checked, for the answers ("The shader", "The build"). */
  readonly subject: string;
  /** What it does when the check succeeds ("compiles", "passes"). */
  readonly verb: string;
  readonly check: PlannedCall;
  /** A separate call for the problems (get_problems), when the check's result does not list them. */
  readonly problems?: PlannedCall;
  readonly intro: string;
}

function passed(result: string): boolean {
  if (isError(result)) return false;
  const exit = /exit code:?\s*(-?\d+)/i.exec(result);
  if (exit && Number(exit[1]) !== 0) return false;
  return !problemsIn(result).some((p) => p.severity === 'error');
}

/** check → problems → read → edit → check → answer, read from the exchanges so far. */
function fixLoop(loop: FixLoop, exchanges: readonly ToolExchange[]): AgentTurn {
  const last = exchanges[exchanges.length - 1];
  if (!last) return { text: loop.intro, calls: [loop.check] };
  const edited = exchanges.some((e) => e.name === 'edit_file' && !isError(e.result));
  // The problems come from the latest check (or get_problems) before the read.
  const report = [...exchanges].reverse().find((e) => e.name === loop.check.name || e.name === loop.problems?.name);
  const problem = report ? firstProblem(report.result) : undefined;
  switch (last.name) {
    case loop.check.name:
      if (passed(last.result)) return answer(edited ? `${loop.subject} ${loop.verb} now (${loop.check.name}: ${firstLine(last.result) || 'no problems'}). The edit above fixed it.` : `${loop.subject} already ${loop.verb} (${loop.check.name}: ${firstLine(last.result) || 'no problems'}); nothing to fix.`);
      if (isError(last.result)) return answer(`I could not run ${loop.check.name}: ${firstLine(last.result)}`);
      if (edited) return answer(`${loop.subject} still fails after my edit${problem ? ` (${describe(problem)})` : ''}. I stop here so you can look at it.`);
      if (loop.problems) return { text: '', calls: [loop.problems] };
      break;
    case 'edit_file':
      if (isError(last.result)) return answer(`The edit was not applied: ${firstLine(last.result)}`);
      return { text: '', calls: [loop.check] };
    case 'read_file': {
      if (!problem) return answer(`${loop.subject} fails, but I could not read a problem to fix.`);
      if (isError(last.result)) return answer(`I could not read ${problem.path}: ${firstLine(last.result)}`);
      const edit = planEdit(problem, last.result);
      if (typeof edit === 'string') return answer(`${describe(problem)}: ${edit}`);
      return { text: edit.why, calls: [call('edit_file', edit.args)] };
    }
    default:
      if (last.name !== loop.problems?.name) return answer(`${loop.subject}: I did not expect a result from ${last.name}.`);
  }
  if (!problem) return answer(`${loop.subject} fails, but no problem was reported that I could read: ${firstLine(last.result)}`);
  return { text: '', calls: [call('read_file', { path: problem.path })] };
}

/** The stage a question names ("a pixel shader"), for files whose extension does not (.hlsl, .glsl). */
const STAGE_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:pixel|fragment)\s+shader\b/i, 'frag'],
  [/\bvertex\s+shader\b/i, 'vert'],
  [/\bcompute\s+shader\b/i, 'comp'],
];

function shaderTurn(question: string, exchanges: readonly ToolExchange[]): AgentTurn {
  const stage = STAGE_WORDS.find(([words]) => words.test(question))?.[1];
  let path = SHADER_FILE.exec(question)?.[1];
  let rest = exchanges;
  if (!path) {
    const listed = exchanges[0];
    if (!listed) return { text: 'Which shader? Let me list them.', calls: [call('list_files', { glob: '**/*.{frag,vert,comp,geom,glsl,hlsl}', max_results: 20 })] };
    path = isError(listed.result) ? undefined : firstLine(listed.result) || undefined;
    if (!path) return answer(`I found no shader to compile (${firstLine(listed.result) || 'no files'}).`);
    rest = exchanges.slice(1);
  }
  return fixLoop({ subject: 'The shader', verb: 'compiles', check: call('compile_shader', { path, ...(stage ? { stage } : {}) }), intro: `I'll compile ${path} to see what fails.` }, rest);
}

function buildTurn(question: string, exchanges: readonly ToolExchange[]): AgentTurn {
  const quoted = /["“']([^"”'\n]{1,80})["”']\s+task\b|\btask\s+["“']([^"”'\n]{1,80})["”']/i.exec(question);
  const name = quoted?.[1] ?? quoted?.[2] ?? 'build';
  return fixLoop({ subject: 'The build', verb: 'passes', check: call('run_task', { name }), problems: call('get_problems', {}), intro: `I'll run the ${name} task first.` }, exchanges);
}

function exploreTurn(offered: readonly string[], exchanges: readonly ToolExchange[]): AgentTurn {
  if (exchanges.length === 0) {
    const calls = [call('engine_profile', {}), call('list_files', { glob: '**/*', max_results: 50 }), call('search_text', { query: 'TODO', max_results: 20 })].filter((c) => offered.includes(c.name));
    return { text: 'Let me look at the project from three sides at once.', calls };
  }
  const lines = exchanges.map((e) => `- ${e.name}: ${isError(e.result) ? firstLine(e.result) : `${linesOf(e.result).filter((l) => l.trim()).length} lines, first: ${firstLine(e.result) || '(empty)'}`}`);
  return answer(['Here is what I found:', ...lines].join('\n'));
}

function singleStep(name: string, args: Readonly<Record<string, unknown>>, exchanges: readonly ToolExchange[], intro: string): AgentTurn {
  const last = exchanges[exchanges.length - 1];
  if (!last) return { text: intro, calls: [call(name, args)] };
  if (isError(last.result)) return answer(`${name} failed: ${firstLine(last.result)}`);
  const count = linesOf(last.result).filter((l) => l.trim()).length;
  return answer(`${name} returned ${count} line${count === 1 ? '' : 's'}; the first: ${firstLine(last.result) || '(empty)'}`);
}

interface Scenario {
  readonly phrase: RegExp;
  /** Tools the scenario cannot do without. */
  readonly needs: readonly string[];
  readonly turn: (match: RegExpExecArray, question: string, tools: ToolUse) => AgentTurn;
}

/** Line `wanted` of a read's result: by its number when numbered, else counted from where the read started. */
function lineOf(result: string, wanted: number): string | undefined {
  const numbered = numberedLines(result);
  if (numbered.size > 0) return numbered.get(wanted);
  // VS Code's read_file: an optional "File: `…`. Lines a to b (n lines total):" header, then the text in a fence.
  const body = linesOf(result).filter((line, i) => !/^\s*```/.test(line) && !(i === 0 && /^File: `/.test(line)) && !/^\s*(?:\/\/|#) ?filepath: /.test(line));
  return body[wanted - readFrom(wanted)];
}

function quoteTurn(line: number, file: string, tools: ToolUse): AgentTurn {
  const name = findTool(tools, READS_FILE, 'read_file');
  if (!name) return answer(`I would need a tool that reads files for this, but the request offered none (${tools.offered.length} tools).`);
  const last = tools.exchanges[tools.exchanges.length - 1];
  if (!last) {
    const args = readArguments(tools, name, file, line);
    return typeof args === 'string' ? answer(`I cannot read ${file}: ${args}.`) : { text: `I'll read ${file}.`, calls: [call(name, args)] };
  }
  if (isError(last.result)) return answer(`${name} failed: ${firstLine(last.result)}`);
  const quoted = lineOf(last.result, line);
  return answer(quoted === undefined ? `${name} did not return line ${line} of ${file}.` : `Line ${line} of ${file} reads:\n\n    ${quoted.trim()}`);
}

/** What a one-file tool of another agent is, for fileToolTurn. */
interface FileTool {
  readonly fits: (name: string) => boolean;
  /** Our own agent's name for it. */
  readonly exact: string;
  /** "compiles shaders", "analyzes crashes". */
  readonly does: string;
  /** "compile", "analyze". */
  readonly verb: string;
  /** The text with the call: "I'll compile x." */
  readonly intro: string;
}

/** The offered tool that fits called once on `file`, then the answer `conclude` reads from its result. */
function fileToolTurn(file: string, tools: ToolUse, tool: FileTool, conclude: (name: string, result: string) => string): AgentTurn {
  const name = findTool(tools, tool.fits, tool.exact);
  if (!name) return answer(`I would need a tool that ${tool.does} for this, but the request offered none (${tools.offered.length} tools).`);
  const last = tools.exchanges[tools.exchanges.length - 1];
  if (!last) {
    const args = fileArguments(tools, name, file);
    return typeof args === 'string' ? answer(`I cannot ${tool.verb} ${file}: ${args}.`) : { text: tool.intro, calls: [call(name, args)] };
  }
  if (isError(last.result)) return answer(`I could not run ${name}: ${firstLine(last.result)}`);
  return answer(conclude(name, last.result));
}

function compileTurn(file: string, tools: ToolUse): AgentTurn {
  return fileToolTurn(file, tools, { fits: COMPILES_SHADER, exact: 'compile_shader', does: 'compiles shaders', verb: 'compile', intro: `I'll compile ${file}.` }, (name, result) => {
    const problem = firstProblem(result);
    if (!problem || problem.severity !== 'error') return `${file} compiles (${name}: ${firstLine(result) || 'no problems'}); no line fails.`;
    return `Line ${problem.line} of ${file} fails to compile: ${problem.message}`;
  });
}

function crashTurn(file: string, tools: ToolUse): AgentTurn {
  return fileToolTurn(file, tools, { fits: ANALYZES_CRASH, exact: 'analyze_crash', does: 'analyzes crashes', verb: 'analyze', intro: `I'll analyze the crash in ${file}.` }, (_name, result) => {
    const cause = linesOf(result).find((l) => /Root Cause/i.test(l));
    return `The crash in ${file}: ${(cause ?? firstLine(result)).replace(/\*\*/g, '').trim()}`;
  });
}

const SCENARIOS: readonly Scenario[] = [
  {
    phrase: /\bwhat crashed in [`"']?((?:[^\s`"']*[/.][^\s`"']*))[`"']?/i,
    needs: [],
    turn: (m, _q, tools) => crashTurn(m[1].replace(/[.,;:!?]+$/, ''), tools),
  },
  {
    phrase: /\bquote line (\d{1,6}) (?:of|from|in) [`"']?((?:[^\s`"']*[/.][^\s`"']*))[`"']?/i,
    needs: [],
    turn: (m, _q, tools) => quoteTurn(Number(m[1]), m[2].replace(/[.,;:!?]+$/, ''), tools),
  },
  {
    phrase: new RegExp(`\\bwhich line (?:of|in) [\`"']?${SHADER_FILE.source}[\`"']? (?:fails|does ?n[o']t|won'?t) (?:to )?compile`, 'i'),
    needs: [],
    turn: (m, _q, tools) => compileTurn(m[1], tools),
  },
  {
    phrase: /\b(?:make|get) (?:this|the|my|these) shaders? (?:to )?compile\b|\bfix (?:this|the|my) shader\b|\bshader (?:does ?n[o']t|won'?t) compile\b/i,
    needs: ['compile_shader', 'read_file', 'edit_file'],
    turn: (_m, question, tools) => shaderTurn(question, tools.exchanges),
  },
  {
    phrase: /\bfix (?:the|this|my) build\b|\bbuild (?:is )?(?:broken|fails|failing)\b/i,
    needs: ['run_task', 'get_problems', 'read_file', 'edit_file'],
    turn: (_m, question, tools) => buildTurn(question, tools.exchanges),
  },
  {
    phrase: /\b(?:look around|explore) (?:the|this|my) project\b/i,
    needs: ['list_files'],
    turn: (_m, _q, tools) => exploreTurn(tools.offered, tools.exchanges),
  },
  {
    phrase: /\brun (?:the command )?`([^`\n]{1,500})`/i,
    needs: ['run_command'],
    turn: (m, _q, tools) => singleStep('run_command', { command: m[1] }, tools.exchanges, `I'll run \`${m[1]}\`.`),
  },
  {
    phrase: /\bsearch (?:the code )?for ["“'`]([^"”'`\n]{1,200})["”'`]/i,
    needs: ['search_text'],
    turn: (m, _q, tools) => singleStep('search_text', { query: m[1] }, tools.exchanges, `I'll search for "${m[1]}".`),
  },
  {
    phrase: /\breplace ["“'`]([^"”'`\n]{1,200})["”'`] with ["“'`]([^"”'`\n]{0,200})["”'`] in [`"']?((?:[^\s`"']*[/.][^\s`"']*))[`"']?/i,
    needs: ['edit_file'],
    turn: (m, _q, tools) => singleStep('edit_file', { path: m[3].replace(/[.,;:!?]+$/, ''), old_text: m[1], new_text: m[2] }, tools.exchanges, `I'll change ${m[3].replace(/[.,;:!?]+$/, '')}.`),
  },
  {
    phrase: /\bread (?:the file )?[`"']?((?:[^\s`"']*[/.][^\s`"']*))[`"']?/i,
    needs: ['read_file'],
    turn: (m, _q, tools) => singleStep('read_file', { path: m[1].replace(/[.,;:!?]+$/, '') }, tools.exchanges, ''),
  },
];

/** The next turn of a scripted agent, or undefined when no scenario's phrase is in the question (ToolUse.question). */
export function agentTurn(tools: ToolUse): AgentTurn | undefined {
  const question = tools.question;
  if (tools.offered.length === 0 || tools.choice === 'none') return undefined;
  for (const scenario of SCENARIOS) {
    const match = scenario.phrase.exec(question);
    if (!match) continue;
    const missing = scenario.needs.filter((name) => !tools.offered.includes(name));
    if (missing.length > 0) return answer(`I would need ${missing.join(', ')} for this, but the request did not offer ${missing.length === 1 ? 'it' : 'them'}.`);
    return scenario.turn(match, question, tools);
  }
  return undefined;
}
