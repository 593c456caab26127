import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oneLine } from '../../src/analysis/syntax/ast';

describe('oneLine: source text as a message shows it', () => {
  it('leaves text without white space as it is', () => {
    assert.equal(oneLine('this.emitter'), 'this.emitter');
    assert.equal(oneLine(''), '');
  });

  it('collapses every run of white space, line breaks and non-breaking spaces included, and trims the ends', () => {
    assert.equal(oneLine('  new Foo({\n\ta: 1,\r\n  b: 2 })  '), 'new Foo({ a: 1, b: 2 })');
    assert.equal(oneLine('a\u00a0\u2003b\u2028'), 'a b');
    assert.equal(oneLine('\n'), '');
  });

  it('cuts long text with an ellipsis, after collapsing', () => {
    assert.equal(oneLine('abcdefghij', 5), 'abcd…');
    assert.equal(oneLine('ab   cd   ef', 6), 'ab cd…');
    assert.equal(oneLine('ab\n\n\ncd', 5), 'ab cd');
  });
});
