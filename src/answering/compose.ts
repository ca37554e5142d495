/**
 * A question and the project's context as request messages (CONTRACT.md "Context in the
 * sidebar"), fitted under the body limit. The one place that decides what a request carries:
 *
 *   [specialist prompt] [engine line] [Project rules …] [older turns…] [question + items]
 *
 * When it does not fit, context is cut in the visible priority order the issue gives (question,
 * explicit mentions, selection, rules, active file, older turns): older turns go first, then the
 * active file, rules, the selection and mentions, each shortened before it is dropped where a
 * useful part still fits. The question is never cut. Pure, so every cut is unit-tested.
 */
import type { ChatMessage, ChatRequest, ChatTurn } from '../gateway/client';
import { ContextTooLargeError, DROPPED_RESULT, fitToolResults, messageBytes, requestBytes, SAFETY_MARGIN_BYTES } from './bodyLimit';
import type { ContextItem, ContextReport, LineSpan, ProjectRule } from './contextTypes';
import type { L10n } from './l10n';

/** A turn of the conversation so far; a user turn keeps the items it was sent with. */
export interface ConversationTurn {
  readonly role: 'user' | 'assistant';
  readonly content: string;
  readonly items?: readonly ContextItem[];
}

/** Everything a chat request is made of. */
export interface ChatComposition {
  readonly model: string;
  /** System messages that are never cut (the specialist prompt, the engine line). */
  readonly system: readonly ChatTurn[];
  readonly rules: readonly ProjectRule[];
  readonly history: readonly ConversationTurn[];
  readonly question: string;
  readonly items: readonly ContextItem[];
  /** Request fields besides the messages (they count toward the body too). */
  readonly options?: Omit<ChatRequest, 'model' | 'messages'>;
  readonly limitBytes: number;
}

export interface Composed {
  readonly request: ChatRequest;
  readonly report: ContextReport;
  /** The items as sent (shortened ones with their new span and note), in the question's order. */
  readonly items: readonly ContextItem[];
}

/** The first line of the rules message; CONTRACT.md: the system message whose text begins `Project rules`. */
export const RULES_HEADING = 'Project rules';
/** An item shortened below this is dropped instead: a scrap of a file helps nobody. */
const MIN_KEPT_BYTES = 1024;

/** Fence languages for VS Code ids the webview and models know under another name. */
const FENCE_LANGUAGES: Readonly<Record<string, string>> = { shellscript: 'bash', plaintext: '' };

/** One line, whatever a label or path from a workspace holds. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (const char of text) {
    run = char === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** "line 7" or "lines 7–9". */
export function linesText(span: LineSpan): string {
  return span.startLine === span.endLine ? `line ${span.startLine}` : `lines ${span.startLine}–${span.endLine}`;
}

/**
 * An item as the request carries it: a line naming it (label, path, line range, what was cut)
 * and a fenced block longer than any backtick run inside, so the text stays one block.
 */
export function renderItem(item: ContextItem): string {
  const where = [item.path ? `\`${oneLine(item.path)}\`` : undefined, item.span ? `(${linesText(item.span)})` : undefined].filter(Boolean).join(' ');
  const naming = `${oneLine(item.label)}${where ? ` · ${where}` : ''}${item.cut ? ` — ${oneLine(item.cut)}` : ''}:`;
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(item.text) + 1));
  const language = item.language ? (FENCE_LANGUAGES[item.language] ?? item.language) : '';
  return `${naming}\n${fence}${oneLine(language)}\n${item.text.replace(/\r?\n$/, '')}\n${fence}`;
}

/** The user message: the question, then each item. */
export function userContent(question: string, items: readonly ContextItem[]): string {
  return [question.trim(), ...items.map(renderItem)].join('\n\n');
}

/** The one system message with the rules that apply. */
export function rulesMessage(rules: readonly ProjectRule[]): ChatTurn {
  const parts = rules.map((rule) => `From ${oneLine(rule.source)}${rule.applyTo ? ` (applies to ${oneLine(rule.applyTo)})` : ''}:\n${rule.text.trim()}`);
  return { role: 'system', content: `${RULES_HEADING} (the team's own; follow them):\n\n${parts.join('\n\n')}` };
}

/** Where an item stands in the cut order (cut last first). */
type Rank = 'mention' | 'selection' | 'activeFile';

function rankOf(item: ContextItem): Rank {
  if (item.kind === 'selection') return 'selection';
  return item.explicit ? 'mention' : 'activeFile';
}

/** The first (or, for terminal output, last) `keep` lines of a text that has `lines`. */
function keptLines(lines: readonly string[], keep: number, tail: boolean): string {
  return (tail ? lines.slice(lines.length - keep) : lines.slice(0, keep)).join('\n');
}

