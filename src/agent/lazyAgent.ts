/**
 * The agent bundle, loaded on first use. esbuild leaves this require to Node, pointing at
 * dist/agent.js (built from agentBundle.ts); transpiled one-to-one for the tests, it loads
 * `agentBundle.js` next to this file.
 */
import type * as AgentBundle from './agentBundle';

export type Agent = typeof AgentBundle;

let loaded: Agent | undefined;

export function agentBundle(): Agent {
  loaded ??= require('./agentBundle') as Agent;
  return loaded;
}
