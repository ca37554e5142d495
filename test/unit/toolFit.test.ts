import * as assert from 'node:assert/strict';
import { compactTools, MAX_PARAMETER_CHARS, MAX_TOOL_CHARS, shortDescription } from '../../src/answering/toolFit';

describe('Tool definitions shortened to fit the body limit', () => {
  it('keeps a description’s first paragraph, cut at a sentence end near the limit, else with an ellipsis', () => {
    assert.equal(shortDescription('Read a file.\n\nYou must give the range. Prefer big reads.', 320), 'Read a file.');
    const sentences = `${'Word '.repeat(50).trim()}. ${'More '.repeat(40).trim()}.`;
    assert.equal(shortDescription(sentences, 320), `${'Word '.repeat(50).trim()}.`);
    const oneLong = 'x'.repeat(500);
    assert.equal(shortDescription(oneLong, 320), `${'x'.repeat(319)}…`);
    assert.equal(shortDescription('Short.', 320), 'Short.');
  });

  it('shortens descriptions only: names, order, types, required, enum and a property named "description" stay', () => {
    const long = `Run a command. ${'Advice. '.repeat(200)}`;
    const [tool] = compactTools([
      {
        name: 'run_in_terminal',
        description: long,
        parameters: {
          type: 'object',
          properties: {
            command: { type: 'string', description: `The command to run. ${'Never do this. '.repeat(30)}`, examples: ['ls', 'make'] },
            description: { type: 'string', description: 'What it does.' },
            mode: { type: 'string', enum: ['sync', 'async'] },
            files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string', description: `A path. ${'y'.repeat(300)}` } } } },
            either: { anyOf: [{ type: 'string', description: 'z'.repeat(300) }, { type: 'number' }] },
          },
          required: ['command', 'description'],
        },
      },
    ]);
    assert.equal(tool.name, 'run_in_terminal');
    assert.ok(tool.description.length <= MAX_TOOL_CHARS && long.startsWith(tool.description));
    const p = tool.parameters as { properties: Record<string, { type?: string; description?: string; examples?: unknown; enum?: unknown; items?: { properties: { path: { description: string } } }; anyOf?: Array<{ description?: string }> }>; required: string[] };
    assert.deepEqual(Object.keys(p.properties), ['command', 'description', 'mode', 'files', 'either']);
    assert.equal(p.properties.command.description, 'The command to run.');
    assert.equal(p.properties.command.examples, undefined);
    assert.deepEqual(p.properties.description, { type: 'string', description: 'What it does.' });
    assert.deepEqual(p.properties.mode.enum, ['sync', 'async']);
    assert.equal(p.properties.files.items?.properties.path.description, 'A path.');
    assert.ok((p.properties.either.anyOf?.[0].description ?? '').length <= MAX_PARAMETER_CHARS);
    assert.deepEqual(p.required, ['command', 'description']);
  });

  it('survives hostile schemas: deep nesting is left as it is past a bound, odd values pass through', () => {
    let deep: Record<string, unknown> = { type: 'string', description: 'd'.repeat(500) };
    for (let i = 0; i < 100; i++) deep = { type: 'object', properties: { next: deep } };
    const [tool] = compactTools([{ name: 't', description: '', parameters: { ...deep, description: 42, items: null } }]);
    assert.equal(tool.description, '');
    assert.equal((tool.parameters as { description: unknown }).description, 42);
    assert.equal((tool.parameters as { items: unknown }).items, null);
  });
});
