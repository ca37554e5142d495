/**
 * One proposal of edits through the answering engine (fixes and Edit Selection alike): the
 * exchange's messages built around the engine's prelude, the answer bounded and parsed, and its
 * edits held to the lines the model was shown. No `vscode`, so it is tested against the
 * development gateway.
 */
import type { AnswerEngine } from '../answering/engine';
import type { Prelude, ProposalSubject } from '../answering/types';
import type { ChatTurn } from '../gateway/client';
import { GatewayError } from '../gateway/errors';
import { EDIT_LIST_NAME, EDIT_LIST_SCHEMA } from './editListSchema';
import { FixRefusedError, MAX_ANSWER_CHARS, parseFixAnswer, parseStructuredAnswer, type EditBounds, type FixProposal } from './fixProposal';

/** What one kind of proposal sends, and where its edits may go. */
export interface ProposalExchange<Sent> {
  readonly surface: 'fix' | 'edit';
  /** What routing and the engine line look at. */
  readonly subject: ProposalSubject;
  /** The exchange's messages around the prelude; `sent` is what the caller wants to know of them (window, size). */
  build(prelude: Prelude): { readonly messages: readonly ChatTurn[]; readonly bounds: EditBounds; readonly sent: Sent };
}

export interface ProposalOutcome<Sent> {
  readonly proposal: FixProposal;
  readonly sent: Sent;
  /** Who answered (named by the gateway, or the specialist we asked). */
  readonly discipline?: string;
}

/**
 * Asks for a proposal and validates it. Throws a GatewayError for request failures (CANCELLED when
 * the caller stopped it) and a FixRefusedError for answers that must not be applied.
 */
export async function requestProposal<Sent>(
  engine: Pick<AnswerEngine, 'run'>,
  exchange: ProposalExchange<Sent>,
  signal: AbortSignal,
  onWait?: (message: string) => void,
): Promise<ProposalOutcome<Sent>> {
  let built: ReturnType<ProposalExchange<Sent>['build']> | undefined;
  const result = await engine.run(
    {
      surface: exchange.surface,
      mode: {
        kind: 'proposal',
        subject: exchange.subject,
        schema: { name: EDIT_LIST_NAME, schema: EDIT_LIST_SCHEMA },
        build: (prelude) => {
          built = exchange.build(prelude);
          return built.messages;
        },
      },
    },
    (event) => {
      if (event.type === 'waiting') onWait?.(event.message);
    },
    signal,
  );
  if (result.type === 'error') {
    if (result.error.code === 'ANSWER_TOO_LONG') {
      throw new FixRefusedError('unparsable', `The answer was too long to be a fix (over ${MAX_ANSWER_CHARS / 1024} KB), so it was stopped and nothing was changed.`);
    }
    throw result.error;
  }
  if (result.end === 'stopped' || !built) {
    throw new GatewayError('CANCELLED', 'The request was cancelled.');
  }
  // An answer given under the schema must match it whole; only a json_object answer is read tolerantly.
  const proposal = result.structured ? parseStructuredAnswer(result.text, built.bounds) : parseFixAnswer(result.text, built.bounds);
  return { proposal, sent: built.sent, discipline: result.discipline?.id };
}
