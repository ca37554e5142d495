/**
 * Generate Game Data as a user meets it, in a real VS Code: the palette, the sample game's loot
 * table schema picked from the quick pick, a description typed, and a new untitled JSON document
 * holding the development gateway's answer to `POST /v1/structured` (asked with that schema),
 * which validates against it. Then a reply that breaks the schema (the gateway's
 * `structuredInvalid` fault): nothing opens, the error lists the validation errors, and Show
 * Reply opens the raw reply, untitled. And a gateway under maintenance: the shared failure notice,
 * with the ETA, Try Again and Open Status Page.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { sampleOf } from '../gateway/schemaSample';
import { env } from './environment';
import { waitUntil } from './wait';

const KEY = 'mg_live_studio_e2e_gamedata';
const SCHEMA_FILE = 'Assets/Data/loot-table.schema.json';
const TITLE = 'Monster Gaming: Generate Game Data…';
const DESCRIPTION = 'a loot table for a level-5 goblin camp';

describe('Generate Game Data, in a real VS Code', function () {
  this.timeout(120_000);
  let schema: Record<string, unknown>;

  before(async () => {
    const { workbench, workspace } = env();
    schema = JSON.parse(fs.readFileSync(path.join(workspace, SCHEMA_FILE), 'utf8')) as Record<string, unknown>;
    await workbench.setApiKey(KEY, 'Studio · production');
  });

  afterEach(async () => {
    const { workbench, page } = env();
    // What opens is untitled and unsaved by design: revert and close it, so no later suite meets a
    // "Save changes?" prompt when it closes editors.
    for (let i = 0; i < 5 && (await page.locator('.tab.dirty').count()) > 0; i++) {
      await page.locator('.tab.dirty').first().click();
      await workbench.runCommand('View: Revert and Close Editor');
    }
  });

  async function generate(): Promise<void> {
    const { workbench } = env();
    await workbench.runCommand(TITLE);
    await workbench.pickQuickItem('Generate Game Data', 'loot-table', 'loot-table.schema.json');
    await workbench.answerQuickInput('Generate Game Data (loot-table.schema.json)', DESCRIPTION);
  }

  it('palette → pick the schema → describe → an untitled JSON document with data that validates', async () => {
    const { workbench, page, gateway } = env();
    gateway.reset();
    await generate();
    await page.locator('.tab.active[aria-label^="Untitled"]').waitFor({ timeout: 30_000 });
    await page.locator('.statusbar-item').filter({ hasText: /^JSON$/ }).first().waitFor({ timeout: 10_000 });
    const data = JSON.parse(await workbench.editorText()) as unknown;

    const request = gateway.requests.find((r) => r.path === '/v1/structured');
    assert.ok(request, 'the request reached POST /v1/structured');
    const body = request.body as { response_format: { json_schema: { name: string; schema: unknown } }; messages: Array<{ content: string }> };
    assert.equal(body.response_format.json_schema.name, 'loot-table');
    assert.deepEqual(body.response_format.json_schema.schema, schema);
    assert.match(body.messages.at(-1)?.content ?? '', new RegExp(`^Request: ${DESCRIPTION}$`, 'm'));
    // What opened is the gateway's answer for that schema, and it validates.
    assert.deepEqual(data, sampleOf(schema));
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate(data), JSON.stringify(validate.errors));
    await workbench.screenshot('80-generate-game-data');
  });

  it('a reply that breaks the schema: nothing opens, the error lists what is wrong, Show Reply opens it untitled', async () => {
    const { workbench, page, gateway } = env();
    await workbench.dismissNotifications();
    gateway.reset();
    gateway.setFault({ kind: 'structuredInvalid' });
    await generate();
    const toast = workbench.notification('does not match loot-table.schema.json');
    await toast.waitFor({ timeout: 30_000 });
    const text = (await toast.textContent()) ?? '';
    assert.match(text, /\/: must have required property 'name'/);
    assert.match(text, /\/level: must be integer/);
    await workbench.screenshot('81-generate-game-data-invalid');

    await workbench.clickNotificationButton('does not match loot-table.schema.json', 'Show Reply');
    // An untitled tab is named after its first line: the one-line reply's tab is not "Untitled-N".
    await page.locator('.tab.active.dirty').filter({ hasText: '"not a number"' }).waitFor({ timeout: 15_000 });
    await waitUntil(async () => (await workbench.editorText()).includes('"not a number"'), 'the reply in the editor');
    const reply = JSON.parse(await workbench.editorText()) as Record<string, unknown>;
    assert.equal(reply['name'], undefined);
    assert.equal(reply['level'], 'not a number');
  });

  it('a gateway under maintenance: the failure says when it is back, with Try Again and Open Status Page', async () => {
    const { workbench, gateway } = env();
    await workbench.dismissNotifications();
    gateway.reset();
    gateway.setAccount({ maintenance: { eta: '2099-01-01T06:30:00Z', message: 'Database upgrade' } });
    try {
      await generate();
      const toast = workbench.notification('under maintenance');
      await toast.waitFor({ timeout: 30_000 });
      assert.match((await toast.textContent()) ?? '', /Database upgrade: expected back at 2099-01-01 06:30 UTC/);
      await toast.getByRole('button', { name: 'Open Status Page' }).waitFor({ timeout: 5_000 });
      await toast.getByRole('button', { name: 'Try Again' }).waitFor({ timeout: 5_000 });
      await workbench.notification('Generating game data').waitFor({ state: 'hidden', timeout: 10_000 });
      await workbench.screenshot('82-generate-game-data-maintenance');
    } finally {
      // Maintenance off again for the tests after this one.
      gateway.reset();
      await workbench.dismissNotifications();
    }
  });
});
