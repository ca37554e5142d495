/**
 * Item 14 (issue 13, the engine profile): profile detection on the corpus (the Unity 6 URP
 * project, and every Godot demo project as one folder each, like a many-root workspace), against
 * the first detector (`detectEngine`, version only) in the same process. The profile reads more
 * files; the ratio says what that costs. Both read through node's fs, the corpus read-only.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectEngine } from '../src/engine/detect';
import { detectProfile } from '../src/engine/profile';
import type { ProfileFiles } from '../src/engine/projectFiles';
import { corpusDir, godotProjects } from '../test/support/corpus';
import { nodeProfileFiles, nodeProjectFiles } from '../test/support/nodeProjectFiles';
import { median, type Row } from './stats';

export interface EngineProfileBench {
  readonly godotProjects: number;
  /** Milliseconds per run. */
  readonly unity: { readonly profile: number[]; readonly first: number[] };
  readonly godot: { readonly profile: number[]; readonly first: number[] };
  /** What one profile of each asks of the file system. */
  readonly unityCalls: { readonly reads: number; readonly lists: number };
  readonly godotCalls: { readonly reads: number; readonly lists: number };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function counting(files: ProfileFiles, calls: { reads: number; lists: number }): ProfileFiles {
  return {
    read: (p, max) => (calls.reads++, files.read(p, max)),
    list: (p) => (calls.lists++, files.list(p)),
  };
}

export async function benchEngineProfile(runs: number, progress: (line: string) => void): Promise<EngineProfileBench> {
  const unityFolder = path.join(corpusDir(), 'unity-noiseshader');
  const godotFolders = godotProjects().map((relative) => path.join(corpusDir(), relative));
  const profileUnity = (): Promise<unknown> => detectProfile(nodeProfileFiles(unityFolder));
  const firstUnity = (): Promise<unknown> => detectEngine(nodeProjectFiles(unityFolder));
  const profileGodot = async (): Promise<void> => {
    for (const folder of godotFolders) await detectProfile(nodeProfileFiles(folder));
  };
  const firstGodot = async (): Promise<void> => {
    for (const folder of godotFolders) await detectEngine(nodeProjectFiles(folder));
  };

  // Warm-up: the OS file cache and the JIT, for both.
  await Promise.all([profileUnity(), firstUnity()]);
  await profileGodot();
  await firstGodot();

  const unity = { profile: [] as number[], first: [] as number[] };
  const godot = { profile: [] as number[], first: [] as number[] };
  for (let run = 0; run < runs; run++) {
    // Alternate which goes first, so neither always gets the warmer cache.
    if (run % 2 === 0) {
      unity.profile.push(await timed(profileUnity));
      unity.first.push(await timed(firstUnity));
      godot.profile.push(await timed(profileGodot));
      godot.first.push(await timed(firstGodot));
    } else {
      unity.first.push(await timed(firstUnity));
      unity.profile.push(await timed(profileUnity));
      godot.first.push(await timed(firstGodot));
      godot.profile.push(await timed(profileGodot));
    }
    progress(`  run ${run + 1}: Unity ${unity.profile[run].toFixed(2)} ms (first detector ${unity.first[run].toFixed(2)} ms), ${godotFolders.length} Godot projects ${godot.profile[run].toFixed(1)} ms (${godot.first[run].toFixed(1)} ms)`);
  }

  const unityCalls = { reads: 0, lists: 0 };
  await detectProfile(counting(nodeProfileFiles(unityFolder), unityCalls));
  const godotCalls = { reads: 0, lists: 0 };
  for (const folder of godotFolders) await detectProfile(counting(nodeProfileFiles(folder), godotCalls));
  return { godotProjects: godotFolders.length, unity, godot, unityCalls, godotCalls };
}

export function engineProfileRows(bench: EngineProfileBench): Row[] {
  const row = (figure: string, times: { profile: number[]; first: number[] }, note: string): Row => {
    const value = median(times.profile);
    const baseline = median(times.first);
    return { item: 14, figure, value, unit: 'ms', baseline, ratio: value / baseline, runs: times.profile.length, note };
  };
  const perGodot = (n: number): string => (n / bench.godotProjects).toFixed(1);
  return [
    row(
      'engine profile: unity-noiseshader (Unity 6 URP)',
      bench.unity,
      `detectProfile (version, URP, input, netcode, backends) vs the first detector detectEngine (version only), node fs, corpus read in place; ` +
        `the profile reads ${bench.unityCalls.reads} files and lists ${bench.unityCalls.lists} directories. No goal in the issue.`,
    ),
    row(
      `engine profile: ${bench.godotProjects} Godot demo projects, one folder each`,
      bench.godot,
      `all projects in one loop, as a many-root workspace would; per project the profile reads ${perGodot(bench.godotCalls.reads)} files and lists ${perGodot(bench.godotCalls.lists)} directories on average. ` +
        `The first detector looks for Unity one level down before Godot (its find() emulated over readdir here; in VS Code it was the search service), hence a ratio under 1. No goal in the issue.`,
    ),
  ];
}
