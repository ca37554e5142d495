/**
 * The development gateway's side of the fix exchange (CONTRACT "The fix exchange"): real answers
 * to `response_format: json_object` requests built like the extension's, and the `content` fault
 * that lets tests hand a client any answer text. Over real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { FixAnswer, FixEdit } from '../gateway/fixAnswer';
import { parseFixRequest } from '../gateway/fixRequest';
import type { DevGateway } from '../gateway/server';
import { startGateway } from '../gateway/server';
import { STARTER_KEY, chunksOf, contentOf, post, readSse } from '../gateway/client';

/** What the extension's system message says; it names compiler errors and code on purpose. */
const FIX_SYSTEM =
  'You are the Monster Gaming fix assistant for game developers. Engine: Unity 2022.3. ' +
  'Fix the compiler error or diagnostic the user sends in the code shown. Reply with one JSON object only: ' +
  '{"explanation": string, "edits": [{"startLine": number, "endLine": number, "newText": string}]}. ' +
  'Lines are 1-based and inclusive in the document as sent; newText replaces those whole lines.';

interface Diagnostic {
  readonly message: string;
  readonly source?: string;
  readonly code?: string;
  readonly range: string;
  readonly file: string;
  readonly code_lines: readonly string[];
  /** Number of the first code line (default 1). */
  readonly first?: number;
  readonly total?: number;
}

/** The user message in the documented format. */
function fixMessage(d: Diagnostic): string {
  const first = d.first ?? 1;
  const last = first + d.code_lines.length - 1;
  const meta = [d.source ? `Source: ${d.source}` : '', d.code ? `Code: ${d.code}` : '', 'Severity: error'].filter(Boolean).join('  ');
  return [
    `Diagnostic: ${d.message}`,
    meta,
    `Range: ${d.range}`,
    `File: ${d.file}`,
    '',
    `Code (lines ${first}-${last} of ${d.total ?? last}):`,
    ...d.code_lines.map((line, i) => `${String(first + i).padStart(4)} | ${line}`),
  ].join('\n');
}

function fixBody(d: Diagnostic, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'monster-gpt',
    response_format: { type: 'json_object' },
    temperature: 0,
    messages: [
      { role: 'system', content: FIX_SYSTEM },
      { role: 'user', content: fixMessage(d) },
    ],
    ...extra,
  };
}

const TS_PLAYER: Diagnostic = {
  message: "Type 'string' is not assignable to type 'number'.",
  source: 'ts',
  code: '2322',
  range: 'line 3, column 3 to line 3, column 5',
  file: 'src/player.ts (typescript)',
  code_lines: ['export class Player {', "  name = 'hero';", "  hp: number = '100';", '', '  damage(amount: number): void {', '    this.hp -= amount;', '  }', '}'],
  total: 40,
};

const HLSL_FOAM: Diagnostic = {
  message: "undeclared identifier 'foamColor'",
  source: 'hlsl',
  code: 'X3004',
  range: 'line 7, column 28 to line 7, column 37',
  file: 'Assets/Shaders/Water.hlsl (hlsl)',
  code_lines: [
    'sampler2D _MainTex;',
    'float _FoamAmount;',
    '',
    'float4 WaterFrag(float2 uv : TEXCOORD0) : SV_Target',
    '{',
    '    float4 baseColor = tex2D(_MainTex, uv);',
    '    return lerp(baseColor, foamColor, _FoamAmount);',
    '}',
  ],
};

const GD_SPEED: Diagnostic = {
  message: 'Identifier "speed" not declared in the current scope.',
  source: 'godot',
  range: 'line 8, column 52 to line 8, column 57',
  file: 'scripts/player.gd (gdscript)',
  code_lines: [
    'extends CharacterBody2D',
    '',
    'const SPEED = 300.0',
    'const JUMP_VELOCITY = -400.0',
    '',
    'func _physics_process(delta: float) -> void:',
    '\tvar direction := Input.get_axis("ui_left", "ui_right")',
    '\tvelocity.x = direction * speed if direction else 0.0',
    '\tmove_and_slide()',
  ],
};

const TS_UNKNOWN_PROPERTY: Diagnostic = {
  message: "Property 'jump' does not exist on type 'Player'.",
  source: 'ts',
  code: '2339',
  range: 'line 2, column 12 to line 2, column 16',
  file: 'src/input.ts (typescript)',
  code_lines: ['export function onSpace(player: Player): void {', '  player.jump();', '}'],
};

