import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { isDeclared, typeArgumentsOf } from '../syntax/ast';
import { type FunctionNode, innermostFunction } from '../syntax/nodes';
import { isModuleLevel, memberName, unwrapExpression } from '../scope/references';
import { thisClassOf } from '../scope/identity';
import { BOUNDED_OR_WEAK } from '../vocabulary/collections';
import { type ClassNode } from '../lifetime/instances';

/**
 * Question 5 starts here: what is a collection, and who holds it? An array, `Map`, `Set` or
 * dictionary object made from a literal or constructor, held at module level, in a class
 * field (instance or static, also `this.x = []` in the constructor), or in a function's
 * variable that a nested function may keep alive.
 */
export interface Candidate {
  /** Where to report: the declared name. */
  at: TSESTree.Node;
  name: string;
  kind: 'array' | 'map' | 'set' | 'object';
  /** A closure's collection, or a field of a record made in the function (`{ name, logs: [] }`, `record` its variable). */
  owner: { type: 'module' } | { type: 'class'; cls: ClassNode; isStatic: boolean } | { type: 'closure'; fn: FunctionNode; record?: TSESLint.Scope.Variable };
  variable?: TSESLint.Scope.Variable;
  /** The declaration's value: `export const x = []` is exported where it is made. */
  declaration: TSESTree.Node;
}

/** `new Set<keyof Result>()`, `new Map<'a' | 'b', V>()`: a finite key type bounds the collection. */
function finiteKeyType(n: TSESTree.NewExpression): boolean {
  const key = typeArgumentsOf(n)[0];
  if (!key) return false;
  if (key.type === AST_NODE_TYPES.TSTypeOperator && key.operator === 'keyof') return true;
  if (key.type === AST_NODE_TYPES.TSLiteralType || key.type === AST_NODE_TYPES.TSBooleanKeyword) return true;
  if (key.type === AST_NODE_TYPES.TSUnionType) return key.types.every((t) => t.type === AST_NODE_TYPES.TSLiteralType);
  return false;
}

export function collectionKind(init: TSESTree.Node | null | undefined): Candidate['kind'] | null {
  if (!init) return null;
  const n = unwrapExpression(init);
  if (n.type === AST_NODE_TYPES.NewExpression && finiteKeyType(n)) return null;
  if (n.type === AST_NODE_TYPES.ArrayExpression) return 'array';
  if (n.type === AST_NODE_TYPES.ObjectExpression && n.properties.length === 0) return 'object';
  if ((n.type === AST_NODE_TYPES.NewExpression || n.type === AST_NODE_TYPES.CallExpression) && n.callee.type === AST_NODE_TYPES.Identifier) {
    if (BOUNDED_OR_WEAK.has(n.callee.name)) return null;
    if (n.type === AST_NODE_TYPES.NewExpression && n.callee.name === 'Array') return 'array';
    if (n.type === AST_NODE_TYPES.NewExpression && n.callee.name === 'Map') return 'map';
    if (n.type === AST_NODE_TYPES.NewExpression && n.callee.name === 'Set') return 'set';
  }
  if (
    n.type === AST_NODE_TYPES.CallExpression &&
    n.callee.type === AST_NODE_TYPES.MemberExpression &&
    n.callee.object.type === AST_NODE_TYPES.Identifier &&
    n.callee.object.name === 'Object' &&
    memberName(n.callee) === 'create' &&
    n.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    n.arguments[0].value === null
  ) {
    return 'object';
  }
  return null;
}

function isConstructorCode(node: TSESTree.Node, cls: ClassNode): boolean {
  for (let p = node.parent; p && p !== cls; p = p.parent) {
    if (p.type === AST_NODE_TYPES.MethodDefinition) return p.kind === 'constructor';
  }
  return false;
}

/** The file's collection candidates, gathered in the one pass: listeners and the list they fill. */
export function candidateCollector(sourceCode: Readonly<TSESLint.SourceCode>): { candidates: Candidate[]; thisNodes: TSESTree.ThisExpression[]; listeners: TSESLint.RuleListener } {
  const candidates: Candidate[] = [];
  // Every `this`, in source order: a class field's uses are found among them instead of by walking the class again.
  const thisNodes: TSESTree.ThisExpression[] = [];
  const fields = new Map<ClassNode, Set<string>>();
  const addField = (c: Candidate & { owner: { type: 'class' } }): void => {
    const names = fields.get(c.owner.cls) ?? new Set<string>();
    if (names.has(c.name)) return;
    names.add(c.name);
    fields.set(c.owner.cls, names);
    candidates.push(c);
  };
  // `const record = { name, logs: [] }` in a function: a collection held by a record the call may keep.
  // Read from the declarator (a `Property` listener would run for every property of the file).
  const recordFields = (decl: TSESTree.VariableDeclarator, obj: TSESTree.ObjectExpression): void => {
    const fn = innermostFunction(decl);
    if (!fn) return;
    let record: TSESLint.Scope.Variable | undefined;
    for (const p of obj.properties) {
      if (p.type !== AST_NODE_TYPES.Property || p.computed || p.key.type !== AST_NODE_TYPES.Identifier) continue;
      const kind = collectionKind(p.value);
      if (!kind) continue;
      record ??= sourceCode.getDeclaredVariables(decl)[0];
      if (record) candidates.push({ at: p.key, name: `${record.name}.${p.key.name}`, kind, owner: { type: 'closure', fn, record }, declaration: p.value });
    }
  };
  const listeners: TSESLint.RuleListener = {
    ThisExpression(node) {
      thisNodes.push(node);
    },
    VariableDeclarator(node) {
      if (node.id.type !== AST_NODE_TYPES.Identifier) return;
      if (node.init?.type === AST_NODE_TYPES.ObjectExpression && node.init.properties.length > 0) {
        recordFields(node, node.init);
        return;
      }
      const kind = collectionKind(node.init);
      const variable = kind && sourceCode.getDeclaredVariables(node)[0];
      if (!kind || !variable || !node.init) return;
      if (isModuleLevel(variable)) {
        candidates.push({ at: node.id, name: node.id.name, kind, owner: { type: 'module' }, variable, declaration: node.init });
        return;
      }
      const fn = innermostFunction(node);
      if (fn) candidates.push({ at: node.id, name: node.id.name, kind, owner: { type: 'closure', fn }, variable, declaration: node.init });
    },
    PropertyDefinition(node) {
      if (node.computed || isDeclared(node) || !node.value) return;
      const kind = collectionKind(node.value);
      const name = node.key.type === AST_NODE_TYPES.Identifier ? node.key.name : node.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${node.key.name}` : null;
      if (kind && name !== null) addField({ at: node.key, name, kind, owner: { type: 'class', cls: node.parent.parent, isStatic: node.static }, declaration: node.value });
    },
    // `this.log = []` in a constructor (at any depth): a field declared the old way.
    AssignmentExpression(node) {
      const left = unwrapExpression(node.left);
      if (left.type !== AST_NODE_TYPES.MemberExpression || left.object.type !== AST_NODE_TYPES.ThisExpression) return;
      const kind = collectionKind(node.right);
      const owner = kind && thisClassOf(left.object);
      const name = memberName(left);
      if (!kind || !owner || owner.isStatic || name === null || !isConstructorCode(node, owner.cls)) return;
      addField({ at: left.property, name, kind, owner: { type: 'class', cls: owner.cls, isStatic: false }, declaration: node.right });
    },
  };
  return { candidates, thisNodes, listeners };
}
