import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { DefinitionType, ScopeType } from './scope-types';
import { AST_NODE_TYPES } from '../syntax/node-types';


/**
 * Declared at module (or script) level: lives as long as the process. Under espree with
 * `sourceType: 'commonjs'` the top level is a function scope wrapping the whole `Program`
 * (Node's module wrapper); the TS parser keeps it global. Both mean the same.
 */
export function isModuleLevel(variable: Variable): boolean {
  const scope = variable.scope;
  return scope.type === ScopeType.module || scope.type === ScopeType.global || (scope.type === ScopeType.function && scope.block.type === AST_NODE_TYPES.Program);
}

export function isParameterDef(def: TSESLint.Scope.Definition | undefined): boolean {
  return def?.type === DefinitionType.Parameter;
}

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/**
 * What a callee really names, whatever it is called locally:
 * - `{ kind: 'global', name }` for an unshadowed global (`setTimeout`, `window.setTimeout`),
 *   whether or not the config declares globals;
 * - `{ kind: 'import', source, name }` for an import or `require` binding (`name` is the
 *   exported name, `'default'`, or the member read off a namespace);
 * - `{ kind: 'local', variable }` for anything declared in the file;
 * - `null` when it cannot be told statically.
 */
export type Resolved =
  | { kind: 'global'; name: string }
  | { kind: 'import'; source: string; name: string }
  | { kind: 'local'; variable: Variable; name: string }
  | null;

/** The global objects a global is also reached through (`globalThis.process`, `window.fetch`). */
export const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['window', 'globalThis', 'self', 'global']);

export function normalizeSource(source: string): string {
  return source.startsWith('node:') ? source.slice(5) : source;
}

export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  for (;;) {
    switch (n.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
      case AST_NODE_TYPES.ChainExpression:
        n = n.expression;
        break;
      default:
        return n;
    }
  }
}

function isRequireCall(node: TSESTree.Node | null | undefined, scope: Scope): string | null {
  if (!node) return null;
  const n = unwrapExpression(node);
  // `await import('x')` binds the namespace, as `require('x')` binds the exports.
  if (n.type === AST_NODE_TYPES.AwaitExpression) {
    const arg = unwrapExpression(n.argument);
    return arg.type === AST_NODE_TYPES.ImportExpression ? staticSource(arg.source) : null;
  }
  if (
    n.type === AST_NODE_TYPES.CallExpression &&
    n.callee.type === AST_NODE_TYPES.Identifier &&
    n.callee.name === 'require' &&
    n.arguments.length === 1 &&
    n.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof n.arguments[0].value === 'string'
  ) {
    const v = ASTUtils.findVariable(scope, 'require');
    if (!v || v.defs.length === 0) return normalizeSource(n.arguments[0].value);
  }
  return null;
}