type Completion = { choices: Array<{ message: { role: string; content: string }; finish_reason: string }> };

describe('development gateway: the fix exchange', function () {
  let gateway: DevGateway;
  /** Every answer a test got, checked for shape at the end. */
  const answered: Array<{ readonly request: Diagnostic; readonly answer: FixAnswer }> = [];

  before(async () => {
    gateway = await startGateway();
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  /** Asks without streaming; returns the parsed answer and the response. */
  async function fix(d: Diagnostic, key = STARTER_KEY): Promise<{ answer: FixAnswer; response: Response; content: string }> {
    const response = await post(gateway.url, '/chat/completions', fixBody(d), key);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Completion;
    const content = body.choices[0].message.content;
    const answer = JSON.parse(content) as FixAnswer;
    answered.push({ request: d, answer });
    return { answer, response, content };
  }

  /** The one edit of an answer. */
  async function onlyEdit(d: Diagnostic): Promise<{ edit: FixEdit; explanation: string }> {
    const { answer } = await fix(d);
    assert.equal(answer.edits.length, 1, answer.explanation);
    return { edit: answer.edits[0], explanation: answer.explanation };
  }

  describe('reading the user message', () => {
    it('parses every field of the documented format', () => {
      const parsed = parseFixRequest(fixMessage(TS_PLAYER), FIX_SYSTEM);
      assert.ok(parsed);
      assert.equal(parsed.message, "Type 'string' is not assignable to type 'number'.");
      assert.deepEqual([parsed.source, parsed.code, parsed.severity], ['ts', '2322', 'error']);
      assert.deepEqual([parsed.line, parsed.column, parsed.endLine, parsed.endColumn], [3, 3, 3, 5]);
      assert.deepEqual([parsed.file, parsed.languageId, parsed.language], ['src/player.ts', 'typescript', 'typescript']);
      assert.equal(parsed.documentLines, 40);
      assert.equal(parsed.lines.size, 8);
      assert.equal(parsed.lines.get(3), "  hp: number = '100';");
      assert.equal(parsed.lines.get(4), '');
    });

    it('tolerates CRLF, fences, markers, other range forms and extra labels; needs a Diagnostic line', () => {
      const message = [
        'Fix this error.',
        'Diagnostic: Cannot find name \'playerNmae\'.',
        'Source: ts   Code: 2304   Severity: error',
        'Engine: Unity 2022.3',
        'Range: 2:15-2:25',
        'File: src/hud.tsx',
        'Related information: none',
        'Code (lines 1-3 of 3):',
        '```typescript',
        '   1 | const playerName = "Ada";',
        '>  2 |\tlabel.text = playerNmae;',
        '   3 | ',
        '```',
      ].join('\r\n');
      const parsed = parseFixRequest(message);
      assert.ok(parsed);
      assert.equal(parsed.message, "Cannot find name 'playerNmae'.");
      assert.deepEqual([parsed.line, parsed.column, parsed.endLine, parsed.endColumn], [2, 15, 2, 25]);
      assert.deepEqual([parsed.file, parsed.languageId, parsed.language], ['src/hud.tsx', 'tsx', 'typescript']);
      assert.equal(parsed.lines.get(2), '\tlabel.text = playerNmae;');
      assert.equal(parsed.lines.get(3), '');
      assert.equal(parsed.lines.size, 3);
      assert.equal(parseFixRequest('Range: line 3\nFile: a.ts\n   1 | x'), undefined);
      assert.equal(parseFixRequest('Diagnostic: boom\nRange: line 1', 'Engine: Godot 4.2. Language: GDScript.')?.language, 'gdscript');
    });
  });

  describe("the extension's request as it builds it", () => {
    it('reads placeholders, Related, Nearby and Enclosing symbol lines, and a .hlsl file sent as plaintext', async () => {
      const user = [
        "Diagnostic: undeclared identifier 'foamColor'",
        'Source: unknown  Code: none  Severity: error',
        'Range: line 8, column 28 to line 8, column 36',
        'File: Assets/Shaders/Foam.hlsl (plaintext)',
        'Related:',
        '- Assets/Shaders/Water.shader:12:5: included from here',
        'Nearby diagnostics:',
        "- line 3: implicit truncation of vector type (X3206)",
        'Enclosing symbol: ApplyFoam',
        '',
        'Code (lines 1-9 of 9):',
        '  1 | // Foam on wave crests, included by Water.shader.',
        '  2 | float4 _FoamTint;',
        '  3 | float _FoamCutoff;',
        '  4 | ',
        '  5 | float4 ApplyFoam(float4 baseColor, float crest)',
        '  6 | {',
        '  7 |     float foam = saturate((crest - _FoamCutoff) * 8.0);',
        '  8 |     return lerp(baseColor, foamColor, foam);',
        '  9 | }',
      ].join('\n');
      const system =
        "You fix one compiler or linter error in the user's code.\nReply with JSON only, of this shape:\n" +
        '{"explanation": "why it failed and what the fix does", "edits": [{"startLine": 12, "endLine": 12, "newText": "const hp: number = 100;"}]}\n\n' +
        'Engine: Unity 2022.3. Language: C#.';
      const parsed = parseFixRequest(user, system);
      assert.ok(parsed);
      assert.deepEqual([parsed.source, parsed.code, parsed.language, parsed.lines.size], [undefined, undefined, 'hlsl', 9]);
      const response = await post(gateway.url, '/chat/completions', {
        model: 'monster-gpt',
        response_format: { type: 'json_object' },
        messages: [{ role: 'system', content: system }, { role: 'user', content: user }],
      });
      assert.equal(response.headers.get('x-monster-discipline'), 'shader');
      const answer = JSON.parse(((await response.json()) as Completion).choices[0].message.content) as FixAnswer;
      assert.match(answer.explanation, /^"undeclared identifier 'foamColor'" on line 8/);
      assert.deepEqual(answer.edits, [
        { startLine: 8, endLine: 8, newText: '    float4 foamColor = float4(1, 1, 1, 1);\n    return lerp(baseColor, foamColor, foam);' },
      ]);
    });
  });

  describe('rule 1: a string of digits where a number is expected', () => {
    it("TypeScript TS2322: '100' becomes 100 on the diagnostic's line", async () => {
      const { edit, explanation } = await onlyEdit(TS_PLAYER);
      assert.deepEqual(edit, { startLine: 3, endLine: 3, newText: '  hp: number = 100;' });
      assert.match(explanation, /TS2322/);
      assert.match(explanation, /line 3/);
      assert.match(explanation, /removes the quotes/);
    });

    it('C# CS0029: "3" becomes 3 for an int, "5.5" becomes 5.5f for a float', async () => {
      const unity = (message: string, line: string): Diagnostic => ({
        message,
        source: 'csharp',
        code: 'CS0029',
        range: 'line 5, column 23 to line 5, column 26',
        file: 'Assets/Scripts/Player.cs (csharp)',
        code_lines: ['using UnityEngine;', '', 'public class Player : MonoBehaviour', '{', line, '}'],
      });
      const lives = await onlyEdit(unity("Cannot implicitly convert type 'string' to 'int'", '    private int lives = "3";'));
      assert.deepEqual(lives.edit, { startLine: 5, endLine: 5, newText: '    private int lives = 3;' });
      assert.match(lives.explanation, /CS0029/);
      const speed = await onlyEdit(unity("Cannot implicitly convert type 'string' to 'float'", '    public float speed = "5.5";'));
      assert.equal(speed.edit.newText, '    public float speed = 5.5f;');
    });

    it("GDScript: 'Cannot assign a value of type \"String\"…' unquotes the number", async () => {
      const { edit } = await onlyEdit({
        message: 'Cannot assign a value of type "String" as "int".',
        source: 'godot',
        range: 'line 2, column 15 to line 2, column 20',
        file: 'scripts/stats.gd (gdscript)',
        code_lines: ['extends Node', 'var max_hp: int = "250"'],
      });
      assert.deepEqual(edit, { startLine: 2, endLine: 2, newText: 'var max_hp: int = 250' });
    });
  });

  describe('rule 2: an undeclared identifier', () => {
    it('TypeScript TS2304: renames a typo to the closest name in the code', async () => {
      const { edit, explanation } = await onlyEdit({
        message: "Cannot find name 'playerNmae'.",
        source: 'ts',
        code: '2304',
        range: 'line 4, column 21 to line 4, column 31',
        file: 'src/hud.ts (typescript)',
        code_lines: ['const playerName = "Ada";', '', 'export function title(): string {', '  return `Welcome, ${playerNmae}!`;', '}'],
      });
      assert.deepEqual(edit, { startLine: 4, endLine: 4, newText: '  return `Welcome, ${playerName}!`;' });
      assert.match(explanation, /TS2304/);
      assert.match(explanation, /'playerNmae'.*'playerName'/);
    });

    it('HLSL X3004 with nothing similar declared: inserts a float4 declaration above, indented', async () => {
      const { edit, explanation } = await onlyEdit(HLSL_FOAM);
      assert.deepEqual(edit, {
        startLine: 7,
        endLine: 7,
        newText: '    float4 foamColor = float4(1, 1, 1, 1);\n    return lerp(baseColor, foamColor, _FoamAmount);',
      });
      assert.match(explanation, /X3004/);
      assert.match(explanation, /declares it/);
    });

    it("HLSL MSVC-style C2065 \"'foamColr': undeclared identifier\": renames to the declared foamColor", async () => {
      const lines = [...HLSL_FOAM.code_lines];
      lines[1] = 'float4 foamColor;';
      lines[6] = '    return lerp(baseColor, foamColr, _FoamAmount);';
      const { edit } = await onlyEdit({ ...HLSL_FOAM, message: "'foamColr': undeclared identifier", code: 'C2065', code_lines: lines });
      assert.deepEqual(edit, { startLine: 7, endLine: 7, newText: '    return lerp(baseColor, foamColor, _FoamAmount);' });
    });

    it("glslang's HLSL front end \"'foamColr' : unknown variable\": renames to the declared foamColor", async () => {
      const lines = [...HLSL_FOAM.code_lines];
      lines[1] = 'float4 foamColor;';
      lines[6] = '    return lerp(baseColor, foamColr, _FoamAmount);';
      const { edit } = await onlyEdit({ ...HLSL_FOAM, message: "'foamColr' : unknown variable", source: 'glslang', code: undefined, code_lines: lines });
      assert.deepEqual(edit, { startLine: 7, endLine: 7, newText: '    return lerp(baseColor, foamColor, _FoamAmount);' });
    });

    it('GDScript: "speed" becomes the SPEED constant (case-insensitive), tabs kept', async () => {
      const { edit } = await onlyEdit(GD_SPEED);
      assert.deepEqual(edit, { startLine: 8, endLine: 8, newText: '\tvelocity.x = direction * SPEED if direction else 0.0' });
    });

    it('GDScript and C# with nothing similar: a var with a plain default goes above the line', async () => {
      const gd = await onlyEdit({
        ...GD_SPEED,
        message: 'Identifier "jump_height" not declared in the current scope.',
        range: 'line 9, column 2',
        code_lines: [...GD_SPEED.code_lines.slice(0, 8), '\tprint(jump_height)'],
      });
      assert.deepEqual(gd.edit, { startLine: 9, endLine: 9, newText: '\tvar jump_height = 0\n\tprint(jump_height)' });
      const cs = await onlyEdit({
        message: "The name 'score' does not exist in the current context",
        source: 'csharp',
        code: 'CS0103',
        range: 'line 4, column 9 to line 4, column 14',
        file: 'Assets/Scripts/Coin.cs (csharp)',
        code_lines: ['public class Coin : MonoBehaviour', '{', '    void OnTriggerEnter(Collider other) {', '        score += 10;', '    }', '}'],
      });
      assert.deepEqual(cs.edit, { startLine: 4, endLine: 4, newText: '        var score = 0;\n        score += 10;' });
      assert.match(cs.explanation, /CS0103/);
    });

    it('never renames a short name to a keyword (foo is not for)', async () => {
      const { edit } = await onlyEdit({
        message: "Cannot find name 'foo'.",
        source: 'ts',
        code: '2304',
        range: 'line 2, column 20',
        file: 'src/loop.ts (typescript)',
        code_lines: ['for (let i = 0; i < 3; i++) {', '  console.log(i + foo);', '}'],
      });
      assert.deepEqual(edit, { startLine: 2, endLine: 2, newText: '  let foo = 0;\n  console.log(i + foo);' });
    });
  });

  describe('rule 3: a missing semicolon', () => {
    it('C# CS1002: appends ; before a trailing comment', async () => {
      const { edit, explanation } = await onlyEdit({
        message: '; expected',
        source: 'csharp',
        code: 'CS1002',
        range: 'line 3, column 22 to line 3, column 22',
        file: 'Assets/Scripts/Player.cs (csharp)',
        code_lines: ['void Start()', '{', '    int lives = 3  // start with three', '}'],
      });
      assert.deepEqual(edit, { startLine: 3, endLine: 3, newText: '    int lives = 3;  // start with three' });
      assert.match(explanation, /CS1002/);
    });

    it("TS1005 between two statements on a line, and \"missing ';' before '}'\" on the next line", async () => {
      const ts = await onlyEdit({
        message: "';' expected.",
        source: 'ts',
        code: '1005',
        range: 'line 1, column 14 to line 1, column 17',
        file: 'src/a.ts (typescript)',
        code_lines: ['let hp = 100 let mp = 50;'],
      });
      assert.equal(ts.edit.newText, 'let hp = 100; let mp = 50;');
      const cpp = await onlyEdit({
        message: "syntax error: missing ';' before '}'",
        source: 'msvc',
        code: 'C2143',
        range: 'line 4, column 1',
        file: 'Source/Game/Health.cpp (cpp)',
        code_lines: ['void UHealth::Reset()', '{', '    Health = MaxHealth', '}'],
      });
      assert.deepEqual(cpp.edit, { startLine: 3, endLine: 3, newText: '    Health = MaxHealth;' });
    });
  });

  describe('rule 4: a second definition of the same name', () => {
    it('TypeScript TS1117: deletes the repeated property line (newText "")', async () => {
      const { edit, explanation } = await onlyEdit({
        message: 'An object literal cannot have multiple properties with the same name.',
        source: 'ts',
        code: '1117',
        range: 'line 4, column 3 to line 4, column 10',
        file: 'Tools/levelConfig.ts (typescript)',
        code_lines: ['export const forest = {', "  name: 'Forest',", '  enemies: 12,', '  enemies: 14,', '};'],
      });
      assert.deepEqual(edit, { startLine: 4, endLine: 4, newText: '' });
      assert.match(explanation, /TS1117/);
      assert.match(explanation, /deletes line 4/);
    });

    it("C# CS0102 and HLSL \"redefinition of\": deletes the line, naming what was defined twice", async () => {
      const cs = await onlyEdit({
        message: "The type 'Player' already contains a definition for 'hp'",
        source: 'csharp',
        code: 'CS0102',
        range: 'line 3, column 16',
        file: 'Assets/Scripts/Player.cs (csharp)',
        code_lines: ['class Player {', '    public int hp = 100;', '    public int hp = 90;', '}'],
      });
      assert.deepEqual(cs.edit, { startLine: 3, endLine: 3, newText: '' });
      assert.match(cs.explanation, /'hp' is defined a second time/);
      const hlsl = await onlyEdit({ ...HLSL_FOAM, message: "redefinition of 'foamColor'", code: undefined, range: 'line 2, column 8', code_lines: ['float4 foamColor;', 'float4 foamColor;', 'float4 main() : SV_Target { return foamColor; }'] });
      assert.deepEqual(hlsl.edit, { startLine: 2, endLine: 2, newText: '' });
    });

    it('never deletes a line that opens a block (a duplicate function is left to a person)', async () => {
      const { edit } = await onlyEdit({
        message: "Duplicate identifier 'spawn'.",
        source: 'ts',
        code: '2300',
        range: 'line 2, column 3',
        file: 'src/level.ts (typescript)',
        code_lines: ['class Level {', '  spawn() {', '  }', '}'],
      });
      assert.notEqual(edit.newText, '', 'not deleted');
      assert.match(edit.newText, /could not fix this automatically/);
    });
  });

  describe('rule 5: anything else', () => {
    it('adds a comment above the line in the file\'s comment syntax and says it could not fix it', async () => {
      const ts = await onlyEdit(TS_UNKNOWN_PROPERTY);
      assert.deepEqual(ts.edit, {
        startLine: 2,
        endLine: 2,
        newText: `  // Monster Gaming could not fix this automatically: TS2339 "Property 'jump' does not exist on type 'Player'."\n  player.jump();`,
      });
      assert.match(ts.explanation, /TS2339/);
      assert.match(ts.explanation, /no automatic fix/);
      const gd = await onlyEdit({ ...GD_SPEED, message: 'Function "jump()" not found in base self.', range: 'line 9, column 2' });
      assert.equal(gd.edit.newText, '\t# Monster Gaming could not fix this automatically: "Function "jump()" not found in base self."\n\tmove_and_slide()');
    });

    it('proposes no edit for a line that was not sent, or for a JSON request that is no fix request', async () => {
      const { answer } = await fix({ ...TS_PLAYER, range: 'line 30, column 1' });
      assert.deepEqual(answer.edits, []);
      assert.match(answer.explanation, /line 30.*not in the code that was sent \(lines 1-8\)/);
      const plain = await post(gateway.url, '/chat/completions', {
        model: 'monster-gpt',
        response_format: { type: 'json_object' },
        messages: [{ role: 'user', content: 'Fix error CS0246 on line 12' }],
      });
      assert.deepEqual((JSON.parse(((await plain.json()) as Completion).choices[0].message.content) as FixAnswer).edits, []);
    });
  });

  describe('the answer on the wire', () => {
    it('streams the same JSON in several chunks as it answers without streaming', async () => {
      for (const d of [TS_PLAYER, HLSL_FOAM, GD_SPEED, TS_UNKNOWN_PROPERTY]) {
        const { content } = await fix(d);
        for (const [path, extra] of [['/chat/completions', { stream: true }], ['/stream', {}]] as const) {
          const response = await post(gateway.url, path, fixBody(d, extra));
          assert.equal(response.headers.get('content-type'), 'text/event-stream');
          const read = await readSse(response);
          assert.ok(read.wellFramed);
          assert.equal(read.payloads.at(-1), '[DONE]');
          const chunks = chunksOf(read);
          assert.ok(chunks.length > 5, 'streamed in chunks');
          assert.equal(chunks[0].choices[0].delta.role, 'assistant');
          assert.equal(chunks.at(-1)?.choices[0].finish_reason, 'stop');
          assert.equal(contentOf(chunks), content);
        }
      }
    });

    it('reaches the openai SDK as parseable JSON, streamed or not', async () => {
      const client = new OpenAI({ apiKey: STARTER_KEY, baseURL: gateway.url, maxRetries: 0 });
      const messages = [
        { role: 'system' as const, content: FIX_SYSTEM },
        { role: 'user' as const, content: fixMessage(TS_PLAYER) },
      ];
      const plain = await client.chat.completions.create({ model: 'monster-gpt', messages, response_format: { type: 'json_object' } });
      const stream = await client.chat.completions.create({ model: 'monster-gpt', messages, response_format: { type: 'json_object' }, stream: true });
      let streamed = '';
      for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
      assert.equal(streamed, plain.choices[0].message.content);
      assert.equal((JSON.parse(streamed) as FixAnswer).edits[0].newText, '  hp: number = 100;');
    });

    it('routes an HLSL fix to the shader specialist, other fixes by their words, Free keys to general', async () => {
      const hlsl = await fix(HLSL_FOAM);
      assert.equal(hlsl.response.headers.get('x-monster-discipline'), 'shader');
      const streamed = await post(gateway.url, '/stream', fixBody({ ...HLSL_FOAM, file: 'Shaders/Foam.hlsl' }));
      assert.equal(streamed.headers.get('x-monster-discipline'), 'shader');
      await readSse(streamed);
      const ts = await fix(TS_UNKNOWN_PROPERTY);
      assert.notEqual(ts.response.headers.get('x-monster-discipline'), 'shader');
      const free = await fix(HLSL_FOAM, 'mg_live_free_demo123');
      assert.equal(free.response.headers.get('x-monster-discipline'), 'general');
      assert.deepEqual(gateway.requests.map((r) => r.discipline), ['shader', 'shader', ts.response.headers.get('x-monster-discipline'), 'general']);
    });

    it('every answer is {explanation, edits} with edits on sent lines that keep indentation and never overlap', async () => {
      // Checks the answers the other tests got too, when they ran first.
      for (const d of [TS_PLAYER, HLSL_FOAM, GD_SPEED, TS_UNKNOWN_PROPERTY]) await fix(d);
      for (const { request, answer } of answered) {
        assert.deepEqual(Object.keys(answer), ['explanation', 'edits']);
        assert.equal(typeof answer.explanation, 'string');
        assert.ok(answer.explanation.length > 30);
        const first = request.first ?? 1;
        const last = first + request.code_lines.length - 1;
        const sorted = [...answer.edits].sort((a, b) => a.startLine - b.startLine);
        sorted.forEach((edit, i) => {
          assert.deepEqual(Object.keys(edit), ['startLine', 'endLine', 'newText']);
          assert.ok(Number.isInteger(edit.startLine) && edit.startLine >= first && edit.startLine <= edit.endLine && edit.endLine <= last);
          assert.ok(i === 0 || sorted[i - 1].endLine < edit.startLine, 'no overlap');
          const original = request.code_lines[edit.startLine - first];
          const indent = /^\s*/.exec(original)?.[0] ?? '';
          assert.ok(edit.newText === '' || edit.newText.startsWith(indent), `indentation kept in ${JSON.stringify(edit.newText)}`);
        });
      }
    });
  });

  describe('the content fault', () => {
    const fenced = '```json\n{"explanation": "fenced", "edits": [{"startLine": 99, "endLine": 99, "newText": "x"}]}\n```\n';

    it('answers a non-streaming request with exactly its text, then the gateway answers normally', async () => {
      gateway.setFault({ kind: 'content', text: fenced });
      const first = await post(gateway.url, '/chat/completions', fixBody(TS_PLAYER));
      assert.equal(first.headers.get('x-monster-discipline'), 'programming');
      const body = (await first.json()) as Completion;
      assert.deepEqual(body.choices[0].message, { role: 'assistant', content: fenced });
      assert.equal(body.choices[0].finish_reason, 'stop');
      const next = (await (await post(gateway.url, '/chat/completions', fixBody(TS_PLAYER))).json()) as Completion;
      assert.equal((JSON.parse(next.choices[0].message.content) as FixAnswer).edits[0].startLine, 3);
    });

    it('streams its text in chunks for `count` requests, uncut by max_tokens', async () => {
      const garbage = 'Sure! Here is the fix:\n\n  not json at all   ';
      gateway.setFault({ kind: 'content', text: garbage, count: 2 });
      for (let i = 0; i < 2; i++) {
        const read = await readSse(await post(gateway.url, '/stream', fixBody(HLSL_FOAM, { max_tokens: 2 })));
        const chunks = chunksOf(read);
        assert.ok(chunks.length > 3, 'several content chunks');
        assert.equal(contentOf(chunks), garbage);
        assert.equal(chunks.at(-1)?.choices[0].finish_reason, 'stop');
        assert.equal(read.payloads.at(-1), '[DONE]');
      }
      assert.deepEqual(gateway.requests.map((r) => r.discipline), ['shader', 'shader']);
      const after = chunksOf(await readSse(await post(gateway.url, '/stream', fixBody(HLSL_FOAM))));
      assert.ok(JSON.parse(contentOf(after)) as FixAnswer);
    });

    it('is accepted and validated over POST /__control/fault', async () => {
      const control = (p: string, body?: unknown): Promise<Response> =>
        fetch(`http://127.0.0.1:${gateway.port}/__control/${p}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
      for (const bad of [{ kind: 'content' }, { kind: 'content', text: 42 }, { kind: 'content', text: 'x', count: 0 }]) {
        const refused = await control('fault', bad);
        assert.equal(refused.status, 400);
        assert.match(((await refused.json()) as { error: string }).error, /text|count/);
      }
      const overlapping = JSON.stringify({
        explanation: 'two edits on line 3',
        edits: [{ startLine: 2, endLine: 3, newText: 'a' }, { startLine: 3, endLine: 4, newText: 'b' }],
      });
      assert.equal((await control('fault', [{ kind: 'content', text: overlapping }, { kind: 'content', text: '' }])).status, 200);
      assert.deepEqual(await (await control('faults')).json(), [
        { kind: 'content', text: overlapping, remaining: 1 },
        { kind: 'content', text: '', remaining: 1 },
      ]);
      const streamed = chunksOf(await readSse(await post(gateway.url, '/chat/completions', fixBody(TS_PLAYER, { stream: true }))));
      assert.equal(contentOf(streamed), overlapping);
      const empty = (await (await post(gateway.url, '/chat/completions', fixBody(TS_PLAYER))).json()) as Completion;
      assert.equal(empty.choices[0].message.content, '');
      assert.deepEqual(await (await control('faults')).json(), []);
    });
  });
});
