import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../syntax/node-types';
import { within } from '../syntax/ast';
import { unwrapExpression } from '../scope/references';

export interface FinallyFix {
  /** The handle's declared name: `const h = acquire();` must be a statement of one block. */
  handle: TSESTree.Identifier;
  /** Calls that release it now; those written as statements of the block move into the `finally`. */
  releases: readonly TSESTree.CallExpression[];
  /** The release to write in the `finally`: `client.release()`, `clearTimeout(t)`. */
  release: string;
  /** When set, the declaration must be a statement of this block (a loop turn's body). */
  block?: TSESTree.Node;
  /**
   * Releasing twice is harmless (clearing a timer): releases elsewhere stay where they are.
   * Otherwise (a pooled client) a release that cannot be moved means no suggestion.
   */
  idempotent: boolean;
}

/**
 * The "release in `finally`" suggestion every family shares: `const h = acquire(); a; b;`
 * becomes `const h = acquire(); try { a; b; } finally { release }`. It changes nothing else
 * (a `finally` catches no errors; `continue`/`break`/`return` still work). Null for shapes
 * where the edit is not mechanical.
 */
export function releaseInFinally(sourceCode: TSESLint.SourceCode, f: FinallyFix): TSESLint.ReportFixFunction | null {
  const declarator = f.handle.parent;
  const statement = declarator.parent;
  if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || statement?.type !== AST_NODE_TYPES.VariableDeclaration) return null;
  const block = statement.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement || (f.block && block !== f.block) || statement.declarations.length !== 1) return null;
  const rest = block.body.slice(block.body.indexOf(statement) + 1);
  const first = rest[0];
  const last = rest.at(-1);
  if (!first || !last) return null;
  const isRelease = (s: TSESTree.Statement): boolean =>
    s.type === AST_NODE_TYPES.ExpressionStatement &&
    f.releases.some((r) => unwrapExpression(s.expression) === r || (s.expression.type === AST_NODE_TYPES.AwaitExpression && unwrapExpression(s.expression.argument) === r));
  const moved = rest.filter(isRelease);
  if (!f.idempotent && f.releases.some((r) => !moved.some((s) => within(r, s)))) return null;
  const kept = rest.filter((s) => !moved.includes(s));
  // Hoisted declarations would change scope when moved into the try block.
  if (kept.some((s) => s.type === AST_NODE_TYPES.FunctionDeclaration || s.type === AST_NODE_TYPES.ClassDeclaration)) return null;
  const indent = ' '.repeat(statement.loc.start.column);
  const body =
    moved.length === 0
      ? `${indent}  ${sourceCode.text.slice(first.range[0], last.range[1]).replace(/\n/g, '\n  ')}`
      : kept.map((s) => `${indent}  ${sourceCode.getText(s).replace(/\n/g, '\n  ')}`).join('\n');
  return (fixer) => fixer.replaceTextRange([first.range[0], last.range[1]], `try {\n${body}\n${indent}} finally {\n${indent}  ${f.release};\n${indent}}`);
}
