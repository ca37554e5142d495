import * as assert from 'node:assert/strict';
import { ToolRegistry, type ToolHandlers } from '../../src/agent/tools/registry';
import type { ToolEnv, ToolResult } from '../../src/agent/tools/toolTypes';
import { stubToolEnv } from '../support/toolEnv';

/** Handlers that record what they were called with (the real ones need VS Code: test/extension-host/agentTools.test.ts). */
function recording(): { handlers: ToolHandlers; calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  const ok = (name: string) => (args: unknown): Promise<ToolResult> => {
    calls.push([name, args]);
    return Promise.resolve({ ok: true, text: `${name} ran` });
  };
  return {
    calls,
    handlers: {
      read_file: { name: 'read_file', kind: 'read', description: 'Read.', run: ok('read_file') },
      list_files: { name: 'list_files', kind: 'read', description: 'List.', run: ok('list_files') },
      search_text: { name: 'search_text', kind: 'read', description: 'Search.', run: ok('search_text') },
      get_problems: { name: 'get_problems', kind: 'read', description: 'Problems.', run: ok('get_problems') },
      edit_file: { name: 'edit_file', kind: 'edit', description: 'Edit.', run: () => Promise.reject(new Error('disk full')) },
      create_file: { name: 'create_file', kind: 'edit', description: 'Create.', run: ok('create_file') },
      run_task: { name: 'run_task', kind: 'task', description: 'Task.', run: ok('run_task') },
      run_command: { name: 'run_command', kind: 'command', description: 'Command.', run: ok('run_command') },
      compile_shader: { name: 'compile_shader', kind: 'read', description: 'Compile.', run: ok('compile_shader') },
      import_engine_log: { name: 'import_engine_log', kind: 'read', description: 'Import.', run: ok('import_engine_log') },
      engine_profile: { name: 'engine_profile', kind: 'read', description: 'Profile.', run: ok('engine_profile') },
    },
  };
}

const env = (signal: AbortSignal = new AbortController().signal): ToolEnv => stubToolEnv({ signal });

describe('Agent tool registry', () => {
  it('in Restricted Mode runs no tool that edits, creates, runs or starts a process (compile_shader), and says how to trust the workspace', async () => {
    const { handlers, calls } = recording();
    const registry = new ToolRegistry({ ...handlers, compile_shader: { ...handlers.compile_shader, runsProcess: true } });
    const restricted = stubToolEnv({ trusted: () => false });
    const refused = {
      edit_file: 'edits and creates nothing',
      create_file: 'edits and creates nothing',
      run_task: 'runs no task or command',
      run_command: 'runs no task or command',
      compile_shader: 'starts no process, not even a compiler',
    };
    for (const [name, what] of Object.entries(refused)) {
      const result = await registry.run(name, '{}', restricted);
      assert.equal(result.ok, false, name);
      assert.equal(result.text, `Error: the workspace is in Restricted Mode, where the agent ${what}. Nothing was done; the user can trust the workspace (Manage Workspace Trust) and ask again.`);
    }
    assert.deepEqual(calls, [], 'no refused tool ran');
    // Reading goes on: the model can still answer from the files.
    assert.deepEqual(await registry.run('read_file', '{"path":"a.gd"}', restricted), { ok: true, text: 'read_file ran' });
    assert.deepEqual(await registry.run('compile_shader', '{"path":"a.frag"}', stubToolEnv()), { ok: true, text: 'compile_shader ran' });
  });

  it('offers each tool as an OpenAI function tool with its JSON schema (no $id)', () => {
    const specs = new ToolRegistry(recording().handlers).specs();
    assert.deepEqual(specs.map((s) => s.function.name), ['read_file', 'list_files', 'search_text', 'get_problems', 'edit_file', 'create_file', 'run_task', 'run_command', 'compile_shader', 'import_engine_log', 'engine_profile']);
    const read = specs[0];
    assert.equal(read.type, 'function');
    assert.equal(read.function.description, 'Read.');
    assert.deepEqual(Object.keys(read.function.parameters), ['type', 'required', 'additionalProperties', 'properties']);
    assert.ok(specs.every((s) => !('$id' in s.function.parameters)));
    // Sent as JSON: it must survive a round trip unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(specs)), specs);
  });

  it('runs a call by name with its checked arguments', async () => {
    const { handlers, calls } = recording();
    const result = await new ToolRegistry(handlers).run('read_file', '{"path":"a.cs","start_line":"2"}', env());
    assert.deepEqual(result, { ok: true, text: 'read_file ran' });
    assert.deepEqual(calls, [['read_file', { path: 'a.cs', start_line: 2 }]]);
  });

  it('answers an unknown tool with Error: and the tool names, running nothing', async () => {
    const { handlers, calls } = recording();
    const registry = new ToolRegistry(handlers);
    for (const name of ['run_shell', '__proto__', 'constructor', 'toString', '']) {
      const result = await registry.run(name, '{}', env());
      assert.equal(result.ok, false);
      assert.match(result.text, /^Error: there is no tool named .*\. The tools are: read_file, list_files, search_text, get_problems, edit_file, create_file, run_task, run_command, compile_shader, import_engine_log, engine_profile\.$/, name);
    }
    assert.deepEqual(calls, []);
    assert.equal(registry.kindOf('__proto__'), undefined);
    assert.equal(registry.kindOf('edit_file'), 'edit');
    assert.equal(registry.kindOf('run_task'), 'task');
    assert.equal(registry.kindOf('run_command'), 'command');
  });

  it('answers malformed arguments with Error:, running nothing', async () => {
    const { handlers, calls } = recording();
    const result = await new ToolRegistry(handlers).run('list_files', '{"glob": ', env());
    assert.equal(result.ok, false);
    assert.match(result.text, /^Error: invalid arguments for list_files: they are not valid JSON/);
    assert.deepEqual(calls, []);
  });

  it('turns a tool that throws into an Error: result', async () => {
    const result = await new ToolRegistry(recording().handlers).run('edit_file', { path: 'a', old_text: 'x', new_text: 'y' }, env());
    assert.deepEqual(result, { ok: false, text: 'Error: edit_file failed: disk full' });
  });

  it('runs nothing once stopped', async () => {
    const { handlers, calls } = recording();
    const stop = new AbortController();
    stop.abort();
    const result = await new ToolRegistry(handlers).run('read_file', '{"path":"a.cs"}', env(stop.signal));
    assert.equal(result.ok, false);
    assert.deepEqual(calls, []);
  });
});
