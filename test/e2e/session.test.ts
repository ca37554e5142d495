/**
 * After the whole session of the other suites (every failure case included): nothing leaked,
 * nothing was sent that should not have been, nothing went unhandled.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';
import { filesBelow } from '../../scripts/files';


describe('The whole session in a real VS Code', function () {
  this.timeout(120_000);

  it('sends zero telemetry requests when VS Code telemetry is off, even across a reload', async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    await workbench.setApiKey('mg_live_studio_e2e_session', 'Studio · production');
    await workbench.openChat();
    await workbench.askAndWait('How do I pool bullets in Unity?');
    // Deactivation flushes pending telemetry; the new window activates again (session_start).
    await workbench.reload();
    await workbench.openChat();
    // The conversation comes back after the reload; asking before it is drawn would take the
    // restored answer for the new one.
    await workbench.answers().filter({ hasText: 'pool bullets' }).first().waitFor({ timeout: 20_000 });
    await workbench.askAndWait('And for particles?');
    const chats = gateway.requests.filter((r) => r.path === '/v1/chat/completions');
    assert.equal(chats.length, 2, 'the session did talk to the gateway');
    assert.deepEqual(gateway.requests.filter((r) => r.path.startsWith('/v1/telemetry')), []);
    assert.deepEqual(gateway.telemetry, []);
  });

  it('let no rejection or error of the extension go unhandled in the extension host', () => {
    const logs = filesBelow(path.join(env().profileDir, 'user-data', 'logs')).filter((f) => /exthost|remoteexthost/i.test(path.basename(f)));
    assert.ok(logs.length > 0, 'extension host logs were found');
    // One entry per timestamped line, with its stack lines: an error entry that names our extension is a failure.
    const problems = logs.flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split(/\n(?=\d{4}-\d{2}-\d{2} )/)
        .filter((entry) => /\[error\]/.test(entry) && /monstergaming|monster-gaming/i.test(entry)),
    );
    assert.deepEqual(problems, []);
  });
});
