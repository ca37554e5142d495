/**
 * The codicons the webview ships. @vscode/codicons is a font of ~650 icons (126 KB) with a
 * stylesheet of one rule per icon (34 KB); the view shows a few dozen. The build (esbuild.js)
 * writes dist/codicon.ttf with only their glyphs (harfbuzz's subsetter, through subset-font) and
 * dist/codicon.css with the package's own font face, base and modifier rules and only their
 * classes. The names come from the webview's sources: ICON_NAMES in src/webview/icons.ts (the
 * type `icon()` and `button({ icon })` accept) and every `codicon-<name>` class written out in
 * its .ts and .css files. A name the package does not have fails the build.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import subsetFont from 'subset-font';
import ts from 'typescript';

/** The package's stylesheet, taken apart. */
export interface CodiconCss {
  /** Everything before the icon rules: the license, `@font-face`, the `.codicon` base and the modifiers. */
  readonly head: string;
  /** Each icon's code point, by name (`add` → 0xea60). */
  readonly codePoints: ReadonlyMap<string, number>;
}

/** Where the icon rules start in @vscode/codicons' dist/codicon.css. */
const ICONS_SECTION = /\/\*-+\s*\*\s*Icons\s*\*-+\*\/\s*/;
const ICON_RULE = /^\.codicon-([a-z0-9-]+):before \{ content: "\\([0-9a-f]{4,5})" \}$/gm;
/** Modifier classes (`codicon-modifier-spin`) are rules of the head, not icons. */
const MODIFIER = /^modifier-/;

/** Splits codicon.css into its head and its icon rules; throws if it is not laid out as the package lays it out. */
export function parseCodiconCss(css: string): CodiconCss {
  const section = ICONS_SECTION.exec(css);
  if (!section) throw new Error('codicon.css: the "Icons" section was not found; check scripts/codicons.ts against the @vscode/codicons version');
  const head = css.slice(0, section.index + section[0].length);
  const codePoints = new Map<string, number>();
  for (const [, name, hex] of css.slice(head.length).matchAll(ICON_RULE)) codePoints.set(name, parseInt(hex, 16));
  if (!/@font-face\s*\{[^}]*codicon\.ttf/.test(head) || codePoints.size === 0) {
    throw new Error('codicon.css: no @font-face or no icon rules found; check scripts/codicons.ts against the @vscode/codicons version');
  }
  return { head, codePoints };
}

/** The string elements of `export const ICON_NAMES = [...] as const` in an icons.ts source. */
export function iconNamesOf(source: string, fileName = 'icons.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== 'ICON_NAMES' || !decl.initializer) continue;
      const list = ts.isAsExpression(decl.initializer) ? decl.initializer.expression : decl.initializer;
      if (!ts.isArrayLiteralExpression(list)) break;
      return list.elements.map((el) => {
        if (!ts.isStringLiteral(el)) throw new Error(`${fileName}: ICON_NAMES may hold only string literals, found \`${el.getText(file)}\``);
        return el.text;
      });
    }
  }
  throw new Error(`${fileName}: \`export const ICON_NAMES = [...] as const\` not found`);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|css)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Every icon the webview in `webviewDir` uses, sorted: ICON_NAMES of its icons.ts and each
 * `codicon-<name>` in its .ts and .css files. A class built from a variable (`codicon-${…}`) is
 * allowed only in dom.ts's `icon()`, whose parameter is an IconName: anywhere else the build
 * could not see the name, so it is an error.
 */
export function webviewIconNames(webviewDir: string): string[] {
  const iconsFile = path.join(webviewDir, 'icons.ts');
  const names = new Set(iconNamesOf(fs.readFileSync(iconsFile, 'utf8'), iconsFile));
  for (const file of sourceFiles(webviewDir)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/codicon-([a-z0-9-]*)/g)) {
      const name = match[1];
      const next = text.slice(match.index + match[0].length, match.index + match[0].length + 2);
      // `codicon-${name}` or `'codicon-' + name`; `codicon-<name>` in a comment is prose.
      if ((name === '' || name.endsWith('-')) && /^(\$\{|['"`])/.test(next)) {
        if (path.basename(file) === 'dom.ts' && next === '${') continue;
        const line = text.slice(0, match.index).split('\n').length;
        throw new Error(`${file}:${line}: a codicon class built from a variable; use icon() with a name from src/webview/icons.ts so the build ships its glyph`);
      }
      if (name !== '' && !name.endsWith('-') && !MODIFIER.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/** The codicon.css for `names`: the package's head, the font's URL with the subset's hash, one rule per name. */
export function codiconCssFor(css: CodiconCss, names: readonly string[], fontHash: string): string {
  const unknown = names.filter((name) => !css.codePoints.has(name));
  if (unknown.length) {
    throw new Error(`The webview uses codicons that @vscode/codicons does not have: ${unknown.join(', ')}. Pick names from https://microsoft.github.io/vscode-codicons/dist/codicon.html (src/webview/icons.ts).`);
  }
  const head = css.head.replace(/codicon\.ttf\?[0-9a-f]+/, `codicon.ttf?${fontHash}`);
  const rules = names.map((name) => `.codicon-${name}:before { content: "\\${(css.codePoints.get(name) ?? 0).toString(16)}" }`);
  return `${head}${rules.join('\n')}\n`;
}

/** What `writeCodicons` wrote. */
export interface CodiconOutput {
  readonly names: readonly string[];
  readonly cssBytes: number;
  readonly fontBytes: number;
}

/**
 * Writes codicon.css and codicon.ttf into `outDir` with only the icons the webview in
 * `webviewDir` uses, from the @vscode/codicons `dist` folder `packageDir`.
 */
export async function writeCodicons(webviewDir: string, packageDir: string, outDir: string): Promise<CodiconOutput> {
  const css = parseCodiconCss(fs.readFileSync(path.join(packageDir, 'codicon.css'), 'utf8'));
  const names = webviewIconNames(webviewDir);
  // Checked before subsetting, so an unknown name fails with its own message.
  codiconCssFor(css, names, '');
  const text = String.fromCodePoint(...new Set(names.map((name) => css.codePoints.get(name) ?? 0)));
  const font = await subsetFont(fs.readFileSync(path.join(packageDir, 'codicon.ttf')), text, { targetFormat: 'truetype' });
  const hash = crypto.createHash('md5').update(font).digest('hex');
  const sheet = codiconCssFor(css, names, hash);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'codicon.ttf'), font);
  fs.writeFileSync(path.join(outDir, 'codicon.css'), sheet);
  return { names, cssBytes: Buffer.byteLength(sheet), fontBytes: font.length };
}
