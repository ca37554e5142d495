import type { ChatGateway } from '../chat/chatController';
import { GatewayError } from '../gateway/errors';
import { withRateLimitRetry, type Clock } from '../gateway/retry';
import { buildFixRequest, type FixInput, type FixRequest } from './fixContext';
import { parseFixAnswer, type FixProposal } from './fixProposal';

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
  const result = await withRateLimitRetry(
    () =>
      gateway.streamChat(
        { model: input.model, messages: request.messages, responseFormat: 'json_object', temperature: 0 },
        { onDelta: () => undefined, onResponse: (info) => (discipline = info.discipline) },
        signal,
      ),
    { maxWaitSeconds: options.maxWaitSeconds, maxRetries: 2 },
    signal,
    (retryAt) => options.onWait?.(retryAt),
    options.clock,
  );
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
