/**
 * Edit Selection's exchange through the answering engine, against the development gateway's edit
 * rules: what is sent, what comes back, and that the proposal only ever touches the selection.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnswerEngine } from '../../src/answering/engine';
import { DisciplineRouter } from '../../src/disciplines/router';
import { editExchange } from '../../src/edit/editContext';
import { applyReplacements, planEdits, splitLines } from '../../src/fix/editPlan';
import type { LineRange } from '../../src/fix/fixContext';
import { EDIT_LIST_NAME, EDIT_LIST_SCHEMA } from '../../src/fix/editListSchema';
import { FixRefusedError } from '../../src/fix/fixProposal';
import { requestProposal } from '../../src/fix/requestProposal';
import { GatewayClient } from '../../src/gateway/client';
import { startGateway, type DevGateway } from '../gateway/server';

const FOAM = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'demo', 'sample-game', 'Assets', 'Shaders', 'Foam.hlsl'), 'utf8');

describe('Edit Selection against the development gateway', () => {
  let gateway: DevGateway;
  let engine: AnswerEngine;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
    engine = new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: 'mg_live_studio_edits' })),
      settings: () => ({ model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 }),
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
      project: { profileFor: () => Promise.resolve({ engine: 'Unity', version: '2022.3', evidence: 'ProjectSettings/ProjectVersion.txt' }), rulesFor: () => Promise.resolve([]) },
    });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  /** The proposal for `instruction` on `selection` of `text`, and the text with it applied. */
  async function edit(text: string, selection: LineRange, instruction: string, languageId = 'hlsl'): Promise<{ result: string; discipline?: string; explanation: string }> {
    const lines = splitLines(text);
    const outcome = await requestProposal(engine, editExchange({ lines, relativePath: 'Assets/Shaders/Foam.hlsl', languageId }, selection, instruction), new AbortController().signal);
    return { result: applyReplacements(text, planEdits(text, outcome.proposal.edits)), discipline: outcome.discipline, explanation: outcome.proposal.explanation };
  }

  const body = (): { messages: Array<{ role: string; content: string }>; response_format: unknown; temperature: number } =>
    gateway.requests.filter((r) => r.path === '/v1/structured').at(-1)?.body as never;

  it('renames inside the selection only, asked as the fix exchange with structured output, routed to the shader specialist', async () => {
    const { result, discipline, explanation } = await edit(FOAM, { startLine: 5, endLine: 9 }, 'rename foam to foamAmount');
    assert.equal(result, FOAM.replace('float foam = ', 'float foamAmount = ').replace('foamColor, foam);', 'foamColor, foamAmount);'));
    assert.equal(explanation, 'Renamed `foam` to `foamAmount` in lines 5–9.');
    assert.equal(discipline, 'shader');
    const sent = body();
    assert.deepEqual(sent.response_format, { type: 'json_schema', json_schema: { name: EDIT_LIST_NAME, schema: EDIT_LIST_SCHEMA, strict: true } });
    assert.equal(sent.temperature, 0);
    assert.match(sent.messages[0].content, /Engine: Unity 2022\.3\. Language: HLSL\./);
    assert.match(sent.messages[1].content, /^Instruction: rename foam to foamAmount\nFile: Assets\/Shaders\/Foam\.hlsl \(hlsl\)\nSelected lines: 5-9 of 10\n/);
  });

  it('comments out and uncomments in the file\'s comment syntax, keeping indentation', async () => {
    const commented = await edit(FOAM, { startLine: 6, endLine: 8 }, 'comment out');
    assert.equal(commented.result, FOAM.replace('{\n    float foam', '// {\n    // float foam').replace('    return lerp', '    // return lerp'));
    const back = await edit(commented.result, { startLine: 6, endLine: 8 }, 'uncomment these lines');
    assert.equal(back.result, FOAM);
    const gd = await edit('func _ready():\n\tpass\n', { startLine: 2, endLine: 2 }, 'comment out', 'gdscript');
    assert.equal(gd.result, 'func _ready():\n\t# pass\n');
  });

  it('deletes the selection, and answers an instruction it has no rule for with a TODO above it', async () => {
    assert.equal((await edit(FOAM, { startLine: 2, endLine: 3 }, 'delete')).result, FOAM.replace('float4 _FoamTint;\nfloat _FoamCutoff;\n', ''));
    assert.equal((await edit(FOAM, { startLine: 7, endLine: 7 }, 'make the foam softer')).result, FOAM.replace('    float foam', '    // TODO: make the foam softer\n    float foam'));
  });

  it('refuses a rename of a name that is not there, with the model\'s explanation, and changes nothing', async () => {
    await assert.rejects(edit(FOAM, { startLine: 2, endLine: 3 }, 'rename crest to height'), (error: unknown) => {
      assert.ok(error instanceof FixRefusedError && error.reason === 'no-edits');
      assert.equal(error.explanation, '`crest` does not occur in lines 2–3, so there is nothing to rename.');
      return true;
    });
  });

  it('refuses edits outside the selected lines, even of the context lines the model was shown', async () => {
    gateway.setFault({ kind: 'content', text: JSON.stringify({ explanation: 'tidy', edits: [{ startLine: 4, endLine: 5, newText: 'x' }] }) });
    await assert.rejects(edit(FOAM, { startLine: 5, endLine: 9 }, 'tidy up'), (error: unknown) => error instanceof FixRefusedError && error.reason === 'outside-window');
    assert.match(body().messages[1].content, /Context before the selection \(lines 1-4, do not edit\):\n +1 \| \/\/ Foam/);
  });
});
