import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { firstStartingAt } from '../syntax/ast';
import { memberName, unwrapExpression } from '../scope/references';
import { thisClassOf } from '../scope/identity';
import { type ClassNode } from '../lifetime/instances';
import { type Candidate } from './candidates';

type ThisMember = TSESTree.MemberExpression & { object: TSESTree.ThisExpression };

/**
 * Question 7 for a collection: every expression in the file that is the collection — the
 * variable's references (by scope), `this.x` in the class's own methods (the same instance),
 * `Cls.x` for statics, a getter that returns it, and aliases (`const q = this.queue`).
 * Never by comparing names or text across scopes.
 */
export class UseIndex {
  /** Per class: `this.<name>` and `Cls.<name>` members, by name and staticness, as they are asked for. */
  private readonly members = new Map<ClassNode, Map<string, TSESTree.MemberExpression[]>>();
  private readonly thisMembers = new Map<ClassNode, Map<string, ThisMember[]>>();

  /** `thisNodes`: every `this` of the file in source order, gathered by the caller's pass. */
  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly thisNodes: readonly TSESTree.ThisExpression[],
  ) {}

  /** `this.x` member expressions inside `body`, among the file's `this` expressions (no walk of the body). */
  private thisMembersIn(body: TSESTree.Node, visit: (n: ThisMember) => void): void {
    const all = this.thisNodes;
    const to = body.range[1];
    for (let i = firstStartingAt(all, body.range[0]); i < all.length; i++) {
      const t = all[i] as TSESTree.ThisExpression;
      if (t.range[0] >= to) break;
      const p = t.parent;
      if (p.type === AST_NODE_TYPES.MemberExpression && p.object === t) visit(p as ThisMember);
    }
  }

  /** The `this.<name>` members inside `cls`'s body by name, whichever class or function each `this` is of. */
  private thisMembersByName(cls: ClassNode): ReadonlyMap<string, ThisMember[]> {
    let byName = this.thisMembers.get(cls);
    if (byName) return byName;
    const found = new Map<string, ThisMember[]>();
    this.thisMembersIn(cls.body, (n) => {
      const name = memberName(n);
      if (name === null) return;
      const list = found.get(name);
      if (list) list.push(n);
      else found.set(name, [n]);
    });
    this.thisMembers.set(cls, found);
    byName = found;
    return byName;
  }

  /**
   * `this.<name>` (and, for a static, `Cls.<name>`) members of `cls`, asked per name: only the
   * `this` expressions naming it are walked out to their class — a class of a thousand `this`
   * with one collection field walks out the few that name the field.
   */
  private membersNamed(cls: ClassNode, name: string, isStatic: boolean): readonly TSESTree.MemberExpression[] {
    let byName = this.members.get(cls);
    if (!byName) this.members.set(cls, (byName = new Map<string, TSESTree.MemberExpression[]>()));
    const key = `${isStatic ? 'static ' : ''}${name}`;
    const known = byName.get(key);
    if (known) return known;
    const found: TSESTree.MemberExpression[] = [];
    for (const n of this.thisMembersByName(cls).get(name) ?? []) {
      const owner = thisClassOf(n.object);
      if (owner?.cls === cls && owner.isStatic === isStatic) found.push(n);
    }
    if (isStatic && cls.id) {
      // A class declaration binds its name twice: outside, and inside its own scope.
      const classRefs = this.sourceCode.getDeclaredVariables(cls).flatMap((v) => v.references);
      const inBody = (n: TSESTree.Node): boolean => n.range[0] >= cls.body.range[0] && n.range[1] <= cls.body.range[1];
      const named = (r: TSESLint.Scope.Reference): TSESTree.MemberExpression | null => {
        const p = r.identifier.parent;
        return p.type === AST_NODE_TYPES.MemberExpression && p.object === r.identifier && memberName(p) === name ? p : null;
      };
      // `Cls.x` inside the body, read through its inner binding; then a use outside it (`Registry.all` at top level).
      for (const r of classRefs) {
        const p = named(r);
        if (p && inBody(p)) found.push(p);
      }
      for (const r of classRefs) {
        const p = named(r);
        if (p && !inBody(p)) found.push(p);
      }
    }
    byName.set(key, found);
    return found;
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
      const { cls, isStatic } = c.owner;
      for (const name of [c.name, ...this.gettersOf(cls, c.name, isStatic)]) out.push(...this.membersNamed(cls, name, isStatic));
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
