/**
 * The Crash Reports view's content (in the lazy crash bundle; crashReportsShell.ts registers the
 * view): the gateway's crash trends, most frequent first, each expanding to its recent crashes
 * from the pages of `GET /debug/crashes` read so far, with "Load more" while pages remain. A group
 * none of whose crashes has been read yet is sought a few pages further (crashPages.ts) when it is
 * expanded or acted on, and says so when it is not found there. Read once when the view first
 * shows, then cached until Refresh. Actions: Analyze (by `crash_id`, into the sidebar through
 * Analyze Crash's own path), Set Status (PATCH) and Open Top Frame (the first frame in the
 * workspace, through log import's confined resolver).
 */
import * as vscode from 'vscode';
import { analyzeFound, type AnalyzeCrashServices } from './analyzeCrashCommand';
import { locateFrames } from './crashFrames';
import { CrashPages } from './crashPages';
import { CRASH_PAGE, CRASH_STATUSES, CrashReportsClient, storedCrash, type CrashStats, type CrashStatus, type CrashTrend, type StoredCrash } from './crashReports';

/** One row of the tree. */
export type CrashNode =
  | { readonly kind: 'trend'; readonly trend: CrashTrend }
  | { readonly kind: 'crash'; readonly crash: StoredCrash }
  | { readonly kind: 'more'; readonly fingerprint: string }
  /** A group none of whose crashes is among the `read` newest (after seeking further). */
  | { readonly kind: 'notFound'; readonly fingerprint: string; readonly read: number; readonly more: boolean }
  | { readonly kind: 'error'; readonly message: string };

/** What the view's welcome text says (context key `monsterGaming.crashReports.state`). */
export type CrashViewState = 'noKey' | 'notMonsterGaming' | 'empty' | 'error' | 'ready';
export const CRASH_VIEW_STATE_KEY = 'monsterGaming.crashReports.state';

export interface CrashReportsServices {
  readonly analyze: AnalyzeCrashServices;
  readonly hasKey: () => Promise<boolean>;
  readonly view: Pick<vscode.TreeView<CrashNode>, 'description'>;
  /** Redraws the tree (the shell's onDidChangeTreeData). */
  readonly changed: () => void;
}

interface Loaded {
  readonly trends: readonly CrashTrend[];
  readonly stats: CrashStats;
  readonly pages: CrashPages;
}

const STATUS_ICONS: Readonly<Record<CrashStatus, string>> = { new: 'circle-filled', investigating: 'search', resolved: 'pass', wont_fix: 'circle-slash' };

function statusLabel(status: CrashStatus): string {
  return { new: vscode.l10n.t('new'), investigating: vscode.l10n.t('investigating'), resolved: vscode.l10n.t('resolved'), wont_fix: vscode.l10n.t("won't fix") }[status];
}

const when = (iso: string): string => new Date(iso).toLocaleString();

export class CrashReportsTree {
  private readonly client: CrashReportsClient;
  private loading?: Promise<Loaded>;
  /** What `loading` gave, once it did. */
  private loaded?: Loaded;
  private state?: CrashViewState;

  constructor(private readonly services: CrashReportsServices) {
    this.client = new CrashReportsClient(services.analyze.rest);
  }

  /** Drops the cache; the next draw reads the gateway again. */
  forget(): void {
    this.loading = undefined;
    this.loaded = undefined;
  }

  refresh(): void {
    this.forget();
    this.services.changed();
  }

