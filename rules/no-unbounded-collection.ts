import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../src/analysis/syntax/node-types';
import { createRule } from '../src/create-rule';
import { isDeclared, typeArgumentsOf, walkAll, within } from '../src/analysis/syntax/ast';
import { sameValue } from '../src/analysis/scope/identity';
import { withShared } from '../src/analysis/engine/listeners';
import { FunctionIndex } from '../src/analysis/syntax/functions';
import { type FunctionNode, innermostFunction, isFunction } from '../src/analysis/syntax/nodes';
import { isModuleLevel, memberName, resolveReference, unwrapExpression } from '../src/analysis/scope/references';
import { BOUNDING_REASSIGN_METHODS, BOUNDED_OR_WEAK, COLLECTION_TEXT, FACTORY_NAME, LONG_LIVED_CLASS, READ_ONLY_CALLEES, SIZE_HINT } from '../src/analysis/vocabulary/collections';
import { callbackFrequency, callbackTableFor } from '../src/analysis/frequency/callbacks';
import { getSettings, isSkippedTestFile } from '../src/analysis/engine/settings';

type Options = [
  {
    checkClassFields?: boolean;
    checkExported?: boolean;
    checkMemoCaches?: boolean;
    growthMethods?: string[];
    shrinkMethods?: string[];
    maxSizeHints?: string[];
  },
];
type MessageIds = 'unbounded';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

interface Candidate {
  /** Where to report: the declared name. */
  at: TSESTree.Node;
  name: string;
  kind: 'array' | 'map' | 'set' | 'object';
  owner: { type: 'module' } | { type: 'class'; cls: ClassNode; isStatic: boolean } | { type: 'closure'; fn: FunctionNode };
  variable?: TSESLint.Scope.Variable;
  /** Region where shrinking counts: the module, the class, the enclosing function. */
  region: TSESTree.Node;
}

interface Mutation {
  node: TSESTree.Node;
  receiver: TSESTree.Node;
  op: string;
  effect: 'grow' | 'shrink' | 'pop';
}

/**
 * `new Set<keyof Result>()`, `new Map<'a' | 'b', V>()`: the key type names a finite domain,
 * so the collection cannot outgrow it.
 */
function finiteKeyType(n: TSESTree.NewExpression): boolean {
  const key = typeArgumentsOf(n)[0];
  if (!key) return false;
  if (key.type === AST_NODE_TYPES.TSTypeOperator && key.operator === 'keyof') return true;
  if (key.type === AST_NODE_TYPES.TSLiteralType || key.type === AST_NODE_TYPES.TSBooleanKeyword) return true;
  if (key.type === AST_NODE_TYPES.TSUnionType) return key.types.every((t) => t.type === AST_NODE_TYPES.TSLiteralType);
  return false;
}

function collectionKind(init: TSESTree.Node | null | undefined): Candidate['kind'] | null {
  if (!init) return null;
  const n = unwrapExpression(init);
  if (n.type === AST_NODE_TYPES.NewExpression && finiteKeyType(n)) return null;
  if (n.type === AST_NODE_TYPES.ArrayExpression) return 'array';
  if (n.type === AST_NODE_TYPES.ObjectExpression && n.properties.length === 0) return 'object';
  if ((n.type === AST_NODE_TYPES.NewExpression || n.type === AST_NODE_TYPES.CallExpression) && n.callee.type === AST_NODE_TYPES.Identifier) {
    if (BOUNDED_OR_WEAK.has(n.callee.name)) return null;
    if (n.callee.name === 'Array' && n.type === AST_NODE_TYPES.NewExpression) return 'array';
    if (n.callee.name === 'Map' && n.type === AST_NODE_TYPES.NewExpression) return 'map';
    if (n.callee.name === 'Set' && n.type === AST_NODE_TYPES.NewExpression) return 'set';
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


function enclosingClass(node: TSESTree.Node): ClassNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === AST_NODE_TYPES.ClassDeclaration || p.type === AST_NODE_TYPES.ClassExpression) return p;
  }
  return null;
}

