import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import { codeText } from '../../src/analysis/engine/code-text';
import { SUBSCRIPTION_TEXT } from '../../src/analysis/vocabulary/subscriptions';
import { TIMER_TEXT } from '../../src/analysis/vocabulary/timers';

/** The parsed `SourceCode` of `text` (espree), as a rule's `create()` sees it. */
function parsed(text: string): Parameters<typeof codeText>[0] {
  const linter = new Linter({ configType: 'flat' });
  linter.verify(text, [{ files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } }], 'x.js');
  // ESLint's own type leaves a comment's range optional; espree always sets it.
  return linter.getSourceCode() as unknown as Parameters<typeof codeText>[0];
}

describe('codeText: the text the fast paths scan', () => {
  it('blanks every comment to one space', () => {
    const text = '/**\n * Call setTimeout(fn) to retry.\n */\nconst a = 1; // bus.on(x)\nlet b = /* c */ 2;\n';
    assert.equal(codeText(parsed(text)), ' \nconst a = 1;  \nlet b =   2;\n');
  });

  it('blanks a comment that is a small part of a long file too, and keeps a file without comments as it is', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `const value${i} = compute(input);\n`).join('');
    assert.equal(codeText(parsed(`${lines}// setInterval(tick)\n`)), `${lines} \n`);
    assert.equal(codeText(parsed(lines)), lines);
  });

  it('keeps the tokens on both sides of a comment apart, so a call split by one still reads as a call', () => {
    const code = codeText(parsed('/* a long header comment, longer than the code */\nemitter.on/* why */(\'data\', h);\n'));
    assert.equal(code, ' \nemitter.on (\'data\', h);\n');
    assert.ok(SUBSCRIPTION_TEXT.test(code));
  });

  it('closes the fast path of a file whose only candidate is in a comment', () => {
    const text = '/**\n * Example: setTimeout(() => retry(), 1000)\n */\nexport const retries = 3;\n';
    assert.ok(TIMER_TEXT.test(text));
    assert.ok(!TIMER_TEXT.test(codeText(parsed(text))));
  });

  it('answers each file from its own text, one file after another', () => {
    const first = parsed('/* comment comment comment */ x.on(a);');
    const second = parsed('/* comment comment comment */ y.off(b);');
    assert.equal(codeText(first), '  x.on(a);');
    assert.equal(codeText(second), '  y.off(b);');
    assert.equal(codeText(first), '  x.on(a);');
  });
});