/** An item with only `keep` of its lines, its span and note saying so. */
function shortened(item: ContextItem, lines: readonly string[], keep: number, l10n: L10n): ContextItem {
  // Terminal output ends with what matters (the error); everything else starts with it.
  const tail = item.kind === 'terminal';
  const span = item.span && (tail ? { startLine: item.span.endLine - keep + 1, endLine: item.span.endLine } : { startLine: item.span.startLine, endLine: item.span.startLine + keep - 1 });
  const note = tail ? l10n.t('last {0} of {1} lines, cut to fit the request', keep, lines.length) : l10n.t('first {0} of {1} lines, cut to fit the request', keep, lines.length);
  return { ...item, text: keptLines(lines, keep, tail), ...(span ? { span } : {}), cut: item.cut ? `${item.cut}; ${note}` : note };
}

/** A rule with only the first `keep` lines of its text. */
function shortenedRule(rule: ProjectRule, lines: readonly string[], keep: number, l10n: L10n): ProjectRule {
  return { ...rule, text: `${lines.slice(0, keep).join('\n')}\n${l10n.t('…(the rest of this rule was cut to fit the request)')}` };
}

/**
 * The largest shortening of a text of `lines` for which `fits` holds (binary search over the
 * lines kept), if it keeps at least MIN_KEPT_BYTES; undefined when none does (it is dropped).
 */
function shrink<T>(lines: readonly string[], shorten: (keep: number) => T, fits: (candidate: T) => boolean): T | undefined {
  let low = 1;
  let high = lines.length - 1;
  let best: { value: T; keep: number } | undefined;
  while (low <= high) {
    const keep = Math.floor((low + high) / 2);
    const candidate = shorten(keep);
    if (fits(candidate)) {
      best = { value: candidate, keep };
      low = keep + 1;
    } else {
      high = keep - 1;
    }
  }
  // Either end may be kept; what counts is how much of the original survives.
  const kept = best && Math.min(Buffer.byteLength(lines.slice(0, best.keep).join('\n'), 'utf8'), Buffer.byteLength(lines.slice(lines.length - best.keep).join('\n'), 'utf8'));
  return best && kept !== undefined && kept >= MIN_KEPT_BYTES ? best.value : undefined;
}

/**
 * Shortens, else drops, the entries of `list` that `selected` picks, last first, while the body
 * is over budget; says each in `cut`. `set` puts an entry (or none) in place and tells whether
 * the body fits then.
 */
function cutEntries<T>(
  list: Array<T | undefined>,
  selected: (entry: T) => boolean,
  over: () => boolean,
  set: (index: number, entry: T | undefined) => boolean,
  shorten: (entry: T, fits: (candidate: T) => boolean) => T | undefined,
  describe: (entry: T, shortened: T | undefined) => string,
  cut: string[],
): void {
  for (let i = list.length - 1; i >= 0 && over(); i--) {
    const entry = list[i];
    if (entry === undefined || !selected(entry)) continue;
    const smaller = shorten(entry, (candidate) => set(i, candidate));
    set(i, smaller);
    cut.push(describe(entry, smaller));
  }
}

/**
 * The request for a chat question, fitted under `limitBytes`. Throws ContextTooLargeError when
 * the question, with everything that is never cut, is over the limit alone.
 */
