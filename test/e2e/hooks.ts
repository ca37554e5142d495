/**
 * Mocha root hooks for the real-editor suite: one environment for all tests, and a screenshot
 * of the workbench whenever a test fails.
 */
import type { Context } from 'mocha';
import { env, startEnvironment, stopEnvironment } from './environment';

export const mochaHooks = {
  async beforeAll(this: Context): Promise<void> {
    this.timeout(240_000);
    await startEnvironment();
  },
  async afterEach(this: Context): Promise<void> {
    const test = this.currentTest;
    if (test?.state === 'failed') {
      const name = `FAILED-${test.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
      await env().workbench.screenshot(name).catch(() => undefined);
    }
  },
  async afterAll(this: Context): Promise<void> {
    this.timeout(30_000);
    await stopEnvironment();
  },
};
