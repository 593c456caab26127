import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { firstAtLeast, firstStartingAt, staticKeyName } from '../../src/analysis/syntax/ast';

const keysOf = (code: string): (string | null)[] => {
  const ast = parse(code) as TSESTree.Program;
  const out: (string | null)[] = [];
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const node = n as TSESTree.Node & Record<string, unknown>;
    if (node.type === AST_NODE_TYPES.Property || node.type === AST_NODE_TYPES.MethodDefinition || node.type === AST_NODE_TYPES.PropertyDefinition) out.push(staticKeyName(node));
    for (const [k, v] of Object.entries(node)) if (k !== 'parent') (Array.isArray(v) ? v : [v]).forEach(visit);
  };
  visit(ast);
  return out;
};

it('a key is static only when the source fixes it: a computed name is not that name', () => {
  assert.deepEqual(keysOf("const o = { a: 1, 'b': 2, 3: 3, [`c`]: 4, ['d']: 5, [e]: 6 };"), ['a', 'b', '3', 'c', 'd', null]);
  assert.deepEqual(keysOf('class C { x = 1; #y = 2; _m() {} [z]() {} }'), ['x', '#y', '_m', null]);
});

it('finds the first node starting at a position among nodes sorted by start', () => {
  const at = (...starts: number[]) => starts.map((n) => ({ range: [n, n + 1] as [number, number] }));
  const nodes = at(2, 5, 5, 9);
  assert.equal(firstStartingAt(nodes, 0), 0);
  assert.equal(firstStartingAt(nodes, 5), 1);
  assert.equal(firstStartingAt(nodes, 6), 3);
  assert.equal(firstStartingAt(nodes, 10), 4);
  assert.equal(firstStartingAt([], 3), 0);
});

it('finds the first offset at a position among sorted offsets', () => {
  const offsets = [2, 5, 5, 9];
  assert.equal(firstAtLeast(offsets, 0), 0);
  assert.equal(firstAtLeast(offsets, 5), 1);
  assert.equal(firstAtLeast(offsets, 6), 3);
  assert.equal(firstAtLeast(offsets, 10), 4);
  assert.equal(firstAtLeast([], 3), 0);
});
