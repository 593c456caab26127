import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { createDebugRule } from '../engine/debug';
import { innermostFunction } from '../syntax/nodes';
import { NAME_LISTS } from '../vocabulary/registry';
import { ownershipOf } from './ownership';

/**
 * Question 3 for held handles: for each `const h = acquire()` (a resource: only adopters take
 * it) or `const h = timer()` (a timer id: any hand-off may clear it), does ownership leave
 * the function? `const h = register()` is a registration's handle: anything but a release
 * hands it on. Reports `kept` or `leaves: <how>`. Released by `release(h)` / `h.close()`.
 */
const HAND_OFF: Readonly<Record<string, 'any' | 'adopters' | 'passed'>> = { acquire: 'adopters', timer: 'any', register: 'passed' };

export const debugOwnership = createDebugRule({
  meta: { type: 'suggestion', schema: [], defaultOptions: [], messages: { ownership: '{{ownership}}' } },
  create(context) {
    const scopeOf = (n: TSESTree.Node) => context.sourceCode.getScope(n);
    const adopters = new Set(NAME_LISTS.ownershipAdopters.names);
    return {
      'VariableDeclarator > CallExpression.init[callee.type="Identifier"]'(call: TSESTree.CallExpression) {
        const decl = call.parent as TSESTree.VariableDeclarator;
        const name = (call.callee as TSESTree.Identifier).name;
        const handOff = HAND_OFF[name];
        if (handOff === undefined || decl.id.type !== AST_NODE_TYPES.Identifier) return;
        const o = ownershipOf(decl.id, { fn: innermostFunction(call), shape: { methods: ['close'], functions: ['release'] }, handOff, adopters, scopeOf });
        context.report({ node: call, messageId: 'ownership', data: { ownership: o.kind === 'kept' ? 'kept' : `leaves: ${o.how}` } });
      },
    };
  },
});