/** Is `fn` the constructor, a field initialiser or a static block of `cls`: code that runs once per instance/class? */
function isInitialiser(node: TSESTree.Node, cls: ClassNode): boolean {
  for (let p: TSESTree.Node | undefined = node.parent; p && p !== cls; p = p.parent) {
    if (p.type === AST_NODE_TYPES.MethodDefinition && p.kind === 'constructor') return true;
    if (p.type === AST_NODE_TYPES.StaticBlock) return true;
    if (p.type === AST_NODE_TYPES.PropertyDefinition && !(p.value && isFunction(p.value) && within(node, p.value.body))) return true;
  }
  return false;
}

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-collection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow long-lived arrays, maps, sets and dictionaries that only ever grow',
      recommended: 'recommended',
    },
    messages: {
      unbounded:
        '`{{name}}` ({{lifetime}}) grows by {{sites}} but nothing removes entries{{where}}, so they all stay alive; cap it, evict entries, or use an LRU cache or `WeakMap`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkClassFields: { type: 'boolean', description: 'Check collections held in class fields (instance and static).' },
          checkExported: { type: 'boolean', description: 'Also check collections that escape (exported, returned, passed to other modules).' },
          checkMemoCaches: { type: 'boolean', description: 'Also check memo caches (look up a key, compute and store on a miss): their size is bounded by their key domain.' },
          growthMethods: { type: 'array', items: { type: 'string' }, description: 'Extra methods that add entries (for custom collection types).' },
          shrinkMethods: { type: 'array', items: { type: 'string' }, description: 'Extra methods that remove entries or reset the collection.' },
          maxSizeHints: { type: 'array', items: { type: 'string' }, description: 'Identifiers that, in a condition around growth, count as a size bound.' },
        },
      },
    ],
    defaultOptions: [{ checkClassFields: true, checkExported: false, checkMemoCaches: false, growthMethods: [], shrinkMethods: [], maxSizeHints: [] }],
  },
  create(context, [options]) {
    if (isSkippedTestFile(context)) return {};
    const sourceCode = context.sourceCode;
    if (!COLLECTION_TEXT.test(sourceCode.text)) return {};
    const callbacks = callbackTableFor(getSettings(context));
    const growth = new Set(['push', 'unshift', 'set', 'add', 'splice', ...(options.growthMethods ?? [])]);
    const shrink = new Set(['shift', 'delete', 'clear', 'splice', 'pop', 'length', ...(options.shrinkMethods ?? [])]);
    const hints = new Set(options.maxSizeHints ?? []);
    const checkClassFields = options.checkClassFields !== false;
    const checkExported = options.checkExported === true;
    const checkMemo = options.checkMemoCaches === true;
    const text = (n: TSESTree.Node): string => sourceCode.getText(n);
    const scopeOf = (n: TSESTree.Node) => sourceCode.getScope(n);

    const candidates: Candidate[] = [];
    const mutations: Mutation[] = [];
    /**
     * Calls, assignments, `delete`s and aliasing declarations, in source order: turned into
     * mutations and aliases at the end, and only when the file has a candidate — most files'
     * collections are all local.
     */
    const pending: (TSESTree.CallExpression | TSESTree.AssignmentExpression | TSESTree.UnaryExpression | TSESTree.VariableDeclarator)[] = [];
    const { index, listeners: indexListeners } = FunctionIndex.of(context.sourceCode);
    const exportedNames = new Set<string>();
    /** Classes instantiated at module level (`export default new Store()`): their instances live for the process. */
    const moduleInstances = new Set<string>();

    const byVariable = new Map<TSESLint.Scope.Variable, Candidate>();
    const byClass = new Map<ClassNode, Map<string, Candidate>>();

    function addCandidate(c: Candidate): void {
      candidates.push(c);
      if (c.variable && !byVariable.has(c.variable)) byVariable.set(c.variable, c);
      if (c.owner.type === 'class') {
        const fields = byClass.get(c.owner.cls) ?? new Map<string, Candidate>();
        if (!fields.has(c.name)) fields.set(c.name, c);
        byClass.set(c.owner.cls, fields);
      }
    }

    /** The first field candidate of that name in that class. */
    function classField(cls: ClassNode, name: string): Candidate | undefined {
      return byClass.get(cls)?.get(name);
    }

    /**
     * `this.x` reads in a class, by member name: walked at the end for the few classes with a
     * candidate that needs them, rather than a listener on every member expression of every file.
     */
    const readIndexes = new Map<TSESTree.Node, Map<string, TSESTree.MemberExpression[]>>();
    function readsNamed(region: TSESTree.Node, name: string): TSESTree.MemberExpression[] {
      let readIndex = readIndexes.get(region);
      if (!readIndex) {
        const index = new Map<string, TSESTree.MemberExpression[]>();
        walkAll(region, (r) => {
          if (r.type !== AST_NODE_TYPES.MemberExpression || r.object.type !== AST_NODE_TYPES.ThisExpression) return;
          const n = memberName(r);
          if (n === null) return;
          const list = index.get(n);
          if (list) list.push(r);
          else index.set(n, [r]);
        });
        readIndexes.set(region, index);
        readIndex = index;
      }
      // A getter returning the field (`get items() { return this._items; }`) reads it under its own name.
      const out = [...(readIndex.get(name) ?? [])];
      for (const g of getterNames) if (g !== name) out.push(...(readIndex.get(g) ?? []));
      return out;
    }

    /** `const q = this.queue` → q ↦ queue: cheap name facts that decide which receivers are worth resolving. */
    const aliases = new Map<string, string>();
    const getterNames = new Set<string>();

    function lastName(node: TSESTree.Node): string | null {
      const n = unwrapExpression(node);
      if (n.type === AST_NODE_TYPES.Identifier) return n.name;
      return n.type === AST_NODE_TYPES.MemberExpression ? memberName(n) : null;
    }

    /** Could this receiver name a candidate? Only those are resolved (scope lookups are the cost). */
    function mayNameCandidate(receiver: TSESTree.Node, names: ReadonlySet<string>): boolean {
      const r = unwrapExpression(receiver);
      let name = r.type === AST_NODE_TYPES.Identifier ? r.name : r.type === AST_NODE_TYPES.MemberExpression ? memberName(r) : null;
      for (let depth = 0; name !== null && depth < 3; depth++) {
        if (names.has(name) || getterNames.has(name)) return true;
        name = aliases.get(name) ?? null;
      }
      return false;
    }

    function addCandidateFromDeclarator(node: TSESTree.VariableDeclarator): void {
      if (node.id.type !== AST_NODE_TYPES.Identifier) return;
      if (node.init) pending.push(node);
      const kind = collectionKind(node.init);
      if (!kind) return;
      const variable = sourceCode.getDeclaredVariables(node)[0];
      if (!variable) return;
      if (isModuleLevel(variable)) {
        addCandidate({ at: node.id, name: node.id.name, kind, owner: { type: 'module' }, variable, region: sourceCode.ast });
        return;
      }
      const fn = innermostFunction(node);
      if (fn) addCandidate({ at: node.id, name: node.id.name, kind, owner: { type: 'closure', fn }, variable, region: fn });
    }

    /** Which candidate does this receiver expression name? Follows `this.x`, statics, getters and aliases. */
    function candidateOf(receiver: TSESTree.Node, depth = 0): Candidate | null {
      const r = unwrapExpression(receiver);
      if (r.type === AST_NODE_TYPES.Identifier) {
        const resolved = resolveReference(r, sourceCode.getScope(r));
        if (resolved?.kind !== 'local') return null;
        const hit = byVariable.get(resolved.variable);
        if (hit) return hit;
        // const q = this.queue; q.push(x)
        const def = resolved.variable.defs[0]?.node;
        if (depth < 2 && def?.type === AST_NODE_TYPES.VariableDeclarator && def.init && resolved.variable.references.every((ref) => ref.init === true || ref.isReadOnly())) {
          return candidateOf(def.init, depth + 1);
        }
        return null;
      }
      if (r.type !== AST_NODE_TYPES.MemberExpression) return null;
      const name = memberName(r);
      if (name === null) return null;
      const obj = unwrapExpression(r.object);
      const cls = enclosingClass(r);
      if (!cls) return null;
      if (obj.type === AST_NODE_TYPES.ThisExpression) {
        const field = classField(cls, name);
        if (field) return field;
        // get items() { return this._items; }
        const getter = cls.body.body.find(
          (m): m is TSESTree.MethodDefinition => m.type === AST_NODE_TYPES.MethodDefinition && m.kind === 'get' && !m.computed && m.key.type === AST_NODE_TYPES.Identifier && m.key.name === name,
        );
        const ret = getter?.value.body?.body.find((s): s is TSESTree.ReturnStatement => s.type === AST_NODE_TYPES.ReturnStatement);
        if (depth < 2 && ret?.argument) return candidateOf(ret.argument, depth + 1);
        return null;
      }
      if (obj.type === AST_NODE_TYPES.Identifier && cls.type === AST_NODE_TYPES.ClassDeclaration && cls.id?.name === obj.name) {
        const field = classField(cls, name);
        return field?.owner.type === 'class' && field.owner.isStatic ? field : null;
      }
      return null;
    }

    function recordCall(node: TSESTree.CallExpression): void {
      const callee = unwrapExpression(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const method = memberName(callee);
      if (method === null) return;
      if (method === 'splice') {
        const del = node.arguments[1] ? unwrapExpression(node.arguments[1]) : null;
        const inserts = node.arguments.length > 2;
        const removesNone = del?.type === AST_NODE_TYPES.Literal && del.value === 0;
        mutations.push({ node, receiver: callee.object, op: 'splice', effect: inserts && removesNone ? 'grow' : 'shrink' });
        return;
      }
      if (method === 'pop') {
        mutations.push({ node, receiver: callee.object, op: 'pop', effect: 'pop' });
        return;
      }
      if (growth.has(method)) mutations.push({ node, receiver: callee.object, op: method, effect: 'grow' });
      else if (shrink.has(method)) mutations.push({ node, receiver: callee.object, op: method, effect: 'shrink' });
      else if (method === 'deleteProperty' && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'Reflect' && node.arguments[0]) {
        mutations.push({ node, receiver: node.arguments[0], op: 'delete', effect: 'shrink' });
      }
    }

    function recordAssignment(node: TSESTree.AssignmentExpression): void {
      const left = unwrapExpression(node.left);
      const right = unwrapExpression(node.right);
      if (left.type === AST_NODE_TYPES.MemberExpression) {
        if (!left.computed && memberName(left) === 'length') {
          mutations.push({ node, receiver: left.object, op: 'length =', effect: 'shrink' });
          return;
        }
        if (left.computed) {
          const key = unwrapExpression(left.property);
          // arr[arr.length] = x grows an array; obj[key] = v grows a dictionary.
          const appends = key.type === AST_NODE_TYPES.MemberExpression && memberName(key) === 'length' && text(key.object) === text(left.object);
          const literalKey = key.type === AST_NODE_TYPES.Literal;
          // obj[k] = null / undefined releases the entry's value.
          if ((right.type === AST_NODE_TYPES.Literal && right.value === null) || (right.type === AST_NODE_TYPES.Identifier && right.name === 'undefined')) {
            mutations.push({ node, receiver: left.object, op: '[key] = null', effect: 'shrink' });
            return;
          }
          if (appends) mutations.push({ node, receiver: left.object, op: '[length] =', effect: 'grow' });
          else if (!literalKey) mutations.push({ node, receiver: left.object, op: '[key] =', effect: 'grow' });
          return;
        }
      }
      if (left.type === AST_NODE_TYPES.Identifier || left.type === AST_NODE_TYPES.MemberExpression) {
        // arr = [...arr, x] / arr = arr.concat(x) grow; arr = [] / arr.slice(-n) / arr.filter(…) reset.
        if (right.type === AST_NODE_TYPES.ArrayExpression && right.elements.some((e) => e?.type === AST_NODE_TYPES.SpreadElement && text(e.argument) === text(left))) {
          mutations.push({ node, receiver: left, op: '= [...]', effect: 'grow' });
          return;
        }
        if (right.type === AST_NODE_TYPES.CallExpression && right.callee.type === AST_NODE_TYPES.MemberExpression && text(right.callee.object) === text(left)) {
          const m = memberName(right.callee);
          if (m === 'concat') mutations.push({ node, receiver: left, op: '= concat', effect: 'grow' });
          else if (m !== null && BOUNDING_REASSIGN_METHODS.has(m)) mutations.push({ node, receiver: left, op: 'reassign', effect: 'shrink' });
          return;
        }
        if (node.operator === '=') mutations.push({ node, receiver: left, op: 'reassign', effect: 'shrink' });
      }
    }

    /** Growth that sits under a size test (`if (log.length < MAX) log.push(x)`) is capped. */
    function capped(m: Mutation, c: Candidate): boolean {
      const fn = innermostFunction(m.node);
      for (let p: TSESTree.Node | undefined = m.node.parent; p && p !== fn; p = p.parent) {
        const test =
          p.type === AST_NODE_TYPES.IfStatement || p.type === AST_NODE_TYPES.ConditionalExpression || p.type === AST_NODE_TYPES.WhileStatement
            ? p.test
            : p.type === AST_NODE_TYPES.LogicalExpression
              ? p.left
              : null;
        if (!test) continue;
        const t = text(test);
        if (/\.(?:length|size)\b/.test(t) && t.includes(c.name)) return true;
        if ([...hints].some((h) => t.includes(h))) return true;
        if (/[<>]=?/.test(t) && SIZE_HINT.test(t)) return true;
      }
      return false;
    }

    /** A `pop()` bounds a stack when it balances the pushes: same function, unconditional, or under a size test. */
    function popBounds(m: Mutation, c: Candidate, grows: Mutation[]): boolean {
      const fn = innermostFunction(m.node);
      if (grows.some((g) => innermostFunction(g.node) === fn)) return true;
      for (let p: TSESTree.Node | undefined = m.node.parent; p && p !== fn; p = p.parent) {
        const test = p.type === AST_NODE_TYPES.IfStatement || p.type === AST_NODE_TYPES.ConditionalExpression ? p.test : p.type === AST_NODE_TYPES.LogicalExpression ? p.left : null;
        if (test) return /\.(?:length|size)\b/.test(text(test)) || text(test).includes(c.name);
      }
      return true;
    }

    /** Growth at module initialisation, in a constructor, or in a function only called at startup fills a table once. */
    function isInitGrowth(m: Mutation, c: Candidate, callSites: (fn: FunctionNode) => readonly TSESTree.CallExpression[]): boolean {
      const fn = innermostFunction(m.node);
      if (c.owner.type === 'class') return isInitialiser(m.node, c.owner.cls) || fn === null;
      if (c.owner.type === 'closure') return fn === c.owner.fn || !longLivedClosure(fn, c.owner.fn);
      if (!fn) return true;
      // Look through callbacks that run in place (forEach at top level).
      let f: FunctionNode | null = fn;
      for (;;) {
        const sites = callSites(f);
        const parent: TSESTree.Node = f.parent;
        const inlineArg = parent.type === AST_NODE_TYPES.CallExpression && (parent.arguments as TSESTree.Node[]).includes(f);
        if (inlineArg) {
          if (callbackFrequency(f, callbacks).run === 'per event') return false;
          const outer = innermostFunction(parent);
          if (!outer) return true;
          f = outer;
          continue;
        }
        return sites.length > 0 && sites.every((s) => innermostFunction(s) === null);
      }
    }

    /** A nested function that outlives its maker: returned, registered as a handler, or stored. */
    function longLivedClosure(fn: FunctionNode | null, maker: FunctionNode): boolean {
      const makerName = maker.id?.name ?? (maker.parent.type === AST_NODE_TYPES.VariableDeclarator && maker.parent.id.type === AST_NODE_TYPES.Identifier ? maker.parent.id.name : '');
      // Returned closures live on only when the maker is a factory; a helper's result is dropped by its caller.
      const returnedLivesOn = FACTORY_NAME.test(makerName);
      for (let f = fn; f && f !== maker; f = innermostFunction(f)) {
        const p = f.parent;
        if (p.type === AST_NODE_TYPES.ReturnStatement) return returnedLivesOn;
        if (p.type === AST_NODE_TYPES.ArrowFunctionExpression && p.body === f) return returnedLivesOn;
        if (p.type === AST_NODE_TYPES.Property || p.type === AST_NODE_TYPES.MethodDefinition) {
          // a method of an object literal that is returned or stored
          let o: TSESTree.Node = p.parent;
          while (o.type === AST_NODE_TYPES.ObjectExpression || o.type === AST_NODE_TYPES.Property) o = o.parent;
          if (o.type === AST_NODE_TYPES.ReturnStatement || (o.type === AST_NODE_TYPES.ArrowFunctionExpression && o.body === p.parent)) return returnedLivesOn;
          if (o.type === AST_NODE_TYPES.AssignmentExpression) return true;
        }
        if (callbackFrequency(f, callbacks).run === 'per event') return true;
        if (p.type === AST_NODE_TYPES.AssignmentExpression && p.right === f) return true;
      }
      return false;
    }

    /**
     * `let v = cache.get(k); if (v === undefined) { v = compute(k); cache.set(k, v); }`: a memo
     * cache, whose size is bounded by its key domain. The same key is looked up before it is stored.
     */
    function isMemoStore(g: Mutation): boolean {
      let key: TSESTree.Node | undefined;
      if (g.node.type === AST_NODE_TYPES.CallExpression && (g.op === 'set' || g.op === 'add')) key = g.node.arguments[0];
      else if (g.node.type === AST_NODE_TYPES.AssignmentExpression && g.op === '[key] =' && g.node.left.type === AST_NODE_TYPES.MemberExpression) key = g.node.left.property;
      if (!key) return false;
      const fn = innermostFunction(g.node);
      if (!fn) return false;
      const receiver = g.receiver;
      const lookups = mutationsAndReads(fn).filter((n) => n.range[0] < g.node.range[0]);
      return lookups.some((n) => {
        if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression) {
          const m = memberName(n.callee);
          return (m === 'get' || m === 'has') && n.arguments[0] !== undefined && sameValue(n.callee.object, receiver, scopeOf) && sameValue(n.arguments[0], key, scopeOf);
        }
        if (n.type === AST_NODE_TYPES.MemberExpression && n.computed) return n.parent.type !== AST_NODE_TYPES.AssignmentExpression && sameValue(n.object, receiver, scopeOf) && sameValue(n.property, key, scopeOf);
        if (n.type === AST_NODE_TYPES.BinaryExpression && n.operator === 'in') return sameValue(n.right, receiver, scopeOf);
        return false;
      });
    }

    function mutationsAndReads(fn: FunctionNode): TSESTree.Node[] {
      const out: TSESTree.Node[] = [];
      const stack: TSESTree.Node[] = [fn.body];
      while (stack.length) {
        const n = stack.pop();
        if (!n) break;
        if (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.MemberExpression || n.type === AST_NODE_TYPES.BinaryExpression) out.push(n);
        for (const k of Object.keys(n)) {
          if (k === 'parent') continue;
          const v = (n as unknown as Record<string, unknown>)[k];
          const push = (x: unknown): void => {
            if (x && typeof x === 'object' && typeof (x as TSESTree.Node).type === 'string') stack.push(x as TSESTree.Node);
          };
          if (Array.isArray(v)) v.forEach(push);
          else push(v);
        }
      }
      return out;
    }

    /** Exported, returned, or handed to code in another module: its consumer may trim it. */
    function escapes(c: Candidate): boolean {
      if (c.owner.type === 'module' && exportedNames.has(c.name)) return true;
      const refs = c.variable ? c.variable.references.map((r) => r.identifier as TSESTree.Node) : readsNamed(c.region, c.name).filter((r) => candidateOf(r) === c);
      for (const node of refs) {
        const p = node.parent;
        if (!p) continue;
        if (p.type === AST_NODE_TYPES.ReturnStatement && p.argument === node) {
          const fn = innermostFunction(p);
          const isGetter = fn?.parent.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'get';
          if (!isGetter) return true;
        }
        if (p.type === AST_NODE_TYPES.ArrowFunctionExpression && p.body === node) return true;
        if (p.type === AST_NODE_TYPES.ExportSpecifier) return true;
        if (p.type === AST_NODE_TYPES.AssignmentExpression && p.right === node) {
          const l = text(p.left);
          if (/^(?:module\.)?exports\b/.test(l)) return true;
          if (c.owner.type !== 'module' || !/^this\./.test(l)) return true;
        }
        if (p.type === AST_NODE_TYPES.Property && p.value === node) return true;
        // Handed to other code (`orderedRemoveItem(list, x)`, `drain(out)`): it may trim it.
        if ((p.type === AST_NODE_TYPES.CallExpression || p.type === AST_NODE_TYPES.NewExpression) && (p.arguments as TSESTree.Node[]).includes(node)) {
          if (!READ_ONLY_CALLEES.test(text(p.callee))) return true;
        }
      }
      return false;
    }

    /**
     * An instance field leaks only if its instance lives long: a service-like class name, a
     * teardown method (the class expects a long life), or an instance kept at module level.
     */
    function instanceLivesLong(cls: ClassNode): boolean {
      const name = cls.id?.name ?? (cls.parent.type === AST_NODE_TYPES.VariableDeclarator && cls.parent.id.type === AST_NODE_TYPES.Identifier ? cls.parent.id.name : '');
      if (LONG_LIVED_CLASS.test(name)) return true;
      const teardown = /^(?:dispose|destroy|close|stop|shutdown|disconnect|teardown|componentWillUnmount|ngOnDestroy|disconnectedCallback)$/;
      if (cls.body.body.some((m) => m.type === AST_NODE_TYPES.MethodDefinition && !m.computed && m.key.type === AST_NODE_TYPES.Identifier && teardown.test(m.key.name))) return true;
      if (name && moduleInstances.has(name)) return true;
      return false;
    }

    function lifetimeOf(c: Candidate): string {
      if (c.owner.type === 'module') return 'module-level, alive for the process';
      if (c.owner.type === 'class') {
        const id = c.owner.cls.id?.name;
        const name = id === undefined ? 'its class' : `\`${id}\``;
        return c.owner.isStatic ? `a static field of ${name}, alive for the process` : `a field of each ${id === undefined ? 'instance' : name}`;
      }
      const fn = c.owner.fn;
      const fnName = fn.id?.name ?? (fn.parent.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier ? fn.parent.id.name : null);
      return `held by a long-lived closure of ${fnName ? `\`${fnName}()\`` : 'its function'}`;
    }

    let constructorDepth = 0;
    /** `this.log = []` in a constructor (at any depth): a collection field declared the old way. */
    function onConstructorAssignment(node: TSESTree.AssignmentExpression): void {
      const left = unwrapExpression(node.left);
      if (left.type !== AST_NODE_TYPES.MemberExpression || left.object.type !== AST_NODE_TYPES.ThisExpression) return;
      const kind = collectionKind(node.right);
      const cls = enclosingClass(node);
      const name = memberName(left);
      if (!kind || !cls || name === null) return;
      if (classField(cls, name)) return;
      addCandidate({ at: left.property, name, kind, owner: { type: 'class', cls, isStatic: false }, region: cls });
    }

    return withShared({
      VariableDeclarator: addCandidateFromDeclarator,
      PropertyDefinition(node) {
        if (node.computed || isDeclared(node)) return;
        const kind = collectionKind(node.value);
        const cls = enclosingClass(node);
        if (!kind || !cls) return;
        const name = node.key.type === AST_NODE_TYPES.Identifier ? node.key.name : node.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${node.key.name}` : null;
        if (name !== null) addCandidate({ at: node.key, name, kind, owner: { type: 'class', cls, isStatic: node.static }, region: cls });
      },
      ExportNamedDeclaration(node) {
        if (node.declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const d of node.declaration.declarations) if (d.id.type === AST_NODE_TYPES.Identifier) exportedNames.add(d.id.name);
        }
      },
      ExportDefaultDeclaration(node) {
        if (node.declaration.type === AST_NODE_TYPES.Identifier) exportedNames.add(node.declaration.name);
      },
      NewExpression(node) {
        if (node.callee.type === AST_NODE_TYPES.Identifier && innermostFunction(node) === null) moduleInstances.add(node.callee.name);
      },
      CallExpression(node) {
        pending.push(node);
      },
      AssignmentExpression(node) {
        if (constructorDepth > 0) onConstructorAssignment(node);
        pending.push(node);
      },
      UnaryExpression(node) {
        if (node.operator === 'delete') pending.push(node);
      },
      MethodDefinition(node) {
        if (node.kind === 'constructor') constructorDepth++;
        if (node.kind === 'get' && node.key.type === AST_NODE_TYPES.Identifier) getterNames.add(node.key.name);
      },
      'MethodDefinition:exit'(node) {
        if (node.kind === 'constructor') constructorDepth--;
      },
      'Program:exit'() {
        if (candidates.length === 0) return;
        for (const node of pending) {
          if (node.type === AST_NODE_TYPES.CallExpression) recordCall(node);
          else if (node.type === AST_NODE_TYPES.AssignmentExpression) recordAssignment(node);
          else if (node.type === AST_NODE_TYPES.UnaryExpression) {
            const arg = unwrapExpression(node.argument);
            if (arg.type === AST_NODE_TYPES.MemberExpression) mutations.push({ node, receiver: arg.object, op: 'delete', effect: 'shrink' });
          } else if (node.id.type === AST_NODE_TYPES.Identifier && node.init) {
            const alias = lastName(node.init);
            if (alias !== null) aliases.set(node.id.name, alias);
          }
        }
        const callSites = (fn: FunctionNode): readonly TSESTree.CallExpression[] => index.callSitesOf(fn);
        const byCandidate = new Map<Candidate, Mutation[]>();
        const names = new Set(candidates.map((c) => c.name));
        for (const m of mutations) {
          if (!mayNameCandidate(m.receiver, names)) continue;
          const c = candidateOf(m.receiver);
          if (!c) continue;
          const list = byCandidate.get(c) ?? [];
          list.push(m);
          byCandidate.set(c, list);
        }
        for (const c of candidates) {
          if (c.owner.type === 'class' && !checkClassFields) continue;
          if (c.owner.type === 'class' && !c.owner.isStatic && !instanceLivesLong(c.owner.cls)) continue;
          const ms = byCandidate.get(c) ?? [];
          // Dictionaries grow by computed keys; arrays, Maps and Sets by their methods.
          const kindOk = (m: Mutation): boolean =>
            c.kind === 'object' ? m.op === '[key] =' || m.op === '[key] = null' || m.op === 'delete' || m.op === 'reassign' : m.op !== '[key] =' && m.op !== '[key] = null';
          const relevant = ms.filter(kindOk);
          const grows = relevant.filter((m) => m.effect === 'grow' && !isInitGrowth(m, c, callSites) && !capped(m, c));
          if (grows.length === 0) continue;
          // The constructor's `this.log = []` creates the collection; it does not reset it.
          const resets = relevant.filter((m) => !(m.op === 'reassign' && c.owner.type === 'class' && isInitialiser(m.node, c.owner.cls)));
          const shrinks = resets.filter((m) => m.effect === 'shrink' || (m.effect === 'pop' && popBounds(m, c, grows)));
          if (shrinks.length > 0) continue;
          if (!checkExported && escapes(c)) continue;
          if (!checkMemo && grows.every((g) => isMemoStore(g))) continue;
          const sites = grows.slice(0, 3).map((m) => `\`${m.op}\` on line ${m.node.loc.start.line}`).join(', ') + (grows.length > 3 ? `, and ${grows.length - 3} more` : '');
          const where = c.owner.type === 'module' ? ' in this module' : c.owner.type === 'class' ? ' in the class' : '';
          context.report({ node: c.at, messageId: 'unbounded', data: { name: c.name, lifetime: lifetimeOf(c), sites, where } });
        }
      },
    }, indexListeners);
  },
});
