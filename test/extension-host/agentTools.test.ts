/**
 * The agent's workspace tools in a real VS Code: each tool through the registry the loop uses, on
 * real folders (a temp project beside a folder of secrets it must never reach; a copy of the Unity
 * corpus project; the sample game the suite opens), with hostile input a model could send.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ToolRegistry } from '../../src/agent/tools/registry';
import type { ChangeRequest, ToolEnv, ToolResult } from '../../src/agent/tools/toolTypes';
import { workspaceFolderPaths, workspaceToolEnv, workspaceToolRegistry } from '../../src/agent/tools/workspaceTools';
import { copyCorpus, needCorpus } from '../support/corpus';
import { activated } from './helpers';

const SECRET = 'TOP-SECRET-8f3a';

describe('Agent workspace tools in a real VS Code', function () {
  this.timeout(60_000);
  let root: string;
  let work: string;
  let outside: string;
  let registry: ToolRegistry;
  let requests: ChangeRequest[];
  let answer: { approved: true } | { approved: false; reason?: string };

  const env = (folders = [{ path: work, name: 'Game' }]): ToolEnv =>
    workspaceToolEnv({
      signal: new AbortController().signal,
      folders,
      approve: (request) => {
        requests.push(request);
        return Promise.resolve(answer);
      },
      confirmRun: () => Promise.resolve({ approved: false, reason: 'no runs in these tests' }),
    });
  const call = (name: string, args: unknown, on: ToolEnv = env()): Promise<ToolResult> => registry.run(name, typeof args === 'string' ? args : JSON.stringify(args), on);
  const errorOf = async (name: string, args: unknown, on?: ToolEnv): Promise<string> => {
    const result = await call(name, args, on);
    assert.equal(result.ok, false, result.text);
    assert.match(result.text, /^Error: /);
    assert.ok(!result.text.includes(SECRET), 'nothing outside the workspace is read');
    return result.text;
  };
  const file = (relative: string): string => path.join(work, ...relative.split('/'));
  const write = (relative: string, content: string | Buffer): void => {
    fs.mkdirSync(path.dirname(file(relative)), { recursive: true });
    fs.writeFileSync(file(relative), content);
  };

  before(async () => {
    await activated();
    registry = workspaceToolRegistry();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-agent-tools-')));
    work = path.join(root, 'Game');
    outside = path.join(root, 'secrets');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'id_rsa'), `${SECRET}\n`);
    write('Assets/Player.cs', 'public class Player\n{\n    int hp = 100;\n    int mp = 100;\n}\n');
    write('Assets/Crlf.cs', 'class Crlf\r\n{\r\n    float speed = 1f;\r\n}\r\n');
    write('Assets/Dup.cs', 'void A()\n{\n    Reset();\n}\nvoid B()\n{\n    Reset();\n}\n');
    write('Assets/Texture.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]));
    // 5 MB of text: more than a read's budget and more than edit_file takes.
    write('Logs/huge.log', Array.from({ length: 100_000 }, (_, i) => `frame ${i + 1}: ${'x'.repeat(40)}`).join('\n'));
    fs.symlinkSync(path.join(outside, 'id_rsa'), file('Assets/linked_key.txt'));
    fs.symlinkSync(outside, file('LinkedOut'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    requests = [];
    answer = { approved: true };
  });

  const HOSTILE = (): string[] => ['../secrets/id_rsa', 'Assets/../../secrets/id_rsa', path.join(outside, 'id_rsa'), '~/secrets/id_rsa', 'Assets/linked_key.txt', 'LinkedOut/id_rsa', '\\\\host\\share\\id_rsa', '//./PhysicalDrive0', 'file:///etc/passwd'];

  describe('read_file', () => {
    it('reads a file, numbered, and a range of it', async () => {
      assert.deepEqual(await call('read_file', { path: 'Assets/Player.cs' }), { ok: true, text: '1 | public class Player\n2 | {\n3 |     int hp = 100;\n4 |     int mp = 100;\n5 | }' });
      assert.deepEqual(await call('read_file', { path: 'Assets/Player.cs', start_line: 3, end_line: 4 }), { ok: true, text: '3 |     int hp = 100;\n4 |     int mp = 100;\n… lines 3–4 of 5.' });
    });

    it('refuses .., absolute, ~, symlinks out, network and device paths, reading nothing', async () => {
      for (const hostile of HOSTILE()) assert.match(await errorOf('read_file', { path: hostile }), /outside the workspace|network path|names a device/, hostile);
    });

    it('reads a huge file in parts, each within the budget, saying where to go on', async () => {
      const first = await call('read_file', { path: 'Logs/huge.log' });
      assert.equal(first.ok, true);
      assert.ok(first.text.length < 25_000, `${first.text.length}`);
      const next = /call read_file with start_line ([\d,]+)/.exec(first.text);
      assert.ok(next, first.text.slice(-300));
      const start = Number(next[1].replace(/,/g, ''));
      const second = await call('read_file', { path: 'Logs/huge.log', start_line: start, end_line: start });
      assert.equal(second.text.split('\n')[0], `${start} | frame ${start}: ${'x'.repeat(40)}`);
    });

    it('refuses a binary file, and a line past the end, saying why', async () => {
      assert.match(await errorOf('read_file', { path: 'Assets/Texture.png' }), /binary file/);
      assert.equal(await errorOf('read_file', { path: 'Assets/Player.cs', start_line: 40 }), 'Error: start_line 40 is past the end of Assets/Player.cs, which has 5 lines.');
      assert.match(await errorOf('read_file', { path: 'Assets' }), /is a folder/);
      assert.match(await errorOf('read_file', { path: 'Assets/Nope.cs' }), /there is no file Assets\/Nope\.cs/);
    });

    it('reads what the editor shows, unsaved changes included', async () => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file('Assets/Player.cs')));
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// unsaved\n'));
      try {
        const result = await call('read_file', { path: 'Assets/Player.cs', end_line: 1 });
        assert.equal(result.text.split('\n')[0], '1 | // unsaved');
      } finally {
        // Revert this document, whatever editor another suite's late work made active meanwhile.
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        assert.equal(document.isDirty, false, 'the unsaved line is gone before the next test');
      }
    });
  });

  describe('list_files and get_problems', () => {
    it('lists the sample game\'s files by glob, one workspace-relative path a line, bounded', async () => {
      const folders = workspaceFolderPaths();
      const result = await call('list_files', { glob: '**/*.cs' }, env(folders));
      assert.equal(result.ok, true, result.text);
      const lines = result.text.split('\n');
      assert.ok(lines.includes('Assets/Scripts/PlayerController.cs'), result.text);
      assert.ok(lines.every((l) => l.endsWith('.cs') && !path.isAbsolute(l)), result.text);
      const one = await call('list_files', { glob: '**/*', max_results: 1 }, env(folders));
      assert.equal(one.text.split('\n').length, 2);
      assert.match(one.text.split('\n')[1], /^… more files match; only 1 listed/);
    });

    it('honours files.exclude and refuses globs that reach out', async () => {
      const folders = workspaceFolderPaths();
      const git = path.join(folders[0].path, '.git');
      fs.mkdirSync(git, { recursive: true });
      fs.writeFileSync(path.join(git, 'HEAD'), 'ref: refs/heads/main\n');
      try {
        const result = await call('list_files', { glob: '**/HEAD' }, env(folders));
        assert.equal(result.text, 'No files match **/HEAD.');
      } finally {
        fs.rmSync(git, { recursive: true, force: true });
      }
      assert.match(await errorOf('list_files', { glob: '../**' }, env(folders)), /reaches outside the workspace/);
      assert.match(await errorOf('list_files', { glob: '/etc/*' }, env(folders)), /reaches outside the workspace/);
    });

    it('lists problems as path:line:col: severity: message [source code]', async () => {
      const collection = vscode.languages.createDiagnosticCollection('mg-agent-test');
      try {
        const diagnostic = new vscode.Diagnostic(new vscode.Range(2, 8, 2, 10), "The name 'hp' is unused", vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'csharp';
        diagnostic.code = 'CS0414';
        collection.set(vscode.Uri.file(file('Assets/Player.cs')), [diagnostic]);
        collection.set(vscode.Uri.file(path.join(outside, 'id_rsa')), [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), SECRET)]);
        const expected = "Assets/Player.cs:3:9: warning: The name 'hp' is unused [csharp CS0414]";
        assert.deepEqual(await call('get_problems', { path: 'Assets/Player.cs' }), { ok: true, text: expected });
        const all = await call('get_problems', {});
        assert.ok(all.text.split('\n').includes(expected), all.text);
        assert.ok(!all.text.includes(SECRET), 'problems outside the workspace are left out');
        assert.deepEqual(await call('get_problems', { path: 'Assets/Crlf.cs' }), { ok: true, text: 'No problems reported in Assets/Crlf.cs.' });
        assert.match(await errorOf('get_problems', { path: '../secrets/id_rsa' }), /outside the workspace/);
      } finally {
        collection.dispose();
      }
    });
  });

  describe('search_text', () => {
    let unity: string;
    let temp: string;
    before(function () {
      needCorpus(this);
      temp = fs.realpathSync(copyCorpus(['unity-noiseshader']));
      unity = path.join(temp, 'unity-noiseshader');
      fs.symlinkSync(outside, path.join(unity, 'Assets', 'LinkedOut'));
    });
    after(() => {
      if (temp) fs.rmSync(temp, { recursive: true, force: true });
    });
    const inUnity = (): ToolEnv => env([{ path: unity, name: 'unity-noiseshader' }]);

    it('finds text in the Unity project as path:line: text, with the ripgrep VS Code ships', async () => {
      const on = inUnity();
      assert.ok(on.ripgrep && fs.existsSync(on.ripgrep), `ripgrep under ${vscode.env.appRoot}`);
      const result = await call('search_text', { query: 'class CubeController' }, on);
      assert.equal(result.ok, true, result.text);
      const match = /^Assets\/Cube\/CubeController\.cs:(\d+): (.*)$/.exec(result.text);
      assert.ok(match, result.text);
      const lines = fs.readFileSync(path.join(unity, 'Assets', 'Cube', 'CubeController.cs'), 'utf8').split(/\r?\n/);
      assert.equal(lines[Number(match[1]) - 1].trim(), match[2]);
    });

    it('takes a regex and a glob, and bounds the results', async () => {
      const result = await call('search_text', { query: 'class \\w+Controller', is_regex: true, glob: '**/*.cs' }, inUnity());
      const lines = result.text.split('\n');
      assert.ok(lines.length >= 2 && lines.every((l) => /^Assets\/.+\.cs:\d+: /.test(l)), result.text);
      const bounded = await call('search_text', { query: 'm_', max_results: 5 }, inUnity());
      const bLines = bounded.text.split('\n');
      assert.equal(bLines.length, 6, bounded.text);
      assert.match(bLines[5], /^… more lines match; only the first 5 are listed/);
    });

    it('treats option-like queries as text, refuses globs out and bad regexes with Error:', async () => {
      assert.equal((await call('search_text', { query: '--pre=/bin/sh' }, inUnity())).text, 'No matches for "--pre=/bin/sh".');
      assert.equal((await call('search_text', { query: SECRET }, inUnity())).text, `No matches for "${SECRET}".`);
      assert.match(await errorOf('search_text', { query: 'x', glob: '../**' }, inUnity()), /reaches outside the workspace/);
      assert.match(await errorOf('search_text', { query: 'a(', is_regex: true }, inUnity()), /^Error: the search failed: .*regex parse error/s);
    });
  });

  it('in Restricted Mode: the real tools edit, create, run and compile nothing, asking nothing; reading goes on', async () => {
    const restricted = { ...env(), trusted: () => false };
    const before = fs.readFileSync(file('Assets/Player.cs'), 'utf8');
    write('Shaders/bad.frag', '#version 450\nlayout(location = 0) out vec4 color;\nvoid main() { color = vec4(foam, 1.0); }\n');
    const calls: Array<[string, object]> = [
      ['edit_file', { path: 'Assets/Player.cs', old_text: 'int hp = 100;', new_text: 'int hp = 1;' }],
      ['create_file', { path: 'Assets/New.cs', content: 'class New {}' }],
      ['run_task', { name: 'build' }],
      ['run_command', { command: 'touch pwned' }],
      ['compile_shader', { path: 'Shaders/bad.frag' }],
    ];
    for (const [name, args] of calls) assert.match(await errorOf(name, args, restricted), /^Error: the workspace is in Restricted Mode, where the agent .*Manage Workspace Trust/, name);
    assert.deepEqual(requests, [], 'no approval was asked');
    assert.equal(fs.readFileSync(file('Assets/Player.cs'), 'utf8'), before);
    assert.ok(!fs.existsSync(file('Assets/New.cs')) && !fs.existsSync(file('pwned')));
    assert.equal((await call('read_file', { path: 'Assets/Player.cs' }, restricted)).ok, true);
  });

  describe('edit_file', () => {
    const disk = (relative: string): string => fs.readFileSync(file(relative), 'utf8');

    it('replaces the one occurrence after approval, saves, and reports the change', async () => {
      const before = disk('Assets/Player.cs');
      const result = await call('edit_file', { path: 'Assets/Player.cs', old_text: '    int hp = 100;', new_text: '    int hp = 150;' });
      assert.equal(result.ok, true, result.text);
      assert.match(result.text, /^Edited Assets\/Player\.cs: lines 3–3 replaced by lines 3–3\.\n/);
      assert.ok(result.text.includes('3 |     int hp = 150;'));
      assert.equal(disk('Assets/Player.cs'), before.replace('hp = 100', 'hp = 150'));
      assert.equal(requests.length, 1);
      assert.equal(requests[0].before, before);
      assert.equal(requests[0].after, disk('Assets/Player.cs'));
      assert.deepEqual(result.change, { file: file('Assets/Player.cs'), relative: 'Assets/Player.cs', before, after: disk('Assets/Player.cs') });
    });

    it('changes nothing when the user rejects, and tells the model why', async () => {
      answer = { approved: false, reason: 'keep mp' };
      const before = disk('Assets/Player.cs');
      const text = await errorOf('edit_file', { path: 'Assets/Player.cs', old_text: 'int mp = 100;', new_text: 'int mp = 0;' });
      assert.equal(text, 'Error: the user rejected the change to Assets/Player.cs, saying: keep mp. Nothing was changed.');
      assert.equal(disk('Assets/Player.cs'), before);
    });

    it('refuses old_text that is not unique or missing, saying how many and where, asking nothing', async () => {
      const before = disk('Assets/Dup.cs');
      assert.equal(
        await errorOf('edit_file', { path: 'Assets/Dup.cs', old_text: '    Reset();', new_text: '    Clear();' }),
        'Error: old_text occurs 2 times in Assets/Dup.cs (starting at lines 3, 7); nothing was changed. Include enough surrounding lines in old_text that it occurs exactly once.',
      );
      assert.match(await errorOf('edit_file', { path: 'Assets/Dup.cs', old_text: 'Restart();', new_text: 'x' }), /^Error: old_text was not found in Assets\/Dup\.cs; nothing was changed\./);
      assert.equal(disk('Assets/Dup.cs'), before);
      assert.deepEqual(requests, []);
    });

    it('edits a CRLF file with \\n arguments and keeps it CRLF', async () => {
      const result = await call('edit_file', { path: 'Assets/Crlf.cs', old_text: '{\n    float speed = 1f;\n}', new_text: '{\n    float speed = 2f;\n    float jump = 3f;\n}' });
      assert.equal(result.ok, true, result.text);
      assert.equal(disk('Assets/Crlf.cs'), 'class Crlf\r\n{\r\n    float speed = 2f;\r\n    float jump = 3f;\r\n}\r\n');
    });

    it('edits the open buffer of a file with unsaved changes, leaving it unsaved and undoable', async () => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file('Assets/Player.cs')));
      const editor = await vscode.window.showTextDocument(document);
      const onDisk = disk('Assets/Player.cs');
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// mine\n'));
      try {
        const result = await call('edit_file', { path: 'Assets/Player.cs', old_text: 'int mp = 100;', new_text: 'int mp = 50;' });
        assert.equal(result.ok, true, result.text);
        assert.match(result.text, /had unsaved changes in its editor/);
        assert.equal(document.getText(), `// mine\n${onDisk.replace('mp = 100', 'mp = 50')}`);
        assert.equal(document.isDirty, true);
        assert.equal(disk('Assets/Player.cs'), onDisk, 'the disk is untouched');
        await vscode.commands.executeCommand('undo');
        assert.equal(document.getText(), `// mine\n${onDisk}`, "VS Code's undo takes the agent's edit back");
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });

    it('refuses hostile paths, binary and huge files, asking nothing', async () => {
      for (const hostile of HOSTILE()) await errorOf('edit_file', { path: hostile, old_text: SECRET, new_text: 'x' });
      assert.match(await errorOf('edit_file', { path: 'Assets/Texture.png', old_text: 'PNG', new_text: 'x' }), /binary file/);
      assert.match(await errorOf('edit_file', { path: 'Logs/huge.log', old_text: 'frame 1:', new_text: 'x' }), /edits files up to 4 MB/);
      assert.deepEqual(requests, []);
      assert.equal(fs.readFileSync(path.join(outside, 'id_rsa'), 'utf8'), `${SECRET}\n`);
    });

    it('answers malformed arguments with Error:, writing nothing', async () => {
      assert.match(await errorOf('edit_file', '{"path":"Assets/Dup.cs","old_text":"Reset();"'), /not valid JSON/);
      assert.match(await errorOf('edit_file', { path: 'Assets/Dup.cs', old: 'a', new: 'b' }), /missing argument "old_text"|unknown argument/);
      assert.deepEqual(requests, []);
    });
  });

  describe('create_file', () => {
    it('creates a new file, in new folders, after approval', async () => {
      const result = await call('create_file', { path: 'Assets/AI/Brain.cs', content: 'class Brain {}\n' });
      assert.deepEqual(result, { ok: true, text: 'Created Assets/AI/Brain.cs (1 line).', change: { file: file('Assets/AI/Brain.cs'), relative: 'Assets/AI/Brain.cs', before: undefined, after: 'class Brain {}\n' } });
      assert.equal(fs.readFileSync(file('Assets/AI/Brain.cs'), 'utf8'), 'class Brain {}\n');
      assert.deepEqual(requests.map((r) => [r.tool, r.relative, r.before]), [['create_file', 'Assets/AI/Brain.cs', undefined]]);
    });

    it('never overwrites, and creates nothing when rejected', async () => {
      assert.match(await errorOf('create_file', { path: 'Assets/Player.cs', content: 'x' }), /already exists/);
      answer = { approved: false };
      assert.equal(await errorOf('create_file', { path: 'Assets/Rejected.cs', content: 'x' }), 'Error: the user rejected the change to Assets/Rejected.cs. Nothing was changed.');
      assert.equal(fs.existsSync(file('Assets/Rejected.cs')), false);
    });

    it('refuses paths out of the workspace, through links too, creating nothing there', async () => {
      for (const hostile of ['../secrets/new.txt', 'Assets/../../secrets/new.txt', path.join(outside, 'new.txt'), '~/new.txt', 'LinkedOut/new.txt', 'LinkedOut/deep/new.txt', '\\\\host\\share\\new.txt']) {
        await errorOf('create_file', { path: hostile, content: 'x' });
      }
      assert.deepEqual(fs.readdirSync(outside), ['id_rsa']);
      assert.deepEqual(requests, []);
    });
  });
});
