/**
 * The edit list of the fix exchange (CONTRACT.md "The fix exchange") as JSON Schema, in one
 * place: it is what fixes and Edit Selection ask for with structured output (`POST /structured`
 * on Monster Gaming, `response_format: json_schema` elsewhere), and what a structured reply is
 * checked against before anything is read from it (ajv's code generated ahead of time: `npm run
 * schemas` writes editListValidators.generated.ts; editListChecks.ts types it).
 *
 * Written for OpenAI's strict mode: every property required, no others allowed. Where edits may
 * go (inside the lines sent, not overlapping) is checked after, by validateEdits.
 */

/** The name the schema is sent under (`json_schema.name`). */
export const EDIT_LIST_NAME = 'edit_list';

export const EDIT_LIST_SCHEMA = {
  type: 'object',
  required: ['explanation', 'edits'],
  additionalProperties: false,
  properties: {
    explanation: { type: 'string', description: 'Why it failed and what the edits do.' },
    edits: {
      type: 'array',
      description: 'Whole-line replacements in the document as sent; empty when nothing should change.',
      items: {
        type: 'object',
        required: ['startLine', 'endLine', 'newText'],
        additionalProperties: false,
        properties: {
          startLine: { type: 'integer', minimum: 1, description: 'First line replaced, 1-based.' },
          endLine: { type: 'integer', minimum: 1, description: 'Last line replaced, 1-based, inclusive.' },
          newText: { type: 'string', description: 'Replaces those whole lines; "" deletes them.' },
        },
      },
    },
  },
} as const;

/** A reply the schema accepts. */
export interface EditListBody {
  readonly explanation: string;
  readonly edits: ReadonlyArray<{ readonly startLine: number; readonly endLine: number; readonly newText: string }>;
}
