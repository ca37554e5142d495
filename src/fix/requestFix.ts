import type { AnswerEngine } from '../answering/engine';
import { buildFixRequest, type FixInput, type FixRequest } from './fixContext';
import type { FixProposal } from './fixProposal';
import { requestProposal, type ProposalExchange } from './requestProposal';

/** A fix's facts; the engine adds the engine line, the specialist prompt, the rules, the model and the limit. */
export type FixFacts = Omit<FixInput, 'systemContext' | 'specialistPrompt' | 'rules' | 'model' | 'limitBytes'>;

export interface FixOutcome {
  readonly request: FixRequest;
  readonly proposal: FixProposal;
  /** Who answered (`X-Monster-Discipline` when the gateway routed). */
  readonly discipline?: string;
}

/** The fix exchange (CONTRACT.md "The fix exchange") for one diagnostic, around the engine's prelude. */
export function fixExchange(facts: FixFacts): ProposalExchange<FixRequest> {
  return {
    surface: 'fix',
    subject: { text: facts.diagnostic.message, languageId: facts.languageId, path: facts.relativePath },
    build: (prelude) => {
      const request = buildFixRequest({
        ...facts,
        systemContext: prelude.engineLine,
        ...(prelude.specialistPrompt ? { specialistPrompt: prelude.specialistPrompt } : {}),
        ...(prelude.rules ? { rules: prelude.rules } : {}),
        model: prelude.model,
        limitBytes: prelude.limitBytes,
      });
      // Edits stay where the model looked: inside the window sent, off the lines sent cut.
      return { messages: request.messages, bounds: { lineCount: facts.lines.length, allowed: request.window, locked: request.cutLines }, sent: request };
    },
  };
}

/**
 * Asks for a fix of one diagnostic through the answering engine and validates the answer against
 * the document as sent and the lines the model was shown (FixRefusedError 'outside-window' /
 * 'cut-line' otherwise). Throws a GatewayError for request failures and a FixRefusedError for
 * answers that must not be applied.
 */
export async function requestFix(engine: Pick<AnswerEngine, 'run'>, facts: FixFacts, signal: AbortSignal, onWait?: (message: string) => void): Promise<FixOutcome> {
  const outcome = await requestProposal(engine, fixExchange(facts), signal, onWait);
  return { request: outcome.sent, proposal: outcome.proposal, discipline: outcome.discipline };
}
