import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { GENERATED, generatedToolValidators } from '../../scripts/toolValidators';
import { isWorkspaceToolName, MAX_ARGUMENT_CHARS, parseToolArgs, signature } from '../../src/agent/tools/toolArgs';
import { MAX_CREATE_CHARS, TOOL_SCHEMAS } from '../../src/agent/tools/toolSchemas';

describe('Agent tool arguments', () => {
  it('src/agent/tools/toolValidators.generated.ts is up to date (run `npm run schemas` after changing toolSchemas.ts)', () => {
    assert.equal(fs.readFileSync(GENERATED, 'utf8'), generatedToolValidators());
  });

  it('names exactly the tools of CONTRACT.md that work on the workspace', () => {
    assert.deepEqual(Object.keys(TOOL_SCHEMAS), ['read_file', 'list_files', 'search_text', 'get_problems', 'edit_file', 'create_file', 'run_task', 'run_command', 'compile_shader', 'import_engine_log', 'engine_profile']);
    assert.equal(isWorkspaceToolName('read_file'), true);
    assert.equal(isWorkspaceToolName('toString'), false);
    assert.equal(isWorkspaceToolName('run_shell'), false);
  });

  it('accepts well-formed calls, from JSON text or parsed', () => {
    assert.deepEqual(parseToolArgs('read_file', '{"path":"Assets/Player.cs","start_line":3,"end_line":9}'), { ok: true, args: { path: 'Assets/Player.cs', start_line: 3, end_line: 9 } });
    assert.deepEqual(parseToolArgs('edit_file', { path: 'a.cs', old_text: 'x', new_text: '' }), { ok: true, args: { path: 'a.cs', old_text: 'x', new_text: '' } });
    assert.deepEqual(parseToolArgs('get_problems', ''), { ok: true, args: {} });
  });

  it('takes numbers sent as strings and treats null as left out', () => {
    assert.deepEqual(parseToolArgs('read_file', '{"path":"a.cs","start_line":"12","end_line":null}'), { ok: true, args: { path: 'a.cs', start_line: 12 } });
    assert.deepEqual(parseToolArgs('search_text', '{"query":"hp","is_regex":"true"}'), { ok: true, args: { query: 'hp', is_regex: true } });
  });

  const error = (result: ReturnType<typeof parseToolArgs>): string => {
    assert.equal(result.ok, false, JSON.stringify(result));
    return result.ok ? '' : result.error;
  };

  it('names the missing argument and what the tool takes', () => {
    assert.equal(error(parseToolArgs('read_file', '{}')), 'Error: invalid arguments for read_file: missing argument "path". It takes {path: string, start_line?: integer ≥ 1, end_line?: integer ≥ 1}.');
  });

  it('refuses an unknown argument rather than dropping it (the model learns it misnamed one)', () => {
    assert.match(error(parseToolArgs('read_file', '{"path":"a.cs","file_path":"b.cs"}')), /unknown argument "file_path"/);
  });

  it('refuses wrong types, zero and negative lines, empty paths, over-long content', () => {
    assert.match(error(parseToolArgs('read_file', '{"path":"a.cs","start_line":0}')), /"start_line" must be ≥ 1/);
    assert.match(error(parseToolArgs('read_file', '{"path":"a.cs","start_line":2.5}')), /"start_line" must be of type integer/);
    assert.match(error(parseToolArgs('read_file', '{"path":""}')), /"path" must not be empty/);
    assert.match(error(parseToolArgs('edit_file', '{"path":"a","old_text":"","new_text":"x"}')), /"old_text" must not be empty/);
    assert.match(error(parseToolArgs('list_files', '{"glob":"**","max_results":5000}')), /"max_results" must be ≤ 1000/);
    assert.match(error(parseToolArgs('create_file', { path: 'a', content: 'x'.repeat(MAX_CREATE_CHARS + 1) })), /"content" is longer than 500,000 characters/);
    assert.match(error(parseToolArgs('edit_file', '{"path":["a"],"old_text":"x","new_text":"y"}')), /"path" must be of type string/);
  });

  it('refuses text that is not one JSON object, and argument text past the bound unparsed', () => {
    assert.match(error(parseToolArgs('read_file', '{"path": "a.cs"')), /^Error: invalid arguments for read_file: they are not valid JSON \(.+\); send one JSON object\. It takes/);
    assert.match(error(parseToolArgs('read_file', '["a.cs"]')), /they must be a JSON object/);
    assert.match(error(parseToolArgs('read_file', '"a.cs"')), /they must be a JSON object/);
    assert.match(error(parseToolArgs('create_file', `{"path":"a","content":"${'x'.repeat(MAX_ARGUMENT_CHARS)}"}`)), /more than the 1,200,000 allowed/);
  });

  it('says every tool\'s signature from its schema', () => {
    assert.equal(signature('search_text'), '{query: string, is_regex?: boolean, glob?: string, max_results?: integer ≥ 1 ≤ 500}');
    assert.equal(signature('get_problems'), '{path?: string}');
  });
});
