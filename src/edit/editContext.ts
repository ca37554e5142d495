/**
 * Edit Selection's exchange (CONTRACT.md: it "uses the fix exchange: the same JSON shape and
 * `response_format`, with the instruction and the selected lines (numbered as for fixes) in the
 * user message; edits must stay inside the selected lines"). A few lines either side go along,
 * marked as context only, so the model sees what surrounds the code it changes. Pure, so the
 * message and its bounds are unit-tested without VS Code.
 */
import { ContextTooLargeError, GATEWAY_BODY_LIMIT_BYTES, requestBytes } from '../answering/bodyLimit';
import type { ChatTurn } from '../gateway/client';
import { cutLines, NEW_TEXT_MEANING, numberLines, type LineRange } from '../fix/fixContext';
import type { EditBounds } from '../fix/fixProposal';
import type { ProposalExchange } from '../fix/requestProposal';

export const EDIT_INSTRUCTIONS = [
  "You change the lines of the user's code that they selected, as their instruction says.",
  'Reply with JSON only, of this shape:',
  '{"explanation": "what the change does", "edits": [{"startLine": 12, "endLine": 14, "newText": "float foamAmount = 0;"}]}',
  'startLine and endLine are 1-based and inclusive, numbered as in the code you are shown. Edit only the selected lines: the lines shown before and after them are context, never to be edited. Never edit a line that ends in "…(line cut)": it was too long to show whole.',
  NEW_TEXT_MEANING,
  'Do what the instruction asks and nothing else. Edits must not overlap. Do not reformat code the instruction does not mention.',
].join('\n');

/** Lines of context shown before and after the selection (fewer when they do not fit). */
export const CONTEXT_LINES = 15;
/** An instruction is a sentence or two; a longer paste is cut. */
export const MAX_INSTRUCTION_CHARS = 2_000;
/** Room kept under the body limit for a gateway that counts a little differently. */
const BODY_MARGIN = 4 * 1024;

export interface EditInput {
  /** The document's lines as sent (its version is what edits refer to). */
  readonly lines: readonly string[];
  readonly relativePath: string;
  readonly languageId: string;
  readonly instruction: string;
  /** The selected lines, 1-based and inclusive: the only lines edits may change. */
  readonly selection: LineRange;
  /** The engine line (`Engine: Unity 2022.3. Language: HLSL.`). */
  readonly systemContext: string;
  readonly specialistPrompt?: string;
  /** The `Project rules` system message, when rules apply. */
  readonly rules?: ChatTurn;
  readonly model: string;
  readonly limitBytes?: number;
}

export interface EditRequest {
  readonly messages: ChatTurn[];
  /** Where the edits may go: the selected lines, minus those sent cut. */
  readonly bounds: EditBounds;
  /** Lines of context sent either side. */
  readonly contextLines: number;
  readonly bodyBytes: number;
}

/** The instruction on one line, bounded. */
export function oneLineInstruction(instruction: string): string {
  const flat = instruction.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_INSTRUCTION_CHARS ? `${flat.slice(0, MAX_INSTRUCTION_CHARS)}…` : flat;
}

function userMessage(input: EditInput, context: number): string {
  const { selection, lines } = input;
  const count = lines.length;
  const before: LineRange = { startLine: Math.max(1, selection.startLine - context), endLine: selection.startLine - 1 };
  const after: LineRange = { startLine: selection.endLine + 1, endLine: Math.min(count, selection.endLine + context) };
  const parts = [
    `Instruction: ${oneLineInstruction(input.instruction)}`,
    `File: ${input.relativePath} (${input.languageId})`,
    `Selected lines: ${selection.startLine}-${selection.endLine} of ${count}`,
  ];
  if (before.endLine >= before.startLine) parts.push('', `Context before the selection (lines ${before.startLine}-${before.endLine}, do not edit):`, numberLines(lines, before));
  parts.push('', `Code (lines ${selection.startLine}-${selection.endLine} of ${count}, the selection):`, numberLines(lines, selection));
  if (after.endLine >= after.startLine) parts.push('', `Context after the selection (lines ${after.startLine}-${after.endLine}, do not edit):`, numberLines(lines, after));
  return parts.join('\n');
}

/**
 * The request for an edit, under the body limit: the context either side shrinks first; a
 * selection that does not fit alone is refused (ContextTooLargeError), never cut, since the
 * model must see every line it may change.
 */
export function buildEditRequest(input: EditInput): EditRequest {
  const system = [EDIT_INSTRUCTIONS, input.systemContext, input.specialistPrompt].filter(Boolean).join('\n\n');
  const limit = input.limitBytes ?? GATEWAY_BODY_LIMIT_BYTES;
  let bodyBytes = 0;
  for (let context = CONTEXT_LINES; context >= 0; context = context > 0 ? Math.floor(context / 2) : -1) {
    const messages: ChatTurn[] = [
      { role: 'system', content: system },
      ...(input.rules ? [input.rules] : []),
      { role: 'user', content: userMessage(input, context) },
    ];
    bodyBytes = requestBytes({ model: input.model, messages, responseFormat: 'json_object', temperature: 0 });
    if (bodyBytes <= limit - BODY_MARGIN) {
      const bounds: EditBounds = { lineCount: input.lines.length, allowed: input.selection, locked: cutLines(input.lines, input.selection) };
      return { messages, bounds, contextLines: context, bodyBytes };
    }
  }
  throw new ContextTooLargeError(bodyBytes, limit);
}

/** The file an edit is of: its lines as they are now (what edits refer to), its path and language. */
export interface EditedFile {
  readonly lines: readonly string[];
  readonly relativePath: string;
  readonly languageId: string;
}

/** Edit Selection's exchange for `selection` of `file`, around the engine's prelude. */
export function editExchange(file: EditedFile, selection: LineRange, instruction: string): ProposalExchange<EditRequest> {
  return {
    surface: 'edit',
    // Routing reads the instruction and the selected code: "make this fresnel softer" in a shader goes to the Technical Artist.
    subject: { text: `${instruction}\n${file.lines.slice(selection.startLine - 1, selection.endLine).join('\n')}`, languageId: file.languageId, path: file.relativePath },
    build: (prelude) => {
      const request = buildEditRequest({
        ...file,
        instruction,
        selection,
        systemContext: prelude.engineLine,
        ...(prelude.specialistPrompt ? { specialistPrompt: prelude.specialistPrompt } : {}),
        ...(prelude.rules ? { rules: prelude.rules } : {}),
        model: prelude.model,
        limitBytes: prelude.limitBytes,
      });
      return { messages: request.messages, bounds: request.bounds, sent: request };
    },
  };
}
