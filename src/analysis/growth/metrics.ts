import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { innermostFunction } from '../syntax/nodes';
import { staticKeyName } from '../syntax/ast';
import { memberName, resolveReference, unwrapExpression } from '../scope/references';
import { DefinitionType } from '../scope/scope-types';
import { type LabelledMetrics } from '../vocabulary/collections';

/**
 * Question 5 for a collection inside a library: a labelled metric (`new Histogram({ labelNames })`
 * from prom-client) keeps one series per distinct label values, for the process. It grows
 * without bound when a label value is request data (`req.path`, `req.params.id`): a field of
 * a parameter named by the registry's `requestDataFields`, directly or one level down. A
 * value made by a call (`routeOf(req)`) or a finite field (`req.method`) does not count.
 */
export interface MetricGrowth {
  /** The metric's declared name. */
  at: TSESTree.Identifier;
  label: string;
  value: TSESTree.Node;
}

export interface MetricContext {
  sourceCode: Readonly<TSESLint.SourceCode>;
  metrics: readonly LabelledMetrics[];
  /** Fields of a request that carry its data (the registry's `requestDataFields`). */
  requestFields: ReadonlySet<string>;
}

/** `new Histogram(…)` from a metrics library: its vocabulary, or null. */
export function metricOf(init: TSESTree.Node, ctx: MetricContext): LabelledMetrics | null {
  const n = unwrapExpression(init);
  if (n.type !== AST_NODE_TYPES.NewExpression) return null;
  const r = resolveReference(n.callee, ctx.sourceCode.getScope(n));
  if (r?.kind !== 'import') return null;
  return ctx.metrics.find((m) => m.source === r.source && m.classes.includes(r.name)) ?? null;
}

function isParameter(id: TSESTree.Identifier, ctx: MetricContext): boolean {
  const v = ASTUtils.findVariable(ctx.sourceCode.getScope(id), id);
  return v?.defs.some((d) => d.type === DefinitionType.Parameter) === true;
}

/** `req.path`, `req.params.id`: request data, a field the registry names, of a parameter. */
export function requestData(value: TSESTree.Node, ctx: MetricContext): boolean {
  const v = unwrapExpression(value);
  if (v.type !== AST_NODE_TYPES.MemberExpression || v.computed) return false;
  const chain: string[] = [];
  let n: TSESTree.Node = v;
  while (n.type === AST_NODE_TYPES.MemberExpression && !n.computed) {
    const name = memberName(n);
    if (name === null) return false;
    chain.unshift(name);
    n = unwrapExpression(n.object);
  }
  const field = chain[0];
  return n.type === AST_NODE_TYPES.Identifier && chain.length <= 2 && field !== undefined && ctx.requestFields.has(field) && isParameter(n, ctx);
}

/** The label objects a metric is given: `m.inc({ … })`, `m.labels({ … })`, `const end = m.startTimer(); end({ … })`. */
function labelObjects(metric: TSESLint.Scope.Variable, vocab: LabelledMetrics, ctx: MetricContext): { objects: TSESTree.ObjectExpression[]; evicted: boolean } {
  const objects: TSESTree.ObjectExpression[] = [];
  let evicted = false;
  const take = (arg: TSESTree.Node | undefined): void => {
    const a = arg ? unwrapExpression(arg) : null;
    if (a?.type === AST_NODE_TYPES.ObjectExpression) objects.push(a);
  };
  for (const ref of metric.references) {
    const p = ref.identifier.parent;
    if (p.type !== AST_NODE_TYPES.MemberExpression || p.object !== ref.identifier || p.parent.type !== AST_NODE_TYPES.CallExpression || p.parent.callee !== p) continue;
    const call = p.parent;
    const method = memberName(p);
    if (method === null) continue;
    if (vocab.evictions.includes(method)) evicted = true;
    if (vocab.labelCalls.includes(method)) take(call.arguments[0]);
    if (!vocab.timerCalls.includes(method) || call.parent.type !== AST_NODE_TYPES.VariableDeclarator || call.parent.init !== call) continue;
    for (const v of ctx.sourceCode.getDeclaredVariables(call.parent)) {
      for (const r of v.references) {
        const c = r.identifier.parent;
        if (c.type === AST_NODE_TYPES.CallExpression && c.callee === r.identifier) take(c.arguments[0]);
      }
    }
  }
  return { objects, evicted };
}

/** The first label of `metric` whose value is request data, unless something evicts its series. */
export function unboundedLabel(decl: TSESTree.VariableDeclarator, ctx: MetricContext): MetricGrowth | null {
  if (decl.id.type !== AST_NODE_TYPES.Identifier || !decl.init) return null;
  const vocab = metricOf(decl.init, ctx);
  const metric = vocab ? ctx.sourceCode.getDeclaredVariables(decl)[0] : undefined;
  if (!vocab || !metric) return null;
  const { objects, evicted } = labelObjects(metric, vocab, ctx);
  if (evicted) return null;
  for (const o of objects) {
    for (const p of o.properties) {
      if (p.type !== AST_NODE_TYPES.Property || !innermostFunction(p)) continue;
      const label = staticKeyName(p);
      if (label !== null && requestData(p.value, ctx)) return { at: decl.id, label, value: p.value };
    }
  }
  return null;
}
