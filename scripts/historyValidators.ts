/**
 * Writes src/chat/historyValidators.generated.ts: ajv's standalone code for the schemas of
 * src/chat/historySchema.ts. Checking history needs ajv's checks, not ajv (about 120 KB), in the
 * extension bundle.
 *
 *   node esbuild.js --tests && node out/scripts/historyValidators.js      (npm run schemas)
 *
 * The unit suite fails when the generated file is out of date.
 */
import * as path from 'node:path';
import { HISTORY_SCHEMAS } from '../src/chat/historySchema';
import { ROOT, standaloneValidators, writeValidators } from './standaloneValidators';

export const GENERATED = path.join(ROOT, 'src', 'chat', 'historyValidators.generated.ts');

/** The generated module's text. */
export function generatedValidators(): string {
  return standaloneValidators(HISTORY_SCHEMAS, { removeAdditional: true }, { script: 'scripts/historyValidators.ts', source: 'src/chat/historySchema.ts' });
}

if (require.main === module) writeValidators(GENERATED, generatedValidators(), Object.keys(HISTORY_SCHEMAS).length);