  async getChildren(node?: CrashNode): Promise<CrashNode[]> {
    if (node?.kind === 'trend') {
      const pages = this.loaded?.pages;
      if (!pages) return [];
      const { fingerprint } = node.trend;
      let crashes: StoredCrash[];
      try {
        crashes = await pages.seek(fingerprint);
      } catch (error) {
        return [{ kind: 'error', message: this.services.analyze.describe(error).message }];
      }
      const rows = crashes.map((crash): CrashNode => ({ kind: 'crash', crash }));
      if (rows.length === 0) rows.push({ kind: 'notFound', fingerprint, read: pages.read, more: pages.hasMore });
      return pages.hasMore ? [...rows, { kind: 'more', fingerprint }] : rows;
    }
    if (node) return [];
    if (!this.services.analyze.monsterGaming()) return this.show('notMonsterGaming', []);
    if (!(await this.services.hasKey())) return this.show('noKey', []);
    this.loading ??= this.load();
    try {
      const loaded = await this.loading;
      const { stats } = loaded;
      this.services.view.description = vscode.l10n.t('{0} crashes · {1} groups · {2} in 24 h', stats.total_crashes, stats.unique_fingerprints, stats.velocity?.last_24h ?? '?');
      return this.show(loaded.trends.length === 0 ? 'empty' : 'ready', loaded.trends.map((trend): CrashNode => ({ kind: 'trend', trend })));
    } catch (error) {
      this.loading = undefined;
      return this.show('error', [{ kind: 'error', message: this.services.analyze.describe(error).message }]);
    }
  }