export function memberName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.property.name}`;
  if (node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string') {
    return node.property.value;
  }
  return null;
}

/** The name a reference goes by: `x` → x, `a.b.x` and `a['x']` → x; null for anything else. */
export function nameOf(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return node.type === AST_NODE_TYPES.MemberExpression ? memberName(node) : null;
}

/** Resolve a variable to an import/require binding, if it is one. */
function resolveVariable(variable: Variable, name: string, scope: Scope): Resolved {
  if (variable.defs.length === 0) return { kind: 'global', name };
  const def = variable.defs[0];
  if (!def) return null;
  if (def.type === DefinitionType.ImportBinding) {
    const spec = def.node;
    // `import http = require('http')` binds the module as `require` would; `import x = NS.y`
    // is an alias of something declared in the file.
    if (spec.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const ref = spec.moduleReference;
      return ref.type === AST_NODE_TYPES.TSExternalModuleReference
        ? { kind: 'import', source: normalizeSource(ref.expression.value), name: '*' }
        : { kind: 'local', variable, name };
    }
    const decl = def.parent as TSESTree.ImportDeclaration;
    const source = normalizeSource(decl.source.value);
    if (spec.type === AST_NODE_TYPES.ImportSpecifier) {
      const imported =
        spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : spec.imported.value;
      return { kind: 'import', source, name: imported };
    }
    if (spec.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { kind: 'import', source, name: 'default' };
    return { kind: 'import', source, name: '*' };
  }
  if (def.type === DefinitionType.Variable) {
    const declarator = def.node;
    const init = declarator.init;
    const direct = isRequireCall(init, scope);
    if (direct !== null) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier) return { kind: 'import', source: direct, name: '*' };
      if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
        for (const p of declarator.id.properties) {
          if (
            p.type === AST_NODE_TYPES.Property &&
            p.value.type === AST_NODE_TYPES.Identifier &&
            p.value.name === name
          ) {
            const key = p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : String((p.key as TSESTree.Literal).value);
            return { kind: 'import', source: direct, name: key };
          }
        }
      }
    }
    // const { setTimeout: sleep } = require('timers').promises / const sleep = require('x').y
    if (init && declarator.id.type === AST_NODE_TYPES.Identifier) {
      const i = unwrapExpression(init);
      if (i.type === AST_NODE_TYPES.MemberExpression) {
        const src = isRequireCall(i.object, scope);
        const prop = memberName(i);
        if (src !== null && prop !== null) return { kind: 'import', source: src, name: prop };
      }
    }
  }
  return { kind: 'local', variable, name };
}

/** Resolve an identifier or `ns.member` / `window.member` expression. */
export function resolveReference(node: TSESTree.Node, scope: Scope): Resolved {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(scope, n.name);
    if (!variable) return { kind: 'global', name: n.name };
    return resolveVariable(variable, n.name, scope);
  }
  if (n.type === AST_NODE_TYPES.MemberExpression) {
    const prop = memberName(n);
    if (prop === null) return null;
    const object = unwrapExpression(n.object);
    if (object.type === AST_NODE_TYPES.Identifier) {
      const base = resolveReference(object, scope);
      if (!base) return null;
      if (base.kind === 'global' && GLOBAL_OBJECTS.has(base.name)) return { kind: 'global', name: prop };
      if (base.kind === 'global') return { kind: 'global', name: `${base.name}.${prop}` };
      if (base.kind === 'import' && (base.name === '*' || base.name === 'default')) {
        return { kind: 'import', source: base.source, name: prop };
      }
      // import { promises } from 'timers' → promises.setTimeout
      if (base.kind === 'import') return { kind: 'import', source: `${base.source}/${base.name}`, name: prop };
      return null;
    }
    if (object.type === AST_NODE_TYPES.MemberExpression) {
      const base = resolveReference(object, scope);
      if (base?.kind === 'global') return { kind: 'global', name: `${base.name}.${prop}` };
      if (base?.kind === 'import') return { kind: 'import', source: `${base.source}/${base.name}`, name: prop };
      return null;
    }
    const req = isRequireCall(object, scope);
    if (req !== null) return { kind: 'import', source: req, name: prop };
  }
  return null;
}

/** `require('x')`, `require('x').y`, `await import('x')`: the source `x`, or null. */
function requiredSource(init: TSESTree.Expression | null): string | null {
  let n: TSESTree.Node | null = init ? unwrapExpression(init) : null;
  while (n && n.type === AST_NODE_TYPES.MemberExpression) n = unwrapExpression(n.object);
  if (n?.type === AST_NODE_TYPES.AwaitExpression) n = unwrapExpression(n.argument);
  if (n?.type === AST_NODE_TYPES.ImportExpression) return staticSource(n.source);
  if (n?.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.Identifier && n.callee.name === 'require') {
    return staticSource(n.arguments[0]);
  }
  return null;
}

function staticSource(node: TSESTree.Node | undefined): string | null {
  if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return normalizeSource(node.value);
  if (node?.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return normalizeSource(node.quasis[0]?.value.cooked ?? '');
  return null;
}

function patternNames(id: TSESTree.Node, out: Set<string>): void {
  if (id.type === AST_NODE_TYPES.Identifier) out.add(id.name);
  else if (id.type === AST_NODE_TYPES.ObjectPattern) {
    for (const p of id.properties) patternNames(p.type === AST_NODE_TYPES.Property ? p.value : p.argument, out);
  } else if (id.type === AST_NODE_TYPES.AssignmentPattern) patternNames(id.left, out);
}

/**
 * Local names bound to an import, `require()` or `await import()` from a source `accept`s,
 * at any depth (a lazy `require` inside a handler counts). A cheap gate: rules resolve
 * (scope lookups) only callees rooted at one of these names, instead of every call. Names
 * are known as soon as their declaration has been visited.
 */
export class ImportBindings {
  readonly names = new Set<string>();

  constructor(private readonly accept: (source: string) => boolean) {}

  readonly listeners = {
    ImportDeclaration: (node: TSESTree.ImportDeclaration): void => {
      if (this.accept(normalizeSource(node.source.value))) for (const s of node.specifiers) this.names.add(s.local.name);
    },
    VariableDeclarator: (node: TSESTree.VariableDeclarator): void => {
      const source = requiredSource(node.init);
      if (source !== null && this.accept(source)) patternNames(node.id, this.names);
    },
    TSImportEqualsDeclaration: (node: TSESTree.TSImportEqualsDeclaration): void => {
      if (node.moduleReference.type !== AST_NODE_TYPES.TSExternalModuleReference) return;
      const source = staticSource(node.moduleReference.expression);
      if (source !== null && this.accept(source)) this.names.add(node.id.name);
    },
  };
}
