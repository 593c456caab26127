import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import { createRule } from '../src/create-rule';

/*
 * `createRule` keeps the options merged with their defaults while the configured options stay
 * the same, comparing them by value (ESLint hands every file a fresh copy): what a rule sees
 * must still follow the configuration from one file to the next.
 */
type Options = [{ names?: string[]; deep?: { on?: boolean; list?: number[] }; limit?: number }];

function probe(): { rule: ReturnType<typeof createRule<Options, 'seen'>>; seen: Options[0][] } {
  const seen: Options[0][] = [];
  const rule = createRule<Options, 'seen'>({
    name: 'probe',
    meta: {
      type: 'problem',
      docs: { description: 'probe', recommended: 'recommended' },
      messages: { seen: 'seen' },
      schema: [
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            names: { type: 'array', items: { type: 'string' } },
            deep: { type: 'object', properties: { on: { type: 'boolean' }, list: { type: 'array', items: { type: 'number' } } } },
            limit: { type: 'number' },
          },
        },
      ],
      defaultOptions: [{ names: [], deep: { on: false, list: [] }, limit: 10 }],
    },
    create(_context, [options]) {
      seen.push(options);
      return {};
    },
  });
  return { rule, seen };
}

function lintWith(rule: ReturnType<typeof probe>['rule'], options: unknown[]): void {
  const linter = new Linter({ configType: 'flat' });
  const config = [{ files: ['**/*.js'], plugins: { p: { rules: { probe: rule } } }, rules: { 'p/probe': ['error', ...options] } }] as unknown as Linter.Config[];
  linter.verify('x;', config, 'a.js');
}

describe('createRule: options kept per configuration', () => {
  it('merges the defaults, and hands the same frozen object while the options stay the same', () => {
    const { rule, seen } = probe();
    lintWith(rule, [{ names: ['a'] }]);
    lintWith(rule, [{ names: ['a'] }]);
    assert.deepEqual(seen[0], { names: ['a'], deep: { on: false, list: [] }, limit: 10 });
    assert.equal(seen[1], seen[0]);
    assert.ok(Object.isFrozen(seen[0]) && Object.isFrozen(seen[0].names));
  });

  it('follows a change anywhere in the options, however deep', () => {
    const { rule, seen } = probe();
    const steps: unknown[][] = [
      [{ names: ['a'] }],
      [{ names: ['a', 'b'] }],
      [{ names: ['a', 'b'], deep: { list: [1] } }],
      [{ names: ['a', 'b'], deep: { list: [2] } }],
      [{ names: ['a', 'b'], deep: { list: [2], on: true } }],
      [{ names: ['a', 'b'], deep: { list: [2], on: true }, limit: 3 }],
      [],
    ];
    for (const options of steps) lintWith(rule, options);
    assert.deepEqual(seen.map((o) => [o.names, o.deep?.list, o.deep?.on, o.limit]), [
      [['a'], [], false, 10],
      [['a', 'b'], [], false, 10],
      [['a', 'b'], [1], false, 10],
      [['a', 'b'], [2], false, 10],
      [['a', 'b'], [2], true, 10],
      [['a', 'b'], [2], true, 3],
      [[], [], false, 10],
    ]);
  });

  it('sees the same options written in another key order as the same', () => {
    const { rule, seen } = probe();
    lintWith(rule, [{ limit: 3, names: ['a'] }]);
    lintWith(rule, [{ names: ['a'], limit: 3 }]);
    assert.equal(seen[1], seen[0]);
  });
});
