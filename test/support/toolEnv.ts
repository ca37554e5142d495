/**
 * A ToolEnv without VS Code, for tests and the benchmark that call the agent tools directly.
 * Defaults are the safe ones: nothing approved, no ripgrep, no shader compilers, no engine
 * profile, a trusted workspace. Each caller overrides what its tool needs.
 */
import type { ToolEnv } from '../../src/agent/tools/toolTypes';
import { WorkspacePaths, type WorkspaceFolderPath } from '../../src/context/workspacePaths';

export function stubToolEnv(overrides: Partial<ToolEnv> & { readonly folders?: readonly WorkspaceFolderPath[] } = {}): ToolEnv {
  const folders = overrides.folders ?? [];
  return {
    paths: new WorkspacePaths(folders),
    signal: new AbortController().signal,
    approve: () => Promise.resolve({ approved: false }),
    confirmRun: () => Promise.resolve({ approved: false }),
    ripgrep: undefined,
    engine: { shaderCompilers: () => ({}), profile: () => Promise.resolve(undefined) },
    trusted: () => true,
    ...overrides,
    folders,
  };
}
