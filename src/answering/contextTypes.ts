/**
 * What a question carries besides its text (CONTRACT.md "Context in the sidebar"): attached items,
 * project rules and the engine profile line. Gatherers (mentions, the active editor, `@monster`'s
 * references, rules files) produce these; the answering engine alone turns them into request
 * messages and fits them under the provider's body limit. Pure types, no `vscode`.
 */

/** A range of whole lines, 1-based and inclusive. */
export interface LineSpan {
  readonly startLine: number;
  readonly endLine: number;
}

/** The kinds of attached context, each a `#` mention in the composer (`activeEditor` is implicit). */
export type ContextKind = 'file' | 'folder' | 'selection' | 'problems' | 'terminal' | 'changes' | 'symbol' | 'activeEditor' | 'codebase';

/**
 * One attached item. In the request it becomes a line naming it (label, path, line range, what
 * was cut) followed by a fenced block of `text`; answers can cite it by that line.
 */
export interface ContextItem {
  readonly kind: ContextKind;
  /** The chip's text and the request's naming line: `#file:Assets/Scripts/Player.cs`, `#problems`, `active editor`. */
  readonly label: string;
  /** Workspace-relative path (forward slashes), for files, selections, symbols and the active editor. */
  readonly path?: string;
  /** The lines `text` covers, when it is a part of a file. */
  readonly span?: LineSpan;
  /** The fence's language (`csharp`, `hlsl`, `diff`, `text`…). */
  readonly language?: string;
  /** The content, already bounded by the gatherer (it never holds a whole huge file). */
  readonly text: string;
  /** Said when the gatherer cut the content: `lines 120–360 of 2,400 (around the cursor)`. */
  readonly cut?: string;
  /** Typed by the user (`#file:…`) rather than attached implicitly (the active editor): explicit items are cut last. */
  readonly explicit: boolean;
}

/** A rules file that applies to a question (CONTRACT.md: the system message beginning `Project rules`). */
export interface ProjectRule {
  /** Workspace-relative path of the file (`AGENTS.md`, `.monster/rules/shaders.md`). */
  readonly source: string;
  /** The rule's text (front matter removed), bounded. */
  readonly text: string;
  /** `applyTo` of `.monster/rules/*.md`, when the rule has one. */
  readonly applyTo?: string;
}

/** What the engine reports about the context of one request (the context meter and the sent message's list). */
export interface ContextReport {
  /** Bytes of the request body as sent. */
  readonly usedBytes: number;
  /** The provider's limit the request was fitted under. */
  readonly limitBytes: number;
  /** Labels of the items and rules sent, in order. */
  readonly sent: readonly string[];
  /** The sources of the project rules sent (`AGENTS.md`, `.monster/rules/shaders.md`): the sent question's rule chips. */
  readonly rules?: readonly string[];
  /** What did not fit, in the order it was cut: item labels, rules sources, or `N older messages`. */
  readonly cut: readonly string[];
}
