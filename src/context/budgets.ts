/**
 * How much each kind of attached context may carry. The gateway takes 64 KB per request and the
 * question, rules, profile and earlier turns share it, so no single item may take most of it; the
 * answering engine then fits the items together and cuts what does not fit, in priority order.
 * Characters, not bytes: the engine measures the request in bytes.
 */

/** A file (`#file:`) or a symbol's definition (`#symbol:`). */
export const FILE_BUDGET = 24_000;
/** The implicit active editor: its selection, or the visible lines around the cursor. */
export const ACTIVE_EDITOR_BUDGET = 8_000;
/** `#selection`: what the user chose, so nearly a file's worth. */
export const SELECTION_BUDGET = 20_000;
/** A folder's tree listing. */
export const FOLDER_TREE_BUDGET = 4_000;
/** All the files a folder attaches together, and one of them at most. */
export const FOLDER_FILES_BUDGET = 24_000;
export const FOLDER_FILE_BUDGET = 8_000;
/** Entries a folder's walk looks at before it stops (node_modules-sized trees stay cheap). */
export const FOLDER_MAX_ENTRIES = 5_000;
export const FOLDER_MAX_DEPTH = 12;
/** `#problems` and `#problems:all`. */
export const PROBLEMS_BUDGET = 12_000;
/** `#terminal`: the command's output (its end, where errors are). */
export const TERMINAL_BUDGET = 12_000;
/** Output kept per running command while it runs (raw, before escape sequences are removed). */
export const TERMINAL_RECORD_CHARS = 64_000;
/** `#changes`: the working-tree diff. */
export const CHANGES_BUDGET = 24_000;
/** Bytes read of a file that is not open in an editor; a larger file is read this far and says so. */
export const MAX_READ_BYTES = 2 * 1024 * 1024;
/** Longer lines (minified code, data) are cut to this. */
export const MAX_LINE_CHARS = 2_000;
/** The longest any one gatherer may take; then it gives up with a message. */
export const GATHER_TIMEOUT_MS = 10_000;
/** Candidates the picker is sent for one query. */
export const MAX_CANDIDATES = 50;
/** Workspace files the picker's list is built from. */
export const MAX_CANDIDATE_FILES = 20_000;
