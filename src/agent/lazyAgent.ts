/**
 * The agent bundle, loaded on first use. esbuild leaves this require to Node, pointing at
 * dist/agent.js (built from agentBundle.ts); transpiled one-to-one for the tests, it loads
 * `agentBundle.js` next to this file.
 */
import type * as AgentBundle from './agentBundle';
import { lazyModule } from '../util/lazyModule';

export type Agent = typeof AgentBundle;

export const agentBundle: () => Agent = lazyModule(() => require('./agentBundle') as Agent);
