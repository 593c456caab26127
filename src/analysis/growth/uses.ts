import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { firstStartingAt } from '../syntax/ast';
import { memberName, unwrapExpression } from '../scope/references';
import { thisClassOf } from '../scope/identity';
import { type ClassNode } from '../lifetime/instances';
import { type Candidate } from './candidates';

/**
 * Question 7 for a collection: every expression in the file that is the collection — the
 * variable's references (by scope), `this.x` in the class's own methods (the same instance),
 * `Cls.x` for statics, a getter that returns it, and aliases (`const q = this.queue`).
 * Never by comparing names or text across scopes.
 */
export class UseIndex {
  /** Per class: `this.<name>` and `Cls.<name>` members, by name and staticness. */
  private readonly members = new Map<ClassNode, Map<string, TSESTree.MemberExpression[]>>();

  /** `thisNodes`: every `this` of the file in source order, gathered by the caller's pass. */
  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly thisNodes: readonly TSESTree.ThisExpression[],
  ) {}

  /** `this.x` member expressions inside `body`, among the file's `this` expressions (no walk of the body). */
  private thisMembersIn(body: TSESTree.Node, visit: (n: TSESTree.MemberExpression & { object: TSESTree.ThisExpression }) => void): void {
    const all = this.thisNodes;
    const to = body.range[1];
    for (let i = firstStartingAt(all, body.range[0]); i < all.length; i++) {
      const t = all[i] as TSESTree.ThisExpression;
      if (t.range[0] >= to) break;
      const p = t.parent;
      if (p.type === AST_NODE_TYPES.MemberExpression && p.object === t) visit(p as TSESTree.MemberExpression & { object: TSESTree.ThisExpression });
    }
  }

  private classMembers(cls: ClassNode): Map<string, TSESTree.MemberExpression[]> {
    let byName = this.members.get(cls);
    if (byName) return byName;
    const found = new Map<string, TSESTree.MemberExpression[]>();
    // A class declaration binds its name twice: outside, and inside its own scope.
    const classRefs = cls.id ? this.sourceCode.getDeclaredVariables(cls).flatMap((v) => v.references) : [];
    const add = (key: string, n: TSESTree.MemberExpression): void => {
      const list = found.get(key);
      if (list) list.push(n);
      else found.set(key, [n]);
    };
    this.thisMembersIn(cls.body, (n) => {
      const name = memberName(n);
      const owner = name === null ? null : thisClassOf(n.object);
      if (owner?.cls === cls) add(`${owner.isStatic ? 'static ' : ''}${name}`, n);
    });
    // `Cls.x` inside the body: the class's own name, read through its inner binding.
    for (const r of classRefs) {
      const p = r.identifier.parent;
      if (p.type !== AST_NODE_TYPES.MemberExpression || p.object !== r.identifier || !(p.range[0] >= cls.body.range[0] && p.range[1] <= cls.body.range[1])) continue;
      const name = memberName(p);
      if (name !== null) add(`static ${name}`, p);
    }
    // A reference outside the class body (`Registry.all` at top level) is a use too.
    for (const r of classRefs) {
      const p = r.identifier.parent;
      if (p.type === AST_NODE_TYPES.MemberExpression && p.object === r.identifier && !(p.range[0] >= cls.body.range[0] && p.range[1] <= cls.body.range[1])) {
        const name = memberName(p);
        if (name === null) continue;
        const list = found.get(`static ${name}`);
        if (list) list.push(p);
        else found.set(`static ${name}`, [p]);
      }
    }
    this.members.set(cls, found);
    byName = found;
    return byName;
  }

  /** `get items() { return this._items; }`: the getters of `cls` that return field `name`. */
  private gettersOf(cls: ClassNode, name: string, isStatic: boolean): string[] {
    const out: string[] = [];
    for (const m of cls.body.body) {
      if (m.type !== AST_NODE_TYPES.MethodDefinition || m.kind !== 'get' || m.static !== isStatic || m.key.type !== AST_NODE_TYPES.Identifier) continue;
      const ret = m.value.body?.body.find((s): s is TSESTree.ReturnStatement => s.type === AST_NODE_TYPES.ReturnStatement);
      const arg = ret?.argument ? unwrapExpression(ret.argument) : null;
      if (arg?.type === AST_NODE_TYPES.MemberExpression && arg.object.type === AST_NODE_TYPES.ThisExpression && memberName(arg) === name) out.push(m.key.name);
    }
    return out;
  }

  /** The expressions that are candidate `c`, the declaration's initialiser excluded. */
  usesOf(c: Candidate): TSESTree.Node[] {
    const out: TSESTree.Node[] = [];
    if (c.owner.type === 'closure' && c.owner.record) {
      // `record.logs`: the field of the record, read through its variable.
      const field = c.name.slice(c.owner.record.name.length + 1);
      for (const ref of c.owner.record.references) {
        const p = ref.identifier.parent;
        if (p.type === AST_NODE_TYPES.MemberExpression && p.object === ref.identifier && !p.computed && memberName(p) === field) out.push(p);
      }
    } else if (c.variable) {
      for (const ref of c.variable.references) if (!ref.init) out.push(ref.identifier);
    } else if (c.owner.type === 'class') {
      const byName = this.classMembers(c.owner.cls);
      const prefix = c.owner.isStatic ? 'static ' : '';
      for (const name of [c.name, ...this.gettersOf(c.owner.cls, c.name, c.owner.isStatic)]) out.push(...(byName.get(`${prefix}${name}`) ?? []));
    }
    // Aliases: `const q = this.queue; q.push(x)`, two levels deep, only if never reassigned.
    for (let depth = 0, from = out.slice(); depth < 2 && from.length > 0; depth++) {
      const next: TSESTree.Node[] = [];
      for (const use of from) {
        const p = outermost(use).parent;
        if (p?.type !== AST_NODE_TYPES.VariableDeclarator || p.id.type !== AST_NODE_TYPES.Identifier || !p.init || outermost(use) !== p.init) continue;
        const alias = this.sourceCode.getDeclaredVariables(p)[0];
        if (!alias || alias === c.variable || !alias.references.every((r) => r.init === true || r.isReadOnly())) continue;
        for (const ref of alias.references) if (!ref.init) next.push(ref.identifier);
      }
      out.push(...next);
      from = next;
    }
    return out;
  }
}

/** The use with its TypeScript wrappers (`x!`, `x as T`, `x?.`): the node its parent sees. */
export function outermost(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.parent && n.parent.type !== AST_NODE_TYPES.MemberExpression && unwrapExpression(n.parent) !== n.parent && unwrapExpression(n.parent) === unwrapExpression(n)) n = n.parent;
  return n;
}