export function composeChat(input: ChatComposition, l10n: L10n): Composed {
  const budget = input.limitBytes - SAFETY_MARGIN_BYTES;
  const options = input.options ?? {};
  const items: Array<ContextItem | undefined> = [...input.items];
  const rules: Array<ProjectRule | undefined> = [...input.rules];
  const cut: string[] = [];

  // Each part is measured once and the body summed (the envelope, the messages, the commas):
  // re-serializing a 1,000-message conversation per cut took seconds.
  const envelope = requestBytes({ model: input.model, messages: [], ...options });
  const systemBytes = input.system.reduce((sum, turn) => sum + messageBytes(turn), 0);
  const history: ChatTurn[] = input.history.map((turn) => ({
    role: turn.role,
    content: turn.role === 'user' && turn.items?.length ? userContent(turn.content, turn.items) : turn.content,
  }));
  const historyBytes = history.map(messageBytes);
  let keptHistoryBytes = historyBytes.reduce((sum, bytes) => sum + bytes, 0);
  let first = 0;
  const presentRules = (): ProjectRule[] => rules.filter((rule): rule is ProjectRule => rule !== undefined);
  const presentItems = (): ContextItem[] => items.filter((item): item is ContextItem => item !== undefined);
  const rulesBytes = (): number => (presentRules().length > 0 ? messageBytes(rulesMessage(presentRules())) : 0);
  const questionBytes = (): number => messageBytes({ role: 'user', content: userContent(input.question, presentItems()) });
  let rulesSize = rulesBytes();
  let questionSize = questionBytes();
  const total = (): number => {
    const count = input.system.length + (rulesSize > 0 ? 1 : 0) + (history.length - first) + 1;
    return envelope + systemBytes + rulesSize + keptHistoryBytes + questionSize + (count - 1);
  };

  // Older turns first, oldest first; a dropped question takes its answer along, so the history
  // never starts with an answer.
  while (total() > budget && first < history.length) {
    keptHistoryBytes -= historyBytes[first++];
    while (first < history.length && history[first].role !== 'user') keptHistoryBytes -= historyBytes[first++];
  }
  if (first > 0) cut.push(first === 1 ? l10n.t('1 older message') : l10n.t('{0} older messages', first));

  const over = (): boolean => total() > budget;
  const setItem = (index: number, candidate: ContextItem | undefined): boolean => {
    items[index] = candidate;
    questionSize = questionBytes();
    return !over();
  };
  const setRule = (index: number, candidate: ProjectRule | undefined): boolean => {
    rules[index] = candidate;
    rulesSize = rulesBytes();
    return !over();
  };
  const shortenItem = (item: ContextItem, fits: (candidate: ContextItem) => boolean): ContextItem | undefined => {
    const lines = item.text.split('\n');
    return shrink(lines, (keep) => shortened(item, lines, keep, l10n), fits);
  };
  const shortenRule = (rule: ProjectRule, fits: (candidate: ProjectRule) => boolean): ProjectRule | undefined => {
    const lines = rule.text.split('\n');
    return shrink(lines, (keep) => shortenedRule(rule, lines, keep, l10n), fits);
  };
  const cutItems = (rank: Rank): void =>
    cutEntries(items, (item) => rankOf(item) === rank, over, setItem, shortenItem, (item, smaller) => (smaller ? `${item.label} (${smaller.cut ?? ''})` : item.label), cut);
  const cutRules = (): void =>
    cutEntries(rules, () => true, over, setRule, shortenRule, (rule, smaller) => (smaller ? l10n.t('{0} (shortened)', rule.source) : rule.source), cut);
  cutItems('activeFile');
  cutRules();
  cutItems('selection');
  cutItems('mention');
  if (total() > budget) {
    throw new ContextTooLargeError(total(), input.limitBytes);
  }

  const sentRules = presentRules();
  const sentItems = presentItems();
  const messages: ChatTurn[] = [
    ...input.system,
    ...(sentRules.length > 0 ? [rulesMessage(sentRules)] : []),
    ...history.slice(first),
    { role: 'user', content: userContent(input.question, sentItems) },
  ];
  const request: ChatRequest = { model: input.model, messages, ...options };
  return {
    request,
    items: sentItems,
    report: {
      usedBytes: requestBytes(request),
      limitBytes: input.limitBytes,
      sent: [...sentRules.map((rule) => rule.source), ...sentItems.map((item) => item.label)],
      rules: sentRules.map((rule) => rule.source),
      cut,
    },
  };
}

function lastIndex<T>(list: readonly T[], test: (entry: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) return i;
  return -1;
}

/**
 * A caller's own messages (the language model provider's requests: VS Code's agent, another
 * extension) fitted under `limitBytes` with the sidebar's rule for what is not the question:
 * the oldest tool results are left out first (never those after the last calls, which the model
 * has not seen), then the oldest turns, oldest first; the system messages at the start and the
 * last user message with everything after it are never cut. A cut turn takes the turns up to
 * the next user message along, so no tool result is sent without its call. Throws
 * ContextTooLargeError when what is never cut is over the limit alone.
 */
export function fitMessages(request: ChatRequest, limitBytes: number, l10n: L10n): Composed {
  const { messages: given, ...rest } = request;
  const messages: ChatMessage[] = [...given];
  const lastCalls = lastIndex(messages, (m) => m.role === 'assistant' && 'toolCalls' in m && m.toolCalls.length > 0);
  const cut: string[] = [];
  const before = messages.filter((m) => m.role === 'tool' && m.content === DROPPED_RESULT).length;
  let fits = fitToolResults(messages, rest, limitBytes, Math.max(0, lastCalls));
  const dropped = messages.filter((m) => m.role === 'tool' && m.content === DROPPED_RESULT).length - before;
  if (dropped > 0) cut.push(dropped === 1 ? l10n.t('1 earlier tool result') : l10n.t('{0} earlier tool results', dropped));

  let kept = messages;
  if (!fits) {
    const budget = limitBytes - SAFETY_MARGIN_BYTES;
    const system = messages.findIndex((m) => m.role !== 'system');
    const start = system < 0 ? messages.length : system;
    const question = lastIndex(messages, (m) => m.role === 'user');
    const end = question < start ? start : question;
    const bytes = messages.map(messageBytes);
    let total = requestBytes({ ...rest, messages });
    let first = start;
    const drop = (): void => {
      total -= bytes[first] + 1;
      first++;
    };
    while (total > budget && first < end) {
      drop();
      while (first < end && messages[first].role !== 'user') drop();
    }
    const gone = first - start;
    if (gone > 0) cut.push(gone === 1 ? l10n.t('1 older message') : l10n.t('{0} older messages', gone));
    kept = [...messages.slice(0, start), ...messages.slice(first)];
    fits = total <= budget;
  }
  const fitted: ChatRequest = { ...rest, messages: kept };
  const usedBytes = requestBytes(fitted);
  if (!fits || usedBytes > limitBytes - SAFETY_MARGIN_BYTES) throw new ContextTooLargeError(usedBytes, limitBytes);
  return { request: fitted, items: [], report: { usedBytes, limitBytes, sent: [], cut } };
}
