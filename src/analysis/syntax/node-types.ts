import { AST_NODE_TYPES as TYPES } from '@typescript-eslint/types';

/**
 * `@typescript-eslint/utils` re-exports the node-type enum through a chain of getters, and
 * compiled CommonJS reads an imported binding afresh at every use, so each
 * `AST_NODE_TYPES.X` in a visitor called two getters — measurable on a 200k-line file.
 * A binding of our own is a plain property.
 */
export const AST_NODE_TYPES: typeof TYPES = TYPES;
export type AST_NODE_TYPES = TYPES;
