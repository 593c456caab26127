import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shareOf } from '../scripts/profile-share';

/*
 * `bench --profile` reads the plugin's share of `Linter#verify` off a CPU profile: only the
 * self time of the plugin's own files (not their `node_modules`) among samples under `verify`.
 */
const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 0 }, children });
const ESLINT = 'file:///work/app/node_modules/eslint/lib/linter/linter.js';

const profile = {
  nodes: [
    frame(1, '(root)', '', [2, 6, 8]),
    frame(2, 'verify', ESLINT, [3, 4, 5, 9]),
    frame(3, 'create', 'file:///work/app/dist/rules/no-x.js', [7]),
    frame(4, 'traverse', 'file:///work/app/node_modules/eslint/lib/linter/source-code-traverser.js'),
    frame(5, 'helper', 'file:///work/app/dist/src/analysis/a.js'),
    // the plugin's code outside a lint (loading, a script) is not counted
    frame(6, 'load', 'file:///work/app/dist/src/index.js'),
    // a dependency below the plugin's root is not the plugin's code, even under verify
    frame(7, 'util', 'file:///work/app/dist/node_modules/dep/index.js'),
    frame(8, '(garbage collector)', ''),
    // another build's files (a sibling folder whose name starts the same) are not this one's
    frame(9, 'other', 'file:///work/app/dist-old/src/index.js'),
  ],
  samples: [2, 3, 3, 4, 5, 6, 7, 8, 9, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('profile share (scripts/profile-share.ts)', () => {
  it("counts the self time of the plugin's own files under Linter#verify", () => {
    const share = shareOf(profile, '/work/app/dist');
    // under verify: 2, 3, 3, 4, 5, 7, 9, 3 -> 8 samples of 1 ms; the plugin's own: 3 (x3) and 5
    assert.equal(share.verifyMs, 8);
    assert.equal(share.pluginMs, 4);
    assert.equal(share.gcMs, 1);
    assert.deepEqual(share.byFile, [['rules/no-x.js', 3], ['src/analysis/a.js', 1]]);
  });

  it('accepts the root with a trailing separator', () => {
    assert.equal(shareOf(profile, '/work/app/dist/').pluginMs, 4);
  });
});
