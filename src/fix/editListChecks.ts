/**
 * The check of editListSchema.ts, typed: ajv's code generated ahead of time, loaded with the first
 * structured reply (esbuild points the require at dist/structured.js).
 */
import { lazyChecks } from '../util/lazyChecks';
import type { EditListBody } from './editListSchema';
import type * as Generated from './editListValidators.generated';

const check = lazyChecks<typeof Generated>(() => require('./editListValidators.generated') as typeof Generated);

export const isEditList = check<EditListBody>('editList');
