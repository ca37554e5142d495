/**
 * Assembles streamed `tool_calls` deltas (OpenAI chat completions) into whole calls.
 *
 * Gateways split a call the way their model emits it: OpenAI sends the id, type and name first
 * with empty arguments, then the arguments in token-sized pieces, one call after another by
 * `index`; others send each call whole, several in one delta, or leave `index` out and tell calls
 * apart by `id`. Everything here is model output, so it is hostile: any shape is tolerated (never
 * a throw), and sizes are bounded (calls per message, characters per call and in all).
 * Also here, since only a request with tools needs it: telling a refusal of `tools` apart.
 * Loaded with the SDK (re-exported by sdk.ts), never at activation.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';

/** More calls than this in one message are dropped (and counted): no agent step needs them. */
export const MAX_TOOL_CALLS = 32;
/** A call's arguments may be this long; longer ones are marked `argumentsTooLong` and emptied. */
export const MAX_TOOL_ARGUMENT_CHARS = 256 * 1024;
/** All calls of one message together: beyond it, further arguments mark their calls too long. */
export const MAX_TOTAL_ARGUMENT_CHARS = 1024 * 1024;
/** Dropped calls remembered by index; a stream past this many is hostile, and its further deltas each count. */
const MAX_DROPPED_TRACKED = 1_024;
/** OpenAI's own limit for function names. */
const MAX_NAME_CHARS = 64;
const MAX_ID_CHARS = 128;

/** Why a call cannot be run as sent (the loop answers it with an `Error:` result). */
export type ToolCallProblem =
  /** The arguments grew past MAX_TOOL_ARGUMENT_CHARS (or the message's total); none are kept. */
  | 'argumentsTooLong'
  /** No function name arrived. */
  | 'missingName'
  /** The name was longer than any tool's (cut to 64 characters). */
  | 'nameTooLong';

/** One complete call the model asked for. */
export interface ToolCall {
  /** The gateway's id, or one of ours (`call_local_N`) when it sent none or repeated one; unique in the message. */
  readonly id: string;
  /** The function name as sent (the loop checks it against the tools it offered). */
  readonly name: string;
  /** The arguments' JSON text exactly as sent; it may be invalid JSON. Empty when cut (see `problem`). */
  readonly arguments: string;
  readonly problem?: ToolCallProblem;
}

/** The SDK's delta type: what a well-behaved gateway sends. */
export type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall;

interface Building {
  readonly order: number;
  id: string | undefined;
  name: string;
  pieces: string[];
  chars: number;
  problem: ToolCallProblem | undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Collects the `tool_calls` of one assistant message, delta by delta. */
export class ToolCallAssembler {
  /** By the gateway's `index` (a Map: an index of 10⁹ must not allocate an array that long). */
  private readonly byIndex = new Map<number, Building>();
  private readonly building: Building[] = [];
  /** The call that index-less deltas continue. */
  private last: Building | undefined;
  private totalChars = 0;
  /** Calls beyond MAX_TOOL_CALLS, not kept. */
  dropped = 0;
  /** The indexes of dropped calls, so their later deltas neither count again nor start a call (bounded like the calls). */
  private readonly droppedIndexes = new Set<number>();
  /** The last index-less call was dropped (with its id): its continuations go nowhere, not to the last call kept. */
  private droppedLast: { readonly id: string | undefined } | undefined;

  /**
   * Takes one chunk's `delta.tool_calls`: typed as a ToolCallDelta array, but anything may come
   * and is checked here. Returns the names of calls whose name arrived with it (for progress).
   */
  push(deltas: unknown): string[] {
    if (!Array.isArray(deltas)) return [];
    const named: string[] = [];
    for (const delta of deltas as unknown[]) {
      const name = this.pushOne(asRecord(delta));
      if (name !== undefined) named.push(name);
    }
    return named;
  }

  get hasCalls(): boolean {
    return this.building.length > 0;
  }

  /** Adds one delta; returns the call's name when this delta brought it. */
  private pushOne(delta: Record<string, unknown> | undefined): string | undefined {
    if (!delta) return undefined;
    const fn = asRecord(delta.function);
    const id = typeof delta.id === 'string' && delta.id !== '' ? delta.id : undefined;
    const call = this.callFor(delta.index, id);
    if (!call) return undefined;
    if (id !== undefined && call.id === undefined) call.id = id;
    if (!fn) return undefined;
    let named: string | undefined;
    if (typeof fn.name === 'string' && fn.name !== '' && call.name === '') {
      call.name = named = fn.name.length > MAX_NAME_CHARS ? fn.name.slice(0, MAX_NAME_CHARS) : fn.name;
      if (fn.name.length > MAX_NAME_CHARS) call.problem ??= 'nameTooLong';
    }
    if (typeof fn.arguments === 'string' && fn.arguments !== '') this.append(call, fn.arguments);
    return named;
  }

