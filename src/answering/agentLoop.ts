/**
 * The agent loop's steps, for the answering engine: offer the tools, and while the model asks
 * for them, run each call through the surface's toolbox and send the results back, until the
 * model answers or the step budget is spent. The engine owns everything around it (the key, the
 * request's first messages, streaming with 429 waits, errors); this owns the turns in between
 * and keeps them within the body limit. Pure: tests drive it against the development gateway.
 *
 * Loaded with the first agent turn (the engine requires it; bundled into dist/agent.js).
 */
import type { AssistantToolCallsTurn, ChatMessage, ChatRequest, ChatResult } from '../gateway/client';
import type { ToolCall } from '../gateway/toolCalls';
import { fitToolResults, requestBytes } from './bodyLimit';

// Shared with the language model provider's requests (the engine's passThrough), which keep the same rule.
export { DROPPED_RESULT, fitToolResults } from './bodyLimit';
import type { L10n } from './l10n';
import type { AgentToolbox, AnswerEvent } from './types';

/** One tool result sent back is at most this long (the tool's own budget is smaller; this guards other tools). */
export const MAX_RESULT_CHARS = 32_000;

export interface AgentSteps {
  /** The first request: the composed chat with the tools. */
  readonly request: ChatRequest;
  readonly toolbox: AgentToolbox;
  readonly maxSteps: number;
  readonly limitBytes: number;
  /** Streams one step (the engine's stream: handlers, 429 waits, the answer bound). Throws on failure. */
  readonly stream: (request: ChatRequest) => Promise<ChatResult>;
  /** Text between steps (a paragraph break before the next step's text). */
  readonly write: (text: string) => void;
  readonly emit: (event: AnswerEvent) => void;
  readonly signal: AbortSignal;
  readonly l10n: L10n;
  readonly now: () => number;
}

export interface AgentOutcome {
  /** The last step's result (its `end` is the turn's). */
  readonly last: ChatResult;
  readonly steps: number;
  /** Tokens of every step, summed; undefined when the gateway reported none. */
  readonly usage?: { readonly promptTokens: number; readonly completionTokens: number };
}

/** Cuts a result to MAX_RESULT_CHARS, saying so, so one tool cannot fill the request. */
function bounded(text: string): string {
  if (text.length <= MAX_RESULT_CHARS) return text;
  return `${text.slice(0, MAX_RESULT_CHARS)}\n[cut: ${(text.length - MAX_RESULT_CHARS).toLocaleString('en-US')} more characters]`;
}

/** What a call that cannot run is answered with; the model is told why, the loop goes on. */
function problemText(call: ToolCall): string | undefined {
  switch (call.problem) {
    case 'argumentsTooLong':
      return `Error: the arguments of this ${call.name} call were too long and were not read. Send smaller arguments (for a large change, several edit_file calls).`;
    case 'missingName':
      return 'Error: this tool call had no function name. Call one of the offered tools by name.';
    case 'nameTooLong':
      return `Error: there is no tool with that name. Call one of the offered tools by name.`;
    default:
      return undefined;
  }
}

/** Runs the loop; throws what `stream` throws (the engine maps it), and a ToolTurnTooLargeError when results cannot fit. */
export async function runAgentSteps(input: AgentSteps): Promise<AgentOutcome> {
  const { request, toolbox, signal, l10n } = input;
  const { messages: first, ...rest } = request;
  const messages: ChatMessage[] = [...first];
  let usage: AgentOutcome['usage'];
  let steps = 0;
  for (;;) {
    const result = await input.stream({ ...rest, messages });
    if (result.usage) {
      usage = { promptTokens: (usage?.promptTokens ?? 0) + result.usage.promptTokens, completionTokens: (usage?.completionTokens ?? 0) + result.usage.completionTokens };
      input.emit({ type: 'tokens', ...usage });
    }
    steps++;
    if (!result.asksForTools || signal.aborted) return { last: result, steps, usage };
    if (steps >= input.maxSteps) {
      input.write(l10n.t('\n\nStopped after {0} steps (the limit set in "monsterGaming.agent.maxSteps"). Ask to continue, or raise the limit.', input.maxSteps));
      return { last: { ...result, asksForTools: false }, steps, usage };
    }
    const keepFrom = messages.length;
    messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls } satisfies AssistantToolCallsTurn);
    for (const [index, call] of result.toolCalls.entries()) {
      const started = input.now();
      input.emit({ type: 'toolCall', call });
      let content: string;
      let ok = false;
      let refused = false;
      const problem = problemText(call);
      if (problem) content = problem;
      else if (signal.aborted) content = 'Error: stopped by the user before this call ran.';
      else {
        const outcome = await toolbox.run(call, signal);
        ok = outcome.ok;
        refused = outcome.refused === true;
        content = bounded(outcome.text);
      }
      if (index === result.toolCalls.length - 1 && result.droppedToolCalls > 0) {
        content += `\n(${result.droppedToolCalls} further calls in this step were not run: at most 32 calls a step. Call them again.)`;
      }
      // A call Stop cut (or never ran) did not fail: its row says it stopped.
      const stopped = !ok && signal.aborted;
      input.emit({ type: 'toolResult', id: call.id, name: call.name, ok, text: content, ms: input.now() - started, ...(stopped ? { stopped } : refused ? { refused } : {}) });
      messages.push({ role: 'tool', toolCallId: call.id, content });
    }
    if (signal.aborted) return { last: { ...result, end: 'stopped', asksForTools: false }, steps, usage };
    if (!fitToolResults(messages, rest, input.limitBytes, keepFrom)) {
      throw new ToolTurnTooLargeError(requestBytes({ ...rest, messages }), input.limitBytes);
    }
    if (result.text.trim()) input.write('\n\n');
  }
}

/** The tool results of the last step alone are over the body limit. */
export class ToolTurnTooLargeError extends Error {
  constructor(
    readonly bodyBytes: number,
    readonly limitBytes: number,
  ) {
    super(`The agent's request grew to ${Math.ceil(bodyBytes / 1024)} KB; the limit is ${Math.floor(limitBytes / 1024)} KB.`);
    this.name = 'ToolTurnTooLargeError';
  }
}
