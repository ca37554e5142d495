/**
 * The crashes the Crash Reports view has read: pages of `GET /debug/crashes`, newest first. The
 * reference filters that list by game and status only, so a group's crashes are found by reading
 * further pages; a group whose crashes are all older than the pages read so far is sought a
 * bounded number of pages deeper (SEEK_PAGES), never the whole history: once when its row is
 * first drawn (a redraw reads nothing more), and again on each command asked of it. One page is
 * read at a time: rows expanding together wait for the same request. Pure (no `vscode`).
 */
import type { CrashPage, CrashReportsClient, StoredCrash } from './crashReports';

/** Pages read past those already loaded when a group's crashes are sought: 500 crashes at most. */
export const SEEK_PAGES = 5;

export class CrashPages {
  private crashes: StoredCrash[];
  private more: boolean;
  private next?: Promise<void>;
  /** Groups already sought; only `again` seeks them further. */
  private readonly sought = new Set<string>();

  constructor(
    private readonly client: Pick<CrashReportsClient, 'page'>,
    first: CrashPage,
  ) {
    this.crashes = [...first.data];
    this.more = first.has_more;
  }

  /** Whether the gateway holds older crashes than those read. */
  get hasMore(): boolean {
    return this.more;
  }

  /** How many crashes have been read. */
  get read(): number {
    return this.crashes.length;
  }

  /** The crashes of one group read so far, newest first. */
  of(fingerprint: string): StoredCrash[] {
    return this.crashes.filter((c) => c.fingerprint === fingerprint);
  }

  /** Reads the next page (100), unless none remains; a page being read is waited for, not asked twice. */
  loadMore(): Promise<void> {
    if (!this.more) return Promise.resolve();
    this.next ??= this.client
      .page(this.crashes[this.crashes.length - 1]?.id)
      .then((page) => {
        const known = new Set(this.crashes.map((c) => c.id));
        this.crashes.push(...page.data.filter((c) => !known.has(c.id)));
        // A page that adds nothing new cannot lead further: stop rather than ask for it again.
        this.more = page.has_more && page.data.some((c) => !known.has(c.id));
      })
      .finally(() => {
        this.next = undefined;
      });
    return this.next;
  }

  /**
   * The group's crashes, reading up to SEEK_PAGES more pages while none of them has been read:
   * the first time it is sought, or `again` (a command asked of it).
   */
  async seek(fingerprint: string, again = false): Promise<StoredCrash[]> {
    if (this.sought.has(fingerprint) && !again) return this.of(fingerprint);
    this.sought.add(fingerprint);
    for (let read = 0; read < SEEK_PAGES && this.more && this.of(fingerprint).length === 0; read++) await this.loadMore();
    return this.of(fingerprint);
  }

  /** Puts a crash the gateway sent back (a PATCH) in place of the one read. */
  replace(crash: StoredCrash): void {
    this.crashes = this.crashes.map((c) => (c.id === crash.id ? crash : c));
  }
}
