/**
 * The Crash Reports view as activation registers it: a thin shell whose content (crashReportsTree.ts)
 * loads with the crash bundle the first time VS Code asks for rows, which it does only once the
 * view is visible. Key and provider changes redraw it from the gateway again.
 */
import * as vscode from 'vscode';
import type { AnalyzeCrashServices } from './analyzeCrashCommand';
import type { CrashNode, CrashReportsTree } from './crashReportsTree';
import { crashBundle } from './lazyCrash';

export const CRASH_REPORTS_VIEW_ID = 'monsterGaming.crashReports';

export class CrashReportsView implements vscode.TreeDataProvider<CrashNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<CrashNode>;
  private readonly disposables: vscode.Disposable[];
  private loaded?: CrashReportsTree;

  constructor(
    private readonly analyze: AnalyzeCrashServices,
    private readonly hasKey: () => Promise<boolean>,
    changes: ReadonlyArray<vscode.Event<unknown>>,
  ) {
    this.view = vscode.window.createTreeView(CRASH_REPORTS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables = [this.view, this.changed, ...changes.map((event) => event(() => this.refresh()))];
  }

  /** The content, loaded with the crash bundle on first use. */
  tree(): CrashReportsTree {
    this.loaded ??= crashBundle().crashReportsTree({ analyze: this.analyze, hasKey: this.hasKey, view: this.view, changed: () => this.changed.fire(undefined) });
    return this.loaded;
  }

  getChildren(node?: CrashNode): Promise<CrashNode[]> {
    return this.tree().getChildren(node);
  }

  getTreeItem(node: CrashNode): vscode.TreeItem {
    return this.tree().getTreeItem(node);
  }

  refresh(): void {
    this.loaded?.forget();
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.disposables.forEach((d) => void d.dispose());
  }
}
