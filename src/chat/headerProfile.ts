/**
 * The engine profile the chat header shows: the profile of the folder the next question is about
 * (the active editor's, else the first folder), with a tooltip listing the files it was read
 * from, what could not be read, and the folder's project rules. Read on first need (the view
 * asking for its state), then again when the active editor moves to another folder, the profile's
 * files change, or the rules files do.
 */
import * as vscode from 'vscode';
import { profileHeader } from '../engine/profileTooltip';
import { questionFolder, type EngineDetector } from '../engine/workspaceEngine';
import { parseFrontMatter } from '../rules/frontMatter';
import type { ProjectRules } from '../rules/projectRules';
import type { RuleFile, RuleProblem } from '../rules/ruleTypes';
import type { ProfileView } from '../shared/protocol';
import { Disposable } from '../util/lifecycle';

function ruleProblemText(problem: RuleProblem): string {
  const detail = problem.detail ?? '';
  switch (problem.reason) {
    case 'tooBig':
      return vscode.l10n.t('too large to read ({0})', detail);
    case 'binary':
      return vscode.l10n.t('binary, not text');
    case 'notText':
      return vscode.l10n.t('not UTF-8 text');
    case 'symlink':
      return vscode.l10n.t('a symbolic link, not followed');
    case 'readError':
      return vscode.l10n.t('could not be read ({0})', detail);
    case 'frontMatter':
      return vscode.l10n.t('front matter not usable, rule not sent ({0})', detail);
    case 'limit':
      return vscode.l10n.t('not all read ({0})', detail);
    case 'cut':
      return vscode.l10n.t('cut ({0})', detail);
    case 'overBudget':
      return vscode.l10n.t('left out: the rules are over their budget ({0})', detail);
  }
}

/** The tooltip's rules lines: each rules file (with its `applyTo`), then the ones that cannot be used. */
export function rulesTooltip(files: readonly RuleFile[]): string[] {
  const usable: string[] = [];
  const problems: RuleProblem[] = [];
  for (const file of files) {
    if ('problem' in file) {
      problems.push(file.problem);
      continue;
    }
    const front = file.origin === 'monsterRule' ? parseFrontMatter(file.text) : undefined;
    if (front && 'error' in front) problems.push({ source: file.source, reason: 'frontMatter', detail: front.error });
    else if (front?.applyTo) usable.push(`  ${file.source} (applyTo: ${front.applyTo.text})`);
    else usable.push(`  ${file.source}`);
  }
  const lines = usable.length > 0 ? [vscode.l10n.t('Project rules:'), ...usable] : [vscode.l10n.t('Project rules: none (Create Project Rules writes a starter AGENTS.md)')];
  if (problems.length > 0) lines.push(vscode.l10n.t('Project rules not used:'), ...problems.map((p) => `  ${p.source}: ${ruleProblemText(p)}`));
  return lines;
}

export class HeaderProfile extends Disposable {
  private current: ProfileView | undefined;
  private folder: string | undefined;
  private started = false;
  private generation = 0;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** The profile shown changed: the header must be posted again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly engines: Pick<EngineDetector, 'profileFor' | 'onDidChange'>,
    private readonly rules: Pick<ProjectRules, 'folderFiles' | 'onDidChange'>,
    private readonly log: (line: string) => void,
  ) {
    super();
  }

  /** What the header shows now; the first call starts reading (the result comes with `onDidChange`). */
  view(): ProfileView | undefined {
    if (!this.started) {
      this.started = true;
      this.register(vscode.window.onDidChangeActiveTextEditor(() => this.refresh(false)));
      this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh(true)));
      this.register(this.engines.onDidChange(() => this.refresh(true)));
      this.register(this.rules.onDidChange(() => this.refresh(true)));
      this.refresh(true);
    }
    return this.current;
  }

  /** Reads the profile again when the folder changed (or `always`); the newest read wins. */
  private refresh(always: boolean): void {
    const folder = questionFolder(vscode.window.activeTextEditor?.document.uri);
    const key = folder?.toString();
    if (!always && key === this.folder) return;
    this.folder = key;
    const generation = ++this.generation;
    void this.read(folder).then(
      (view) => {
        if (generation !== this.generation || this.isDisposed) return;
        if (JSON.stringify(view) === JSON.stringify(this.current)) return;
        this.current = view;
        this.changed.fire();
      },
      (error: unknown) => this.log(`Could not read the engine profile for the chat header: ${String(error)}`),
    );
  }

  private async read(folder: vscode.Uri | undefined): Promise<ProfileView | undefined> {
    if (!folder) return undefined;
    const profile = await this.engines.profileFor(folder);
    if (!profile) return undefined;
    const { label, tooltip } = profileHeader(profile);
    const lines = tooltip.split('\n');
    if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) {
      const name = vscode.workspace.getWorkspaceFolder(folder)?.name ?? folder.path;
      lines.unshift(vscode.l10n.t('Folder: {0}', name));
    }
    lines.push(...rulesTooltip(await this.rules.folderFiles(folder)));
    return { label, tooltip: lines };
  }
}
