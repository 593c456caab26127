import { relative } from 'node:path';
import { rules } from '../src/rules';
import { ROOT, checkDocs, writeDocs } from './docs-lib';

if (process.argv.includes('--check')) {
  const stale = checkDocs(rules);
  if (stale.length > 0) {
    console.error(`Generated docs are out of date (run \`npm run docs\`):\n${stale.map((f) => `  ${relative(ROOT, f)}`).join('\n')}`);
    process.exit(1);
  }
  console.log('docs: README rules table and rule headers are up to date');
} else {
  const changed = writeDocs(rules);
  console.log(changed.length ? `updated:\n${changed.map((f) => `  ${relative(ROOT, f)}`).join('\n')}` : 'docs: nothing to update');
}
