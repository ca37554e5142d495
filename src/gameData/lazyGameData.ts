/**
 * Generate Game Data, loaded on first use. esbuild leaves this require to Node, pointing at
 * dist/gameData.js (built from generateGameData.ts); transpiled one-to-one for the tests, it
 * loads `generateGameData.js` next to this file.
 */
import type * as GameData from './generateGameData';
import { lazyModule } from '../util/lazyModule';

export const gameDataBundle: () => typeof GameData = lazyModule(() => require('./generateGameData') as typeof GameData);
