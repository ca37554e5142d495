/**
 * Writes src/agent/tools/toolValidators.generated.ts: ajv's standalone code for the agent tools'
 * argument schemas (src/agent/tools/toolSchemas.ts), so the extension bundle carries the checks,
 * not ajv (see scripts/historyValidators.ts, which does the same for history files).
 *
 *   node esbuild.js --tests && node out/scripts/toolValidators.js      (npm run schemas)
 *
 * Scalars are coerced ("12" → 12): models that send numbers as strings still get their call run.
 * Lengths count UTF-16 units (`unicode: false`, deprecated in ajv 8 but what keeps the checks free of a runtime helper; they are only bounds; `logger: false` keeps its deprecation notice out of the test output).
 * Unknown arguments are errors, not dropped: the model learns it misnamed one.
 * The unit suite fails when the generated file is out of date.
 */
import * as path from 'node:path';
import { TOOL_SCHEMAS } from '../src/agent/tools/toolSchemas';
import { ROOT, standaloneValidators, writeValidators } from './standaloneValidators';

export const GENERATED = path.join(ROOT, 'src', 'agent', 'tools', 'toolValidators.generated.ts');

/** The generated module's text. */
export function generatedToolValidators(): string {
  return standaloneValidators(TOOL_SCHEMAS, { coerceTypes: true, unicode: false, logger: false }, { script: 'scripts/toolValidators.ts', source: 'src/agent/tools/toolSchemas.ts' });
}

if (require.main === module) writeValidators(GENERATED, generatedToolValidators(), Object.keys(TOOL_SCHEMAS).length);
