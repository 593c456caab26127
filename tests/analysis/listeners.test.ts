import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withShared } from '../../src/analysis/engine/listeners';

type Call = (...args: unknown[]) => void;

describe('withShared', () => {
  it('returns the rule\'s own listeners untouched when every shared part is empty', () => {
    const own = { CallExpression() {} };
    assert.equal(withShared(own, {}, { Identifier: undefined }), own);
  });

  it('calls the shared analyses before the rule, in the order of the parts, with every argument', () => {
    const log: string[] = [];
    const rec = (who: string): Call => (...args) => log.push(`${who}:${args.join(',')}`);
    const merged = withShared(
      { CallExpression: rec('own'), 'Program:exit': rec('own') },
      { CallExpression: rec('a'), onCodePathEnd: rec('a') },
      { CallExpression: rec('b'), Identifier: undefined, 'Program:exit': rec('b') },
    ) as unknown as Record<string, Call>;
    assert.deepEqual(Object.keys(merged).sort(), ['CallExpression', 'Program:exit', 'onCodePathEnd']);
    const call = (selector: string, ...args: unknown[]): void => {
      const listener = merged[selector];
      assert.ok(listener, selector);
      listener(...args);
    };
    call('CallExpression', 1, 2, 3);
    call('Program:exit', 4);
    call('onCodePathEnd', 5, 6);
    assert.deepEqual(log, ['a:1,2,3', 'b:1,2,3', 'own:1,2,3', 'b:4,,', 'own:4,,', 'a:5,6']);
  });

  it('registers a selector only one part listens to as that part\'s own function', () => {
    const only = (): void => {};
    const merged = withShared({}, { ':function': only }) as unknown as Record<string, Call>;
    assert.equal(merged[':function'], only);
  });
});
