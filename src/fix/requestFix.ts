import type { ChatGateway } from '../chat/chatController';
import { GatewayError } from '../gateway/errors';
import { withRateLimitRetry, type Clock } from '../gateway/retry';
import { buildFixRequest, type FixInput, type FixRequest } from './fixContext';
import { FixRefusedError, MAX_ANSWER_CHARS, parseFixAnswer, type FixProposal } from './fixProposal';

export interface FixOutcome {
  readonly request: FixRequest;
  readonly proposal: FixProposal;
  /** `X-Monster-Discipline`, when the gateway routed. */
  readonly discipline?: string;
}

/**
 * Asks the gateway for a fix and validates the answer against the document as sent and the lines
 * the model was shown (FixRefusedError 'outside-window' / 'cut-line' otherwise). Throws a
 * GatewayError for request failures and a FixRefusedError for answers that must not be applied.
 */
export async function requestFix(
  gateway: ChatGateway,
  input: FixInput,
  signal: AbortSignal,
  options: { readonly maxWaitSeconds: number; readonly onWait?: (retryAt: number) => void; readonly clock?: Clock },
): Promise<FixOutcome> {
  const request = buildFixRequest(input);
  let discipline: string | undefined;
  // A fix is a few KB of JSON: an answer that grows past any fix is stopped, not collected whole.
  const tooLong = new AbortController();
  const stream = AbortSignal.any([signal, tooLong.signal]);
  let received = 0;
  const result = await withRateLimitRetry(
    () => {
      received = 0;
      return gateway.streamChat(
        { model: input.model, messages: request.messages, responseFormat: 'json_object', temperature: 0 },
        {
          onDelta: (text) => {
            received += text.length;
            if (received > MAX_ANSWER_CHARS) tooLong.abort();
          },
          onResponse: (info) => (discipline = info.discipline),
        },
        stream,
      );
    },
    { maxWaitSeconds: options.maxWaitSeconds, maxRetries: 2 },
    stream,
    (retryAt) => options.onWait?.(retryAt),
    options.clock,
  );
  if (tooLong.signal.aborted && !signal.aborted) {
    throw new FixRefusedError('unparsable', `The answer was too long to be a fix (over ${MAX_ANSWER_CHARS / 1024} KB), so it was stopped and nothing was changed.`);
  }
  if (result.end === 'stopped') {
    throw new GatewayError('CANCELLED', 'The fix was cancelled.');
  }
  if (result.end === 'incomplete') {
    throw new GatewayError('STREAM_CUT', 'The answer ended before the fix was complete; nothing was changed.');
  }
  // Edits stay where the model looked: inside the window sent, off the lines sent cut.
  const bounds = { lineCount: input.lines.length, allowed: request.window, locked: request.cutLines };
  return { request, proposal: parseFixAnswer(result.text, bounds), discipline };
}
