/**
 * The tools that write: edit_file (one exact search/replace) and create_file (a new file only).
 * Neither writes anything the loop's `approve` has not approved, nor in Restricted Mode (the registry refuses it), nor
 * outside the workspace. Edits go through a WorkspaceEdit on the document, so an open editor,
 * its unsaved changes and VS Code's undo stay coherent; a document that was saved before the
 * edit is saved after it (compilers and tasks read the disk), one with unsaved changes is left
 * unsaved (saving would write the user's changes too).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { decodeFile } from '../../context/fileText';
import { confinedFile, refusedText } from './toolPaths';
import type { WorkspaceToolArgs } from './toolSchemas';
import { excerpt, planEdit } from './toolText';
import { done, fail, type ToolEnv, type ToolResult } from './toolTypes';

/** Larger files are not edited by search/replace (a model cannot have read them whole anyway). */
export const MAX_EDIT_FILE_BYTES = 4 * 1024 * 1024;

const STOPPED = 'stopped before the change was applied; nothing was changed.';

const rejected = (relative: string, reason: string | undefined): ToolResult =>
  fail(`the user rejected the change to ${relative}${reason ? `, saying: ${reason}` : ''}. Nothing was changed.`);

function openDocument(absolute: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolute);
}

/** The document to edit, or why not: too large, binary, unreadable. */
async function editableDocument(absolute: string, relative: string): Promise<vscode.TextDocument | ToolResult> {
  const open = openDocument(absolute);
  if (open) return open;
  try {
    const { size } = await fs.promises.stat(absolute);
    if (size > MAX_EDIT_FILE_BYTES) return fail(`${relative} is ${(size / (1024 * 1024)).toFixed(1)} MB; edit_file edits files up to ${MAX_EDIT_FILE_BYTES / (1024 * 1024)} MB.`);
    if (decodeFile(await fs.promises.readFile(absolute)).kind === 'binary') return fail(`${relative} is a binary file; edit_file edits text files only.`);
    return await vscode.workspace.openTextDocument(vscode.Uri.file(absolute));
  } catch (error) {
    return fail(`could not open ${relative} (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** edit_file {path, old_text, new_text} */
export async function editFile(args: WorkspaceToolArgs['edit_file'], env: ToolEnv): Promise<ToolResult> {
  const file = await confinedFile(env.paths, args.path);
  if (!file.ok) return fail(file.error);
  const opened = await editableDocument(file.absolute, file.relative);
  if (!('uri' in opened)) return opened;
  const document = opened;
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const before = document.getText();
  const version = document.version;
  const plan = planEdit(file.relative, before, args.old_text, args.new_text, eol);
  if (plan.kind === 'error') return fail(plan.error);
  const after = before.slice(0, plan.start) + plan.replacement + before.slice(plan.end);

  const approval = await env.approve({ tool: 'edit_file', file: file.absolute, relative: file.relative, before, after });
  if (!approval.approved) return rejected(file.relative, approval.reason);
  if (env.signal.aborted) return fail(STOPPED);

  // The user may have typed while the approval was open: the change applies only where it still does.
  let applied = plan;
  let current = before;
  if (document.version !== version) {
    current = document.getText();
    const again = planEdit(file.relative, current, args.old_text, args.new_text, eol);
    if (again.kind === 'error') return fail(`${file.relative} changed while the edit waited for approval, and old_text no longer occurs exactly once in it; nothing was changed. Read it again.`);
    applied = again;
  }
  const wasDirty = document.isDirty;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(applied.start), document.positionAt(applied.end)), applied.replacement);
  if (!(await vscode.workspace.applyEdit(edit))) return fail(`VS Code did not apply the edit to ${file.relative} (is it read-only?); nothing was changed.`);
  const saved = !wasDirty && (await document.save());
  const text = document.getText();
  // A replacement that ends with a line break ends on the line before the next one.
  const newEnd = applied.startLine + applied.replacement.replace(/(\r\n|\n)$/, '').split(eol).length - 1;
  const summary = `Edited ${file.relative}: lines ${applied.startLine}–${applied.endLine} replaced by ${applied.replacement === '' ? 'nothing' : `lines ${applied.startLine}–${newEnd}`}.${wasDirty ? ' The file had unsaved changes in its editor: they are kept, and the file is not saved.' : saved ? '' : ' The file could not be saved; it has unsaved changes.'}`;
  return done(`${summary}\n${excerpt(text, applied.startLine, newEnd)}`, { file: file.absolute, relative: file.relative, before: current, after: text });
}

/** create_file {path, content} */
export async function createFile(args: WorkspaceToolArgs['create_file'], env: ToolEnv): Promise<ToolResult> {
  const target = await env.paths.resolveNew(args.path);
  if (target.kind === 'refused') return fail(refusedText(args.path, target.reason).replace('Nothing was read.', 'Nothing was created.'));
  if (target.kind === 'exists') return fail(`${target.relative} already exists; create_file only creates new files. To change it, read it and use edit_file.`);
  const approval = await env.approve({ tool: 'create_file', file: target.absolute, relative: target.relative, before: undefined, after: args.content });
  if (!approval.approved) return rejected(target.relative, approval.reason);
  if (env.signal.aborted) return fail(STOPPED);
  const edit = new vscode.WorkspaceEdit();
  // overwrite false, ignoreIfExists false: if something appeared meanwhile, the edit fails rather than replace it.
  edit.createFile(vscode.Uri.file(target.absolute), { overwrite: false, ignoreIfExists: false, contents: Buffer.from(args.content, 'utf8') });
  if (!(await vscode.workspace.applyEdit(edit))) return fail(`VS Code did not create ${target.relative} (did it appear meanwhile?); nothing was changed.`);
  const lines = args.content === '' ? 0 : args.content.split(/\r\n|\r|\n/).length - (/(\r\n|\r|\n)$/.test(args.content) ? 1 : 0);
  return done(`Created ${target.relative} (${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'}).`, { file: target.absolute, relative: target.relative, before: undefined, after: args.content });
}
