import { type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { isIIFE, isPromiseExecutor, iterationCallOf } from './callbacks';
import { memberName, unwrapExpression } from '../scope/references';
import { oneLine, walkOwn } from '../syntax/ast';
import { type ScopeOf, sameValue } from '../scope/identity';
import { type FunctionNode, type LoopNode, isFunction, isLoop } from '../syntax/nodes';

/** A loop turn: a loop statement's body, or one call of an iteration callback. */
export interface Turn {
  /** The loop statement, or the iteration call (`items.forEach(…)`). */
  node: LoopNode | TSESTree.CallExpression;
  /** The code that runs once per turn. */
  body: TSESTree.Node;
  /** Could the loop run for the life of the process? */
  longLived: boolean;
  /** Human words for messages: "`while (this.open)` loop", "`.forEach()` callback". */
  label: string;
}


export interface LoopOptions {
  /** Identifiers or member names that mark a loop condition as long-lived (`isRunning`): the user's own words, from settings. */
  longLivedConditions: readonly string[];
  /** For "does the body move the condition": the same variable or member, by scope (question 7). */
  scopeOf: ScopeOf;
}

/** The names a condition reads (for the user's words and `length`/`size`) and the expressions it reads (for identity). */
function conditionParts(node: TSESTree.Node, names: Set<string>, reads: TSESTree.Node[]): void {
  const n = unwrapExpression(node);
  switch (n.type) {
    case AST_NODE_TYPES.Identifier:
      names.add(n.name);
      reads.push(n);
      return;
    case AST_NODE_TYPES.MemberExpression: {
      const name = memberName(n);
      if (name !== null) names.add(name);
      reads.push(n);
      conditionParts(n.object, names, reads);
      return;
    }
    case AST_NODE_TYPES.UnaryExpression:
      conditionParts(n.argument, names, reads);
      return;
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.BinaryExpression:
      if (n.left.type !== AST_NODE_TYPES.PrivateIdentifier) conditionParts(n.left, names, reads);
      conditionParts(n.right, names, reads);
      return;
    case AST_NODE_TYPES.CallExpression:
      conditionParts(n.callee, names, reads);
      return;
    case AST_NODE_TYPES.AssignmentExpression:
      conditionParts(n.left, names, reads);
      return;
    default:
      return;
  }
}

function containsAwait(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  switch (n.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return true;
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.BinaryExpression:
      return (n.left.type !== AST_NODE_TYPES.PrivateIdentifier && containsAwait(n.left)) || containsAwait(n.right);
    case AST_NODE_TYPES.UnaryExpression:
      return containsAwait(n.argument);
    case AST_NODE_TYPES.AssignmentExpression:
      return containsAwait(n.right);
    default:
      return false;
  }
}

/** Does the body move the condition forward itself (`node = node.next`, `this.cursor = …`, `i++`)? The same variable or member, by scope. */
function bodyAdvances(body: TSESTree.Node, reads: readonly TSESTree.Node[], scopeOf: ScopeOf): boolean {
  if (reads.length === 0) return false;
  const isRead = (target: TSESTree.Node): boolean => {
    const t = unwrapExpression(target);
    return (t.type === AST_NODE_TYPES.Identifier || t.type === AST_NODE_TYPES.MemberExpression) && reads.some((r) => sameValue(r, t, scopeOf));
  };
  let found = false;
  walkOwn({ body }, (node) => {
    if (found) return;
    if (node.type === AST_NODE_TYPES.UpdateExpression) {
      if (isRead(node.argument)) found = true;
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression) {
      // `done = true` is a stop flag, not progress through data.
      const right = unwrapExpression(node.right);
      const flag = node.operator === '=' && right.type === AST_NODE_TYPES.Literal;
      if (!flag && isRead(node.left)) found = true;
    }
  });
  return found;
}

/**
 * Is a loop condition one that can hold for the life of the process? `true`, a flag or
 * a state check (`this.open`, `!signal.aborted`), an awaited read — yes. A counter
 * (`i < n`), a drain (`queue.length`), a walk (`node = node.next`) — no.
 */
export function isLongLivedCondition(
  test: TSESTree.Expression | null,
  body: TSESTree.Node,
  options: LoopOptions,
): boolean {
  if (test === null) return true;
  const t = unwrapExpression(test);
  if (t.type === AST_NODE_TYPES.Literal) return Boolean(t.value);
  const names = new Set<string>();
  const reads: TSESTree.Node[] = [];
  conditionParts(t, names, reads);
  if (options.longLivedConditions.some((n) => names.has(n))) return true;
  if (containsAwait(t)) return true;
  if (names.has('length') || names.has('size')) return false;
  if (hasRelational(t)) return false;
  // `while (retries--)`, `while ((m = re.exec(s)) !== null)`, `while ((node = node.parent))`:
  // the condition itself moves through finite data.
  if (conditionAdvances(t)) return false;
  if (bodyAdvances(body, reads, options.scopeOf)) return false;
  return true;
}

function conditionAdvances(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  switch (n.type) {
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.AssignmentExpression:
      return true;
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.BinaryExpression:
      return (n.left.type !== AST_NODE_TYPES.PrivateIdentifier && conditionAdvances(n.left)) || conditionAdvances(n.right);
    case AST_NODE_TYPES.UnaryExpression:
      return conditionAdvances(n.argument);
    default:
      return false;
  }
}

function hasRelational(node: TSESTree.Node): boolean {
  const n = unwrapExpression(node);
  if (n.type === AST_NODE_TYPES.BinaryExpression) {
    if (['<', '<=', '>', '>='].includes(n.operator)) return true;
    return (n.left.type !== AST_NODE_TYPES.PrivateIdentifier && hasRelational(n.left)) || hasRelational(n.right);
  }
  if (n.type === AST_NODE_TYPES.LogicalExpression) return hasRelational(n.left) || hasRelational(n.right);
  if (n.type === AST_NODE_TYPES.UnaryExpression) return hasRelational(n.argument);
  return false;
}

export function describeLoop(loop: LoopNode, text: (n: TSESTree.Node) => string): string {
  const cut = (s: string): string => oneLine(s);
  switch (loop.type) {
    case AST_NODE_TYPES.WhileStatement:
      return `\`while (${cut(text(loop.test))})\` loop`;
    case AST_NODE_TYPES.DoWhileStatement:
      return `\`do … while (${cut(text(loop.test))})\` loop`;
    case AST_NODE_TYPES.ForStatement:
      return loop.test ? `\`for\` loop` : '`for (;;)` loop';
    case AST_NODE_TYPES.ForOfStatement:
      return loop.await ? `\`for await (… of ${cut(text(loop.right))})\` loop` : '`for…of` loop';
    case AST_NODE_TYPES.ForInStatement:
      return '`for…in` loop';
  }
}

export function classifyLoop(loop: LoopNode, options: LoopOptions): boolean {
  switch (loop.type) {
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return isLongLivedCondition(loop.test, loop.body, options);
    case AST_NODE_TYPES.ForStatement:
      if (loop.update) return false;
      return isLongLivedCondition(loop.test, loop.body, options);
    case AST_NODE_TYPES.ForOfStatement: {
      if (!loop.await) return false;
      const right = unwrapExpression(loop.right);
      return right.type !== AST_NODE_TYPES.ArrayExpression;
    }
    case AST_NODE_TYPES.ForInStatement:
      return false;
  }
}

/**
 * The innermost loop turn that `node` runs in, looking through promise executors and
 * IIFEs (they run in place) and stopping at any other function: a callback registered
 * in a loop does not run per turn.
 */
export function enclosingTurn(
  node: TSESTree.Node,
  options: LoopOptions,
  text: (n: TSESTree.Node) => string,
): Turn | null {
  let child: TSESTree.Node = node;
  let parent: TSESTree.Node | undefined = node.parent;
  while (parent) {
    if (isLoop(parent) && child === parent.body) {
      return { node: parent, body: parent.body, longLived: classifyLoop(parent, options), label: describeLoop(parent, text) };
    }
    if (isFunction(parent)) {
      const iteration = iterationCallOf(parent);
      if (iteration) {
        const callee = unwrapExpression(iteration.callee) as TSESTree.MemberExpression;
        return { node: iteration, body: parent.body, longLived: false, label: `\`.${memberName(callee) ?? 'forEach'}()\` callback` };
      }
      if (!isPromiseExecutor(parent) && !isIIFE(parent)) return null;
    }
    child = parent;
    parent = parent.parent;
  }
  return null;
}

/** The function that `node` runs in, looking through promise executors; null at top level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  let parent = node.parent;
  while (parent) {
    if (isFunction(parent) && !isPromiseExecutor(parent)) return parent;
    parent = parent.parent;
  }
  return null;
}

/**
 * Is the node being visited inside a loop turn? Kept as a depth per function while ESLint
 * traverses (O(1) per question, unlike `enclosingTurn`'s walk up): a loop body or an
 * iteration callback adds a turn; promise executors and IIFEs run in place; any other
 * function starts afresh, since a callback registered in a loop does not run per turn.
 */
export class TurnDepth {
  private readonly depth: number[] = [0];

  inTurn(): boolean {
    return (this.depth[this.depth.length - 1] ?? 0) > 0;
  }

  private readonly enterLoop = (): void => {
    this.depth[this.depth.length - 1] = (this.depth.at(-1) ?? 0) + 1;
  };

  private readonly exitLoop = (): void => {
    this.depth[this.depth.length - 1] = (this.depth.at(-1) ?? 1) - 1;
  };

  readonly listeners = {
    ':matches(ForStatement, ForInStatement, ForOfStatement, WhileStatement, DoWhileStatement)': this.enterLoop,
    ':matches(ForStatement, ForInStatement, ForOfStatement, WhileStatement, DoWhileStatement):exit': this.exitLoop,
    ':function': (node: FunctionNode): void => {
      const outer = this.depth.at(-1) ?? 0;
      this.depth.push(iterationCallOf(node) ? outer + 1 : isPromiseExecutor(node) || isIIFE(node) ? outer : 0);
    },
    ':function:exit': (): void => {
      this.depth.pop();
    },
  };
}
