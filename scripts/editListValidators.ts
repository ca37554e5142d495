/**
 * Writes src/fix/editListValidators.generated.ts: ajv's standalone check of the edit-list schema
 * of src/fix/editListSchema.ts (the extension ships the check, not ajv).
 *
 *   node esbuild.js --tests && node out/scripts/editListValidators.js      (npm run schemas)
 *
 * The unit suite fails when the generated file is out of date.
 */
import * as path from 'node:path';
import { EDIT_LIST_SCHEMA } from '../src/fix/editListSchema';
import { ROOT, standaloneValidators, writeValidators } from './standaloneValidators';

export const GENERATED = path.join(ROOT, 'src', 'fix', 'editListValidators.generated.ts');

/** The generated module's text. ajv reads `description`, so strict mode keeps it; nothing is removed or coerced. */
export function generatedValidators(): string {
  return standaloneValidators({ editList: { $id: 'editList', ...EDIT_LIST_SCHEMA } }, {}, { script: 'scripts/editListValidators.ts', source: 'src/fix/editListSchema.ts' });
}

if (require.main === module) writeValidators(GENERATED, generatedValidators(), 1);
