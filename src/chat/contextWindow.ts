import type { ChatTurn } from '../gateway/client';

/** The gateway refuses chat bodies over 64 KB (PAYLOAD_TOO_LARGE). */
export const GATEWAY_BODY_LIMIT_BYTES = 64 * 1024;
/** Room for the request's other fields and for a gateway that counts a little differently. */
const SAFETY_MARGIN_BYTES = 2 * 1024;

export interface TrimResult {
  readonly messages: ChatTurn[];
  /** How many conversation turns were left out (oldest first). */
  readonly droppedTurns: number;
  /** Size of the JSON body that will be sent. */
  readonly bodyBytes: number;
}

export class ContextTooLargeError extends Error {
  constructor(readonly bodyBytes: number, readonly limitBytes: number) {
    super(
      `The question alone is ${Math.ceil(bodyBytes / 1024)} KB; the gateway accepts at most ${Math.floor(limitBytes / 1024)} KB. Ask about a smaller selection.`,
    );
    this.name = 'ContextTooLargeError';
  }
}

/** Bytes of the chat request body as the SDK will serialize it. */
export function requestBodyBytes(model: string, messages: readonly ChatTurn[], extra: Readonly<Record<string, unknown>> = {}): number {
  return Buffer.byteLength(JSON.stringify({ model, messages, stream: true, ...extra }), 'utf8');
}

/**
 * Fits a conversation under the gateway's body limit by leaving out the oldest turns first.
 * System messages and the newest user message always stay; a dropped user turn takes the
 * assistant answer that followed it along, so the history never starts with an answer.
 */
export function fitToBodyLimit(
  model: string,
  system: readonly ChatTurn[],
  turns: readonly ChatTurn[],
  limitBytes: number = GATEWAY_BODY_LIMIT_BYTES,
  extra: Readonly<Record<string, unknown>> = {},
): TrimResult {
  const budget = limitBytes - SAFETY_MARGIN_BYTES;
  // Each message is serialized once; the body is the envelope plus the messages and the commas
  // between them. (Re-serializing the whole conversation per dropped turn made a 1,000-message
  // conversation take seconds.)
  const envelope = requestBodyBytes(model, [], extra);
  const size = (turn: ChatTurn): number => Buffer.byteLength(JSON.stringify({ role: turn.role, content: turn.content }), 'utf8');
  const systemBytes = system.reduce((sum, turn) => sum + size(turn), 0);
  const turnBytes = turns.map(size);
  let keptBytes = turnBytes.reduce((sum, bytes) => sum + bytes, 0);
  let first = 0;
  const body = (): number => {
    const count = system.length + turns.length - first;
    return envelope + systemBytes + keptBytes + Math.max(0, count - 1);
  };
  while (body() > budget && turns.length - first > 1) {
    keptBytes -= turnBytes[first++];
    while (turns.length - first > 1 && turns[first].role !== 'user') {
      keptBytes -= turnBytes[first++];
    }
  }
  const kept = turns.slice(first);
  const bytes = requestBodyBytes(model, [...system, ...kept], extra);
  if (bytes > budget) {
    throw new ContextTooLargeError(bytes, limitBytes);
  }
  return { messages: [...system, ...kept], droppedTurns: first, bodyBytes: bytes };
}
