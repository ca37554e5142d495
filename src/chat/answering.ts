/**
 * How a question becomes a gateway request and an answer, shared by every place that answers:
 * the sidebar chat, `@monster` in VS Code's Chat view, and (for the specialist prompt) fixes.
 * Knows nothing of VS Code, so it is tested against the development gateway directly.
 */
import { disciplineById, specialistPrompt, type Discipline } from '../disciplines/catalog';
import type { DisciplineRouter } from '../disciplines/router';
import type { ChatRequest, ChatResult, ChatTurn, StreamHandlers } from '../gateway/client';
import type { GatewayError } from '../gateway/errors';
import { withRateLimitRetry, type Clock } from '../gateway/retry';
import { fitToBodyLimit } from './contextWindow';

/** The model that routes to specialists on the gateway. */
export const ROUTING_MODEL = 'monster-gpt';

/** Does the gateway pick the specialist? Only Monster Gaming with monster-gpt does (settings say so). */
export function gatewayRoutes(settings: { readonly model: string; readonly gatewayRoutes?: boolean }): boolean {
  return settings.gatewayRoutes ?? settings.model === ROUTING_MODEL;
}

/** 429s retried automatically per answer. */
export const MAX_RATE_LIMIT_RETRIES = 3;

/** The gateway call answering needs (GatewayClient implements it). */
export interface ChatGateway {
  streamChat(request: ChatRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ChatResult>;
}

/** What routing looks at in the question being answered. */
export interface RoutedQuestion {
  readonly text: string;
  /** VS Code language id of the file the question is about. */
  readonly languageId?: string;
  readonly fileName?: string;
}

/** The specialist expected before the gateway says who answered. */
export interface LocalDiscipline {
  readonly discipline: Discipline;
  /** `pinned`: the user chose it; `local`: the router predicted it. */
  readonly source: 'pinned' | 'local';
}

/** The pin (a discipline id, or `auto`), else the router's prediction for the question. */
export function chooseDiscipline(pin: string, router: DisciplineRouter, question: RoutedQuestion | undefined): LocalDiscipline {
  if (pin !== 'auto') {
    return { discipline: disciplineById(pin), source: 'pinned' };
  }
  const prediction = router.predict({ prompt: question?.text ?? '', languageId: question?.languageId, fileName: question?.fileName });
  return { discipline: prediction.discipline, source: 'local' };
}

/**
 * The request for the next answer: the specialist prompt (when the gateway does not route, or a
 * pin must be honoured), the editor context line, and the conversation trimmed to fit the
 * gateway's 64 KB body limit. Throws ContextTooLargeError when the newest question alone is too big.
 */
export function buildAnswerRequest(
  model: string,
  local: LocalDiscipline,
  systemContext: string | undefined,
  turns: readonly ChatTurn[],
  allowFallback = false,
  routes: boolean = model === ROUTING_MODEL,
): { request: ChatRequest; droppedTurns: number } {
  const system: ChatTurn[] = [];
  // A routing gateway picks its own specialist; other gateways get ours. A pin is honoured either way.
  if (!routes || local.source === 'pinned') {
    system.push({ role: 'system', content: specialistPrompt(local.discipline) });
  }
  if (systemContext) {
    system.push({ role: 'system', content: systemContext });
  }
  const extra = allowFallback ? { allow_fallback: true } : {};
  const fitted = fitToBodyLimit(model, system, turns, undefined, extra);
  return { request: { model, messages: fitted.messages, allowFallback }, droppedTurns: fitted.droppedTurns };
}

/** Streams an answer, waiting out 429 `Retry-After`s within `maxWaitSeconds` (telling `onWait`). */
export function streamAnswer(
  gateway: ChatGateway,
  request: ChatRequest,
  handlers: StreamHandlers,
  signal: AbortSignal,
  options: { readonly maxWaitSeconds: number; readonly onWait?: (retryAt: number, error: GatewayError) => void; readonly clock?: Clock },
): Promise<ChatResult> {
  return withRateLimitRetry(
    () => gateway.streamChat(request, handlers, signal),
    { maxWaitSeconds: options.maxWaitSeconds, maxRetries: MAX_RATE_LIMIT_RETRIES },
    signal,
    (retryAt, error) => options.onWait?.(retryAt, error),
    options.clock,
  );
}