  getTreeItem(node: CrashNode): vscode.TreeItem {
    switch (node.kind) {
      case 'trend': {
        const { trend } = node;
        const item = new vscode.TreeItem(trend.top_frame ?? trend.fingerprint.slice(0, 12), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `trend:${trend.fingerprint}`;
        item.description = [`×${trend.count}`, trend.is_regression ? vscode.l10n.t('regression') : undefined, trend.platforms.join(', ')].filter(Boolean).join(' · ');
        item.tooltip = `${trend.message ?? ''}\n${vscode.l10n.t('{0} crashes, first seen {1}, last seen {2}\nPlatforms: {3}\nVersions: {4}\nFingerprint: {5}', trend.count, when(trend.first_seen), when(trend.last_seen), trend.platforms.join(', '), trend.versions.join(', '), trend.fingerprint)}`;
        item.iconPath = new vscode.ThemeIcon(trend.is_regression ? 'warning' : 'bug');
        item.contextValue = 'crashTrend';
        return item;
      }
      case 'crash': {
        const { crash } = node;
        const item = new vscode.TreeItem(when(crash.created_at), vscode.TreeItemCollapsibleState.None);
        item.id = `crash:${crash.id}`;
        item.description = [statusLabel(crash.status), crash.platform, crash.app_version].filter(Boolean).join(' · ');
        item.tooltip = [crash.id, crash.message, ...crash.stack_trace.slice(0, 8).map((f) => `  at ${f}`)].join('\n');
        item.iconPath = new vscode.ThemeIcon(STATUS_ICONS[crash.status]);
        item.contextValue = 'crashReport';
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more…'));
        item.id = `more:${node.fingerprint}`;
        item.command = { command: 'monsterGaming.crashReports.loadMore', title: vscode.l10n.t('Load more…') };
        return item;
      }
      case 'notFound': {
        const item = new vscode.TreeItem(vscode.l10n.t('No crash of this group among the newest {0} read', node.read));
        item.id = `notFound:${node.fingerprint}`;
        item.tooltip = node.more
          ? vscode.l10n.t('Its crashes are older. Click Load more… below to read the next {0}.', CRASH_PAGE)
          : vscode.l10n.t('The gateway listed none of them (they may have been deleted). Refresh the view to read the crash reports again.');
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(vscode.l10n.t('Could not read the crash reports'));
        item.description = node.message;
        item.tooltip = vscode.l10n.t('Check the key and the connection, then click to try again.');
        item.iconPath = new vscode.ThemeIcon('error');
        item.command = { command: 'monsterGaming.crashReports.refresh', title: vscode.l10n.t('Refresh') };
        return item;
      }
    }
  }

  /** The next page of crashes (100), appended to every trend's list. */
  async loadMore(): Promise<void> {
    const pages = this.loaded?.pages;
    if (!pages?.hasMore) return;
    await pages.loadMore();
    this.services.changed();
  }

  async setStatus(node: unknown): Promise<void> {
    const crash = await this.crashOf(node);
    if (!crash) return;
    const picks = CRASH_STATUSES.map((status) => ({ status, label: statusLabel(status), description: status === crash.status ? vscode.l10n.t('current') : undefined, iconPath: new vscode.ThemeIcon(STATUS_ICONS[status]) }));
    const pick = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Set Crash Status'), placeHolder: vscode.l10n.t('Status of crash {0}', crash.id) });
    if (!pick || pick.status === crash.status) return;
    this.replace(await this.client.setStatus(crash.id, pick.status));
  }

  /** Analyze Crash's path with the stored crash: asked for by `crash_id`, its frames linked under the answer. */
  async analyze(node: unknown): Promise<boolean> {
    const crash = await this.crashOf(node);
    if (!crash) return false;
    const done = await analyzeFound(this.services.analyze, { crash: storedCrash(crash), source: 'report', name: vscode.l10n.t('crash report {0}', crash.id), crashId: crash.id }, undefined);
    // The gateway moves an analyzed crash to investigating: show what it holds now.
    if (done) this.refresh();
    return done;
  }

  async openTopFrame(node: unknown): Promise<void> {
    const crash = await this.crashOf(node);
    if (!crash) return;
    const { frames } = storedCrash(crash);
    const resolve = await this.services.analyze.resolver(frames.map((f) => f.file), { uniqueTail: true });
    const top = (await locateFrames(frames, resolve)).find((located) => located.file !== undefined);
    if (!top?.file || top.frame.line === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No frame of crash {0} is in this workspace.', crash.id));
      return;
    }
    const line = Math.max(0, top.frame.line - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(top.file), { selection: new vscode.Range(line, 0, line, 0) });
  }

  private async load(): Promise<Loaded> {
    const [trends, stats, page] = await Promise.all([this.client.trends(), this.client.stats(), this.client.page(undefined)]);
    this.loaded = { trends, stats, pages: new CrashPages(this.client, page) };
    return this.loaded;
  }

  /**
   * The crash a command was given: a crash row, or a trend's newest crash, sought a few pages
   * further when none has been read (the rows read meanwhile show). When none is found there,
   * says so and what to do rather than doing nothing.
   */
  private async crashOf(node: unknown): Promise<StoredCrash | undefined> {
    const given = node as CrashNode | undefined;
    if (given?.kind === 'crash') return given.crash;
    if (given?.kind !== 'trend') return undefined;
    const pages = this.loaded?.pages;
    if (!pages) return undefined;
    const read = pages.read;
    const [newest] = await pages.seek(given.trend.fingerprint, true);
    if (pages.read !== read) this.services.changed();
    if (!newest) {
      const message = pages.hasMore
        ? vscode.l10n.t('No crash of this group is among the newest {0} crash reports read. Expand the group and click Load more… to read older ones.', pages.read)
        : vscode.l10n.t('The gateway listed no crash of this group. Refresh Crash Reports to read them again.');
      void vscode.window.showInformationMessage(message);
    }
    return newest;
  }

  private replace(crash: StoredCrash): void {
    this.loaded?.pages.replace(crash);
    this.services.changed();
  }

  private show(state: CrashViewState, nodes: CrashNode[]): CrashNode[] {
    // The counts describe what was read; without a reading (another provider, no key, a failure) they would be stale.
    if (state !== 'ready' && state !== 'empty') this.services.view.description = undefined;
    if (state !== this.state) void vscode.commands.executeCommand('setContext', CRASH_VIEW_STATE_KEY, state);
    this.state = state;
    return nodes;
  }
}

export function crashReportsTree(services: CrashReportsServices): CrashReportsTree {
  return new CrashReportsTree(services);
}
