/**
 * Turns a validated chat request into the answer text and its streamed tokens.
 *
 * Everything here is deterministic: the same request always yields the same tokens, so tests can
 * assert on content, and the first line echoes the question and the engine from the system
 * message so a test can see that the context reached the gateway.
 */
import type { Flavor } from './answerBodies';
import { answerBody } from './answerBodies';
import { answerEdit, parseEditRequest } from './editAnswer';
import { answerFix } from './fixAnswer';
import { parseFixRequest } from './fixRequest';
import { brokenSampleOf, sampleOf, schemaInPrompt } from './schemaSample';
import type { Discipline } from './routing';
import { utilityAnswer } from './utilityJobs';

/** Where the question came from, as far as the gateway can tell. */
export interface Setting {
  /** e.g. `Unity 2022.3` from "Engine: Unity 2022.3." */
  readonly engine?: string;
  /** e.g. `C#` from "Language: C#." */
  readonly language?: string;
  readonly flavor: Flavor;
}

/** What the answer is built from. */
export interface AnswerRequest {
  /** Text of the last user message. */
  readonly question: string;
  /** All system messages joined. */
  readonly system: string;
  readonly discipline: Discipline;
  /** `response_format: {"type": "json_object"}` (or `json_schema`) was asked for. */
  readonly json: boolean;
  /** The `json_schema` the answer must match, when one was given. */
  readonly schema?: Readonly<Record<string, unknown>>;
  /** The `structuredInvalid` fault: data that breaks the schema. */
  readonly broken?: boolean;
}

const ECHO_LENGTH = 60;
/** Upper bound for `tokens:N` so a typo cannot make the gateway build gigabytes. */
const MAX_BENCHMARK_TOKENS = 200_000;

/** Reads "Label: value." out of a system message; the value ends at ". ", a newline or the end. */
function labelled(text: string, label: string): string | undefined {
  const match = new RegExp(`${label}:[ \\t]*([^\\n]+)`, 'i').exec(text);
  const value = match?.[1].split(/\.(?:\s|$)/)[0].trim();
  return value ? value : undefined;
}

function engineFromWords(text: string): string | undefined {
  if (/\bunreal\b|\bue5\b|\bue4\b/i.test(text)) return 'Unreal Engine';
  if (/\bgodot\b/i.test(text)) return 'Godot';
  if (/\bunity\b/i.test(text)) return 'Unity';
  return undefined;
}

/** Engine and language from "Engine: … Language: …" lines, else from engine names in the text. */
export function detectSetting(system: string, question: string): Setting {
  const engine = labelled(system, 'Engine') ?? engineFromWords(`${system}\n${question}`);
  const language = labelled(system, 'Language');
  const hint = `${engine ?? ''} ${language ?? ''}`.toLowerCase();
  const flavor: Flavor = /godot|gdscript/.test(hint)
    ? 'godot'
    : /unreal|c\+\+|blueprint/.test(hint)
      ? 'unreal'
      : 'unity';
  return { engine, language, flavor };
}

/** The question, on one line, cut to about 60 characters. */
export function echo(question: string): string {
  const flat = question.replace(/\s+/g, ' ').trim();
  return flat.length > ECHO_LENGTH ? `${flat.slice(0, ECHO_LENGTH).trimEnd()}…` : flat;
}

/** The first line of every answer: the question, and the engine/language when known. */
export function introLine(question: string, setting: Setting): string {
  const context = [setting.engine, setting.language].filter((part) => part !== undefined).join(', ');
  return `You asked: "${echo(question)}"${context ? ` (${context})` : ''}.`;
}

/** The full canned markdown answer for a discipline. */
export function composeAnswer(request: AnswerRequest): string {
  const setting = detectSetting(request.system, request.question);
  const body = answerBody(request.discipline.id, request.discipline.specialist);
  const snippet = body.code[setting.flavor] ?? body.code.unity;
  return [
    introLine(request.question, setting),
    '',
    `## ${body.title}`,
    '',
    `**${request.discipline.specialist}** (\`${request.discipline.id}\`): ${body.summary}`,
    '',
    ...body.steps.map((step) => `- ${step}`),
    '',
    '```' + snippet.lang,
    snippet.source,
    '```',
    '',
    `Read more: [${body.link.text}](${body.link.url})`,
  ].join('\n');
}

/**
 * The answer for `response_format: json_object` (the fix exchange): `{"explanation", "edits"}`
 * from the fix rules when the last user message is a fix request (a `Diagnostic:` line, see
 * `fixRequest.ts`), from the edit rules when it is an Edit Selection request (an `Instruction:`
 * line, see `editAnswer.ts`), else an explanation with no edits.
 */
export function jsonAnswer(request: AnswerRequest): string {
  // A Generate Game Data prompt asked as json_object: data for the schema it carries, as a model would follow it.
  const asked = schemaInPrompt(request.question);
  if (asked) return JSON.stringify(sampleOf(asked));
  const fix = parseFixRequest(request.question, request.system);
  if (fix) return JSON.stringify(answerFix(fix));
  const edit = parseEditRequest(request.question);
  if (edit) return JSON.stringify(answerEdit(edit));
  const explanation =
    `Development gateway: no automatic fix for "${echo(request.question)}". ` +
    'Check the reported line and the types involved.';
  return JSON.stringify({ explanation, edits: [] });
}

/** A schema of the fix exchange's shape (`explanation` and `edits`): answered by the fix and edit rules. */
function isEditList(schema: Readonly<Record<string, unknown>>): boolean {
  const properties = schema['properties'];
  return typeof properties === 'object' && properties !== null && 'edits' in properties && 'explanation' in properties;
}

/** Splits text into word-sized tokens (leading whitespace kept) that concatenate back exactly. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [text];
}

/** `tokens:N` in the question asks for an answer of exactly N chunks (benchmarks). */
export function benchmarkSize(question: string): number | undefined {
  const match = /\btokens:(\d+)\b/i.exec(question);
  if (!match) return undefined;
  return Math.min(MAX_BENCHMARK_TOKENS, Math.max(1, Number(match[1])));
}

/**
 * Exactly `count` tokens of realistic markdown: the canned answer, then its body again and again
 * (each repetition starts a new paragraph), cut at `count`.
 */
function benchmarkTokens(answer: string, count: number): string[] {
  const tokens = tokenize(answer);
  const body = tokenize(answer.slice(answer.indexOf('\n\n') + 2));
  while (tokens.length < count) {
    body.forEach((token, i) => tokens.push(i === 0 ? `\n\n${token.trimStart()}` : token));
  }
  return tokens.slice(0, count);
}

/** The tokens the gateway streams (or joins, when not streaming) for a request. */
export function answerTokens(request: AnswerRequest): string[] {
  if (request.json) {
    const schema = request.schema && !isEditList(request.schema) ? request.schema : undefined;
    return tokenize(schema ? JSON.stringify(request.broken ? brokenSampleOf(schema) : sampleOf(schema)) : jsonAnswer(request));
  }
  const utility = utilityAnswer(request.question);
  if (utility !== undefined) return tokenize(utility);
  const answer = composeAnswer(request);
  const size = benchmarkSize(request.question);
  return size === undefined ? tokenize(answer) : benchmarkTokens(answer, size);
}
