/**
 * Where a chat request meets tools, for the Monster Gaming API and the other gateways' routes
 * alike: the rejects-tools switch, which queued fault fits the request, and the calls of a
 * scripted agent turn with a tool fault applied.
 */
import type { AgentTurn } from './agentScripts';
import type { ToolCallPlan } from './completion';
import { STRUCTURED_FAULTS, TOOL_TURN_FAULTS, type FaultSpec } from './faults';

/** Which models refuse `tools`: all of them, or the listed ids (the `rejectTools` option, `--reject-tools`). */
export type RejectTools = boolean | readonly string[];

export function rejectsTools(setting: RejectTools | undefined, model: string): boolean {
  return setting === true || (Array.isArray(setting) && setting.includes(model));
}

/**
 * The words of a provider without function calling (Ollama, DeepSeek and others say much the
 * same), naming the models of `catalogue` that do take tools, when any.
 */
export function toolsRejectedMessage(model: string, setting: RejectTools | undefined, catalogue: readonly string[]): string {
  const others = catalogue.filter((id) => id !== model && !rejectsTools(setting, id));
  const instead = others.length > 0 ? `, or pick a model that supports them: ${others.join(', ')}` : '';
  return `Model "${model}" does not support tools (function calling). Send the request without "tools"${instead}.`;
}

/** Whether a queued fault applies to this request (see FaultQueue.take). */
export function faultFits(spec: FaultSpec, carriesTools: boolean, callsTools: boolean, asksSchema = false, carriesStreamOptions = false): boolean {
  if (spec.kind === 'rejectTools') return carriesTools;
  if (spec.kind === 'rejectStreamOptions') return carriesStreamOptions;
  if (STRUCTURED_FAULTS.has(spec.kind)) return asksSchema;
  return !TOOL_TURN_FAULTS.has(spec.kind) || callsTools;
}

/** The turn's calls with ids, the first one broken (or all repeated) as a tool fault says. */
export function plannedCalls(turn: AgentTurn, fault: FaultSpec | undefined, nextId: () => string): ToolCallPlan[] {
  const calls = fault?.kind === 'manyToolCalls' && turn.calls.length > 0 ? Array.from({ length: fault.total ?? 40 }, (_, i) => turn.calls[i % turn.calls.length]) : turn.calls;
  return calls.map((call, index): ToolCallPlan => {
    const planned = { id: nextId(), name: call.name, arguments: call.arguments };
    if (index !== 0) return planned;
    if (fault?.kind === 'unknownTool') return { ...planned, name: fault.name ?? 'write_file' };
    if (fault?.kind === 'unnamedToolCall') return { ...planned, name: '' };
    if (fault?.kind === 'malformedToolArguments') return { ...planned, arguments: fault.arguments ?? call.arguments.replace(/\}\s*$/, '') };
    return planned;
  });
}
