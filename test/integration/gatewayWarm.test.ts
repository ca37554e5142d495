/**
 * The first question must not wait for the `openai` SDK to load: the sidebar warms the engine when
 * it opens. Checked in a fresh Node process (this one has loaded the SDK long ago).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

describe('Warming the gateway client', () => {
  it('loads the SDK when the view opens (ChatController.warm → AnswerEngine.warm → GatewayClient.warm), not on the first question', function () {
    this.timeout(20_000);
    const out = path.resolve(__dirname, '..', '..', 'src');
    const script = `
      const { GatewayClient } = require(${JSON.stringify(path.join(out, 'gateway', 'client.js'))});
      const { AnswerEngine } = require(${JSON.stringify(path.join(out, 'answering', 'engine.js'))});
      const { ChatController } = require(${JSON.stringify(path.join(out, 'chat', 'chatController.js'))});
      const sdkLoaded = () => Object.keys(require.cache).some((file) => file.endsWith(require('node:path').join('gateway', 'sdk.js')));
      const before = sdkLoaded();
      const gateway = new GatewayClient(() => Promise.resolve({ baseUrl: 'http://127.0.0.1:9' }));
      const engine = new AnswerEngine({ gateway, settings: () => ({}), hasKey: () => Promise.resolve(true) });
      const controller = new ChatController({ engine, settings: () => ({}), account: () => ({ hasKey: true, signupUrl: '' }), store: {}, post: () => {} });
      controller.warm();
      console.log(JSON.stringify({ before, after: sdkLoaded() }));
    `;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()) as { before: boolean; after: boolean };
    assert.deepEqual(result, { before: false, after: true });
  });
});
