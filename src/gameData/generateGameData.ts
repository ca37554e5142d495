/**
 * Generate Game Data (`monsterGaming.generateGameData`): pick a JSON Schema in the workspace (or
 * the file right-clicked), say what you want, and get JSON checked against the schema, opened as
 * a new untitled document (never written without the user saving it). A schema that does not
 * compile is reported before any request is spent; a reply that breaks the schema is listed error
 * by error, with the raw reply one click away (untitled too). Loaded with the command's first use:
 * bundled as dist/gameData.js (esbuild.js, LAZY), with ajv in dist/schemaWorker.js.
 */
import * as vscode from 'vscode';
import type { AnswerEngine } from '../answering/engine';
import { showGatewayFailure } from '../fix/failureNotice';
import { oversizedSchema, requestGameData, type GameDataAsk } from './gameDataRequest';
import { checkSchema, MAX_SCHEMA_BYTES } from './schemaCheck';

export interface GameDataServices {
  readonly engine: Pick<AnswerEngine, 'run'>;
  readonly log: (line: string) => void;
  /** The gateway's status page, offered when a failure is an outage. */
  readonly statusUrl?: () => string;
}

/** Folders that hold no schemas of the project's own. */
const EXCLUDE = '**/{node_modules,.git,Library,Temp,obj,bin,build,dist,out,Intermediate,Saved,.godot}/**';
const MAX_FILES = 500;
const MAX_DESCRIPTION_CHARS = 2000;
/** A JSON file that declares `$schema` as its first key is offered as a schema too. */
const DECLARES_SCHEMA = /^\uFEFF?\s*\{\s*"\$schema"\s*:/;

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return Buffer.byteLength(open.getText()) > MAX_SCHEMA_BYTES ? undefined : open.getText();
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_SCHEMA_BYTES) return undefined;
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** `*.schema.json` files, then JSON files that declare `$schema` first; bounded in count and size. */
async function findSchemas(): Promise<vscode.Uri[]> {
  const named = await vscode.workspace.findFiles('**/*.schema.json', EXCLUDE, MAX_FILES);
  const seen = new Set(named.map((uri) => uri.toString()));
  const declared: vscode.Uri[] = [];
  for (const uri of await vscode.workspace.findFiles('**/*.json', EXCLUDE, MAX_FILES)) {
    if (seen.has(uri.toString())) continue;
    const text = await readText(uri).catch(() => undefined);
    if (text !== undefined && DECLARES_SCHEMA.test(text.slice(0, 1024))) declared.push(uri);
  }
  const byPath = (a: vscode.Uri, b: vscode.Uri): number => a.path.localeCompare(b.path);
  return [...named.sort(byPath), ...declared.sort(byPath)];
}

async function pickSchema(target: unknown): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  const found = await findSchemas();
  if (found.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: no JSON Schema found in the workspace. Add a *.schema.json file (a loot table, an NPC stat block…), then run Generate Game Data again.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: uri.path.split('/').pop() ?? uri.path, description: vscode.workspace.asRelativePath(uri), uri })),
    { title: vscode.l10n.t('Generate Game Data'), placeHolder: vscode.l10n.t('Pick the JSON Schema the data must match'), matchOnDescription: true },
  );
  return picked?.uri;
}

/** Opens `content` as a new untitled document: nothing is written until the user saves it. */
async function openUntitled(content: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'json', content });
  await vscode.window.showTextDocument(document);
}

/** Runs the command: on the right-clicked file (`target`), else a picked schema. Resolves true when data opened. */
export async function generateGameData(services: GameDataServices, target?: unknown, described?: string): Promise<boolean> {
  const uri = await pickSchema(target);
  if (!uri) return false;
  const name = uri.path.split('/').pop() ?? uri.path;
  const schemaText = await readText(uri);
  if (schemaText === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Monster Gaming: {0} is over {1} KB; Generate Game Data reads schemas up to that size.', name, MAX_SCHEMA_BYTES / 1024));
    return false;
  }
  // A schema that cannot be used is reported before any request is spent.
  const compiled = await checkSchema(schemaText);
  if (compiled.kind !== 'schemaValid') {
    const why = compiled.kind === 'schemaInvalid' ? compiled.message : compiled.kind === 'timeout' ? vscode.l10n.t('it took over {0} s to compile', compiled.ms / 1000) : compiled.kind === 'failed' ? compiled.message : compiled.kind;
    void vscode.window.showErrorMessage(vscode.l10n.t('Monster Gaming: the schema itself is invalid: {0}. Fix {1}, then try again.', why, name));
    return false;
  }
  // So is one too large to send: before the user types a description for nothing.
  const schemaPath = vscode.workspace.asRelativePath(uri);
  const over = oversizedSchema({ schemaText, schemaPath });
  if (over) {
    services.log(`Generate Game Data (${schemaPath}): the schema makes a ${over.bytes}-byte request before the description; at most ${over.maxBytes}.`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Monster Gaming: {0} is too large to send: with it a request takes {1} KB before your description, and at most {2} KB fit (the schema goes in the prompt and as the response format, under the gateway\'s 64 KB limit). Shorten its descriptions and examples, or split it, then try again.',
        name,
        Math.ceil(over.bytes / 1024),
        Math.floor(over.maxBytes / 1024),
      ),
    );
    return false;
  }
  const description =
    described ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Generate Game Data ({0})', name),
      prompt: vscode.l10n.t('Describe what you want'),
      placeHolder: vscode.l10n.t('e.g. a loot table for a level-5 goblin camp'),
      validateInput: (value) => (value.length > MAX_DESCRIPTION_CHARS ? vscode.l10n.t('Keep it under {0} characters.', MAX_DESCRIPTION_CHARS) : undefined),
    }));
  if (!description?.trim()) return false;
  const ask: GameDataAsk = { schemaText, schemaPath, description: description.trim() };
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating game data for {0}…', name), cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return requestGameData(services.engine, ask, controller.signal, (message) => progress.report({ message }));
    },
  );
  services.log(`Generate Game Data (${ask.schemaPath}): ${outcome.kind}.`);
  const showReply = vscode.l10n.t('Show Reply');
  const offerReply = (message: string, reply: string): void => {
    vscode.window.showErrorMessage(message, showReply).then((picked) => (picked === showReply ? openUntitled(reply) : undefined)).then(undefined, () => undefined);
  };
  switch (outcome.kind) {
    case 'valid':
      await openUntitled(`${outcome.pretty}\n`);
      return true;
    case 'invalid': {
      const listed = outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      const more = outcome.total > outcome.errors.length ? vscode.l10n.t(' (and {0} more)', outcome.total - outcome.errors.length) : '';
      offerReply(vscode.l10n.t('Monster Gaming: the generated data does not match {0}, so it was not opened. {1}{2}', name, listed, more), outcome.reply);
      return false;
    }
    case 'unchecked':
      offerReply(vscode.l10n.t('Monster Gaming: the generated data could not be checked against {0} ({1}), so it was not opened.', name, outcome.reason), outcome.reply);
      return false;
    case 'refused':
      void vscode.window.showWarningMessage(vscode.l10n.t('Monster Gaming: the model declined to generate this data: {0}', outcome.refusal));
      return false;
    case 'failed':
      showGatewayFailure(outcome.view, () => generateGameData(services, uri, description), services.statusUrl);
      return false;
    case 'stopped':
      return false;
  }
}
