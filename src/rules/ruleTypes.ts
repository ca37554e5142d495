/**
 * Project rules files (CONTRACT.md "Context in the sidebar"), as read from a workspace folder and
 * before they are chosen for a question. Pure types, no `vscode`.
 */

/**
 * Where a rules file comes from, in the order the rules are sent: the root AGENTS.md, nested
 * AGENTS.md files, `.monster/rules/*.md`, then the files other assistants read.
 */
export type RuleOrigin = 'agents' | 'nestedAgents' | 'monsterRule' | 'copilot' | 'cursor' | 'cline';

export const ORIGIN_ORDER: readonly RuleOrigin[] = ['agents', 'nestedAgents', 'monsterRule', 'copilot', 'cursor', 'cline'];

/** Why a rules file is not sent, or not sent whole. */
export type RuleProblemReason =
  /** Larger than the file cap: not read at all. */
  | 'tooBig'
  | 'binary'
  | 'notText'
  /** A symbolic link: never followed, whether it points inside the folder or out of it. */
  | 'symlink'
  | 'readError'
  /** The front matter could not be used (detail says why); the rule is not sent, since whom it is for is unknown. */
  | 'frontMatter'
  /** Beyond the number of rules files read from one folder. */
  | 'limit'
  /** Longer than one rule may be: the start is sent, with a line saying it was cut. */
  | 'cut'
  /** Did not fit in the rules' total budget after the rules before it. */
  | 'overBudget';

export interface RuleProblem {
  /** Folder-relative path of the file. */
  readonly source: string;
  readonly reason: RuleProblemReason;
  readonly detail?: string;
}

/** One rules file as read: its text, or why it could not be read. */
export type RuleFile = {
  /** Folder-relative path ('/'-separated). */
  readonly source: string;
  readonly origin: RuleOrigin;
} & ({ readonly text: string } | { readonly problem: RuleProblem });

/** Caps on what rules a question gets (bytes are UTF-8, as the request body counts them). */
export interface RuleLimits {
  /** A file larger than this is not read. */
  readonly fileBytes: number;
  /** One rule's text is cut to this. */
  readonly ruleBytes: number;
  /** All rules of one question together. */
  readonly totalBytes: number;
  /** `.monster/rules/*.md` (and `.clinerules/*.md`) files read, by name order. */
  readonly folderRules: number;
  /** Files of a question whose folders are searched for nested AGENTS.md files. */
  readonly questionFiles: number;
  /** Folder levels searched above each of those files. */
  readonly depth: number;
}

/**
 * The gateway takes 64 KB per request body: rules get at most 24 KB of it, one rule 12 KB, so a
 * question, its mentions and the conversation keep the rest (the engine cuts further by priority).
 */
export const DEFAULT_RULE_LIMITS: RuleLimits = {
  fileBytes: 256 * 1024,
  ruleBytes: 12 * 1024,
  totalBytes: 24 * 1024,
  folderRules: 32,
  questionFiles: 64,
  depth: 16,
};
