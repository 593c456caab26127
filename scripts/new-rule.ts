import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './docs-lib';

/** `npm run new-rule -- no-thing`: a rule, its test and its docs page, ready to fill in. */
const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: npm run new-rule -- <rule-name>   (kebab-case)');
  process.exit(2);
}
const files: Record<string, string> = {
  [`rules/${name}.ts`]: `import { createRule } from '../src/create-rule';

type Options = [{ example?: boolean }];
type MessageIds = 'leak';

export default createRule<Options, MessageIds>({
  name: '${name}',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow …', recommended: 'strict' },
    messages: { leak: '{{what}} leaks: … keeps it alive. Fix: …' },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: { example: { type: 'boolean', description: 'What this option changes.' } },
      },
    ],
    defaultOptions: [{ example: false }],
  },
  create() {
    return {};
  },
});
`,
  [`tests/rules/${name}.test.ts`]: `import rule from '../../rules/${name}';
import { ruleTester } from '../rule-tester';

ruleTester.run('${name}', rule, {
  valid: [],
  invalid: [],
});
`,
  [`docs/rules/${name}.md`]: `<!-- begin auto-generated rule header -->
<!-- end auto-generated rule header -->

What leaks, what keeps it alive, and how it was found.

## Examples

### ❌ Incorrect

\`\`\`ts incorrect
\`\`\`

### ✅ Correct

\`\`\`ts correct
\`\`\`

## Options

| option | type | default | meaning |
| --- | --- | --- | --- |
| \`example\` | \`boolean\` | \`false\` | What this option changes. |

## With type information

## When not to use it

## Further reading
`,
};
for (const [file, text] of Object.entries(files)) {
  const path = join(ROOT, file);
  if (existsSync(path)) {
    console.error(`${file} already exists`);
    process.exit(1);
  }
  writeFileSync(path, text);
  console.log(`created ${file}`);
}
console.log('next: write the rule, its tests and its page, then `npm run docs` (eslint-doc-generator) for the README lists and the page header');
