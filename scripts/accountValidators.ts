/**
 * Writes src/account/accountValidators.generated.ts: ajv's standalone code for the schemas of
 * src/account/accountSchema.ts (the extension ships the checks, not ajv).
 *
 *   node esbuild.js --tests && node out/scripts/accountValidators.js      (npm run schemas)
 *
 * The unit suite fails when the generated file is out of date.
 */
import * as path from 'node:path';
import { ACCOUNT_SCHEMAS } from '../src/account/accountSchema';
import { ROOT, standaloneValidators, writeValidators } from './standaloneValidators';

export const GENERATED = path.join(ROOT, 'src', 'account', 'accountValidators.generated.ts');

/** The generated module's text. */
export function generatedValidators(): string {
  return standaloneValidators(ACCOUNT_SCHEMAS, { allowUnionTypes: true, removeAdditional: true }, { script: 'scripts/accountValidators.ts', source: 'src/account/accountSchema.ts' });
}

if (require.main === module) writeValidators(GENERATED, generatedValidators(), Object.keys(ACCOUNT_SCHEMAS).length);