  /** The call a delta belongs to: by `index`, else (no index) the last one unless the id says it is new. */
  private callFor(index: unknown, id: string | undefined): Building | undefined {
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0) {
      const known = this.byIndex.get(index);
      if (known) return (this.last = known);
      if (this.droppedIndexes.has(index)) return undefined;
      const fresh = this.start(index);
      if (fresh) this.byIndex.set(index, fresh);
      else if (this.droppedIndexes.size < MAX_DROPPED_TRACKED) this.droppedIndexes.add(index);
      return fresh;
    }
    if (index !== undefined && index !== null) return undefined;
    if (this.droppedLast && (id === undefined || id === this.droppedLast.id)) return undefined;
    if (this.last && (id === undefined || this.last.id === undefined || this.last.id === id)) return this.last;
    const fresh = this.start(Number.MAX_SAFE_INTEGER);
    this.droppedLast = fresh ? undefined : { id };
    return fresh;
  }

  private start(index: number): Building | undefined {
    if (this.building.length >= MAX_TOOL_CALLS) {
      this.dropped += 1;
      return undefined;
    }
    // Sparse or index-less calls keep the gateway's order: by index, then by arrival.
    const call: Building = { order: index, id: undefined, name: '', pieces: [], chars: 0, problem: undefined };
    this.building.push(call);
    return (this.last = call);
  }

  private append(call: Building, piece: string): void {
    if (call.problem === 'argumentsTooLong') return;
    if (call.chars + piece.length > MAX_TOOL_ARGUMENT_CHARS || this.totalChars + piece.length > MAX_TOTAL_ARGUMENT_CHARS) {
      this.totalChars -= call.chars;
      call.pieces = [];
      call.chars = 0;
      call.problem = 'argumentsTooLong';
      return;
    }
    call.pieces.push(piece);
    call.chars += piece.length;
    this.totalChars += piece.length;
  }

  /** The calls so far, in the gateway's order, each with a unique non-empty id. */
  calls(): ToolCall[] {
    const used = new Set<string>();
    const sorted = this.building.map((call, arrival) => ({ call, arrival })).sort((a, b) => a.call.order - b.call.order || a.arrival - b.arrival);
    return sorted.map(({ call }, position): ToolCall => {
      let id = call.id !== undefined && call.id.length <= MAX_ID_CHARS && !used.has(call.id) ? call.id : undefined;
      for (let n = position; id === undefined || used.has(id); n++) id = `call_local_${n}`;
      used.add(id);
      const problem = call.problem ?? (call.name === '' ? 'missingName' : undefined);
      return { id, name: call.name, arguments: call.pieces.join(''), ...(problem ? { problem } : {}) };
    });
  }
}

/**
 * How gateways say a model takes no tools: Ollama "… does not support tools", DeepSeek "… does
 * not support Function Calling", Groq "tools is not supported with this model", OpenRouter "No
 * endpoints found that support tool use", vLLM "… requires --enable-auto-tool-choice …". Narrow on
 * purpose: a refused tool *message* ("messages with role 'tool' must be a response to …") is our
 * bug, not the model's limit, and must keep its own code.
 */
const TOOLS_REFUSAL =
  /\bnot support(?:s|ed)?\b[^.\n]{0,40}?\b(?:tools?|tool[ _-]?(?:use|calls?|calling)|function[ _-]?call(?:s|ing)?)\b|\b(?:tools?|tool[ _-]?(?:use|calls?|calling)|function[ _-]?call(?:s|ing)?)\b[^.\n]{0,40}?\b(?:is|are) not (?:supported|available|enabled)\b|\bsupport tool use\b|enable-auto-tool-choice/i;

/** Whether a failed request that carried `tools` was refused for them (a 400/404/422/501 in one of the wordings above). */
export function refusesTools(status: number | undefined, message: string): boolean {
  return (status === 400 || status === 404 || status === 422 || status === 501) && TOOLS_REFUSAL.test(message);
}
