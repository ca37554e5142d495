/**
 * Who may spend the user's key through the Monster Gaming models. VS Code (checked on 1.139) asks
 * the user nothing when another extension sends a request to a model of ours: its own consent
 * (`requiresAuthorization`) needs the proposed `chatProvider` API, which a published extension
 * cannot use. It does tell the provider who is calling (`options.requestInitiator`), so we ask:
 * once per extension, with a modal, remembering the answer. VS Code itself (`core`), its Chat view
 * (GitHub Copilot Chat, built into VS Code) and this extension are never asked about.
 *
 * Pure (no `vscode`): the question, the memory and the names are handed in.
 */

/** What was decided for an extension, remembered across sessions. */
export type ConsentAnswer = 'allowed' | 'denied';

/** The part of a Memento the consent needs (globalState: the answer holds in every workspace). */
export interface ConsentMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface ConsentDeps {
  /** This extension's id (`monstergaming.monster-gaming`). */
  readonly ownId: string;
  readonly memory: ConsentMemory;
  /** Asks the user; true = Allow, false = Don't Allow, undefined = no answer (dismissed, or no UI). */
  readonly ask: (callerName: string) => Promise<boolean | undefined>;
  /** A caller's display name (`LM Caller (…)`), or its id when unknown. */
  readonly nameOf: (callerId: string) => string;
  readonly log: (line: string) => void;
}

/** Refused: the user chose "Don't Allow" (remembered), or gave no answer (asked again next time). */
export type ConsentDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: 'denied' | 'unanswered'; readonly callerName: string };

export const CONSENT_KEY = 'monsterGaming.languageModelAccess';

/** VS Code's Chat view: its requests come from the Copilot Chat extension built into VS Code. */
const VSCODE_CHAT = 'github.copilot-chat';

export class LanguageModelConsent {
  /** One question per caller at a time: concurrent requests wait for the same answer. */
  private readonly pending = new Map<string, Promise<boolean | undefined>>();

  constructor(private readonly deps: ConsentDeps) {}

  private answers(): Readonly<Record<string, ConsentAnswer>> {
    const stored = this.deps.memory.get<Record<string, ConsentAnswer>>(CONSENT_KEY);
    return stored && typeof stored === 'object' ? stored : {};
  }

  /** Whether a request from `initiator` may go out; asks the user the first time. */
  async check(initiator: string | undefined): Promise<ConsentDecision> {
    const caller = initiator?.trim().toLowerCase();
    // Older VS Code does not say who is calling: nothing to ask about.
    if (!caller || caller === 'core' || caller === this.deps.ownId.toLowerCase() || caller === VSCODE_CHAT) {
      return { allowed: true };
    }
    const name = this.deps.nameOf(caller);
    const remembered = this.answers()[caller];
    if (remembered === 'allowed') return { allowed: true };
    if (remembered === 'denied') return { allowed: false, reason: 'denied', callerName: name };

    let question = this.pending.get(caller);
    if (!question) {
      this.deps.log(`Asked whether ${name} (${caller}) may use the Monster Gaming key.`);
      question = this.deps.ask(name).catch(() => undefined);
      this.pending.set(caller, question);
      void question.finally(() => this.pending.delete(caller));
    }
    const answer = await question;
    if (answer === undefined) {
      this.deps.log(`${name} (${caller}): no answer; the request was refused and the question will be asked again.`);
      return { allowed: false, reason: 'unanswered', callerName: name };
    }
    if (this.answers()[caller] === undefined) {
      await this.deps.memory.update(CONSENT_KEY, { ...this.answers(), [caller]: answer ? 'allowed' : 'denied' });
      this.deps.log(`${name} (${caller}) ${answer ? 'may' : 'may not'} use the Monster Gaming key (remembered).`);
    }
    return answer ? { allowed: true } : { allowed: false, reason: 'denied', callerName: name };
  }

  /** Forgets every answer (Monster Gaming: Reset Model Access): each extension is asked again. */
  async reset(): Promise<void> {
    await this.deps.memory.update(CONSENT_KEY, undefined);
  }
}
