/**
 * What vscode-free modules need of `vscode.l10n`: the extension passes `vscode.l10n` in, tests and
 * benchmarks get English. Messages are written as `l10n.t('… {0} …', value)` literals, so
 * scripts/l10n.ts finds them for the translation bundle like any other.
 */
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** The source language: `{0}`, `{1}`… replaced by the arguments, as `vscode.l10n.t` does. */
export const english: L10n = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (placeholder, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : placeholder)),
};
