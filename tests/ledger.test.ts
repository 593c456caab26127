import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Finding, matchLedger, parseLedger, precision, tally } from '../scripts/ledger';
import { ROOT } from './helpers';

const LEDGER = `# a comment
rule\tpath\tline\tcolumn\tverdict\treason
no-leaked-subscription\tpkg/a.js\t10\t5\tTP\tnever removed
no-leaked-subscription\tpkg/a.js\t12\t5\tFP\tremoved in close()
no-unbounded-collection\tpkg/b.js\t40\t7\tBOUNDED\tfilled at start-up
no-leaked-resource\tpkg/c.js\t3\t1\tTP\tfd never closed
`;

const finding = (rule: string, path: string, line: number, column = 5): Finding => ({ rule, path, line, column, message: '' });

describe('the triage ledger', () => {
  it('parses verdict rows and rejects anything else', () => {
    const rows = parseLedger(LEDGER, 'x.tsv');
    assert.deepEqual(rows.map((r) => [r.rule, r.path, r.line, r.verdict]), [
      ['no-leaked-subscription', 'pkg/a.js', 10, 'TP'],
      ['no-leaked-subscription', 'pkg/a.js', 12, 'FP'],
      ['no-unbounded-collection', 'pkg/b.js', 40, 'BOUNDED'],
      ['no-leaked-resource', 'pkg/c.js', 3, 'TP'],
    ]);
    assert.equal(rows[0]?.source, 'x.tsv:3');
    assert.throws(() => parseLedger('rule\tpath\tline\tcolumn\tverdict\treason\nr\tp\t1\t1\tMAYBE\twhy\n', 'y.tsv'), /y\.tsv:2: not a verdict row/);
  });

  it('matches the same rule and file within two lines, nearest first, one verdict per report', () => {
    const rows = parseLedger(LEDGER, 'x.tsv');
    const { matched, unmatchedVerdicts } = matchLedger(
      [
        finding('no-leaked-subscription', 'pkg/a.js', 11), // between 10 and 12: takes the one left over
        finding('no-leaked-subscription', 'pkg/a.js', 10), // exactly on 10
        finding('no-unbounded-collection', 'pkg/b.js', 43), // 3 lines off: a new report
        finding('no-leaked-subscription', 'pkg/b.js', 40), // another rule's verdict: not this one
      ],
      rows,
    );
    assert.deepEqual(matched.map((m) => m.verdict?.line ?? null), [12, 10, null, null]);
    assert.deepEqual(unmatchedVerdicts.map((v) => `${v.rule}:${v.line}`), ['no-unbounded-collection:40', 'no-leaked-resource:3']);
  });

  it('tallies judged reports, unjudged ones and verdicts no longer reported', () => {
    const rows = parseLedger(LEDGER, 'x.tsv');
    const { matched, unmatchedVerdicts } = matchLedger([finding('no-leaked-subscription', 'pkg/a.js', 10), finding('no-leaked-subscription', 'pkg/a.js', 12), finding('no-timer-in-loop', 'pkg/d.js', 1)], rows);
    const t = tally(matched, unmatchedVerdicts);
    const all = t.get('all');
    assert.ok(all);
    assert.deepEqual({ reports: all.reports, judged: all.judged, tp: all.tp, fp: all.noise.FP, unjudged: all.unjudged, tpLost: all.tpLost, noiseGone: all.noiseGone }, { reports: 3, judged: 2, tp: 1, fp: 1, unjudged: 1, tpLost: 1, noiseGone: 1 });
    assert.equal(precision(all), 0.5);
    assert.equal(t.get('no-timer-in-loop')?.unjudged, 1);
    assert.equal(precision(t.get('no-timer-in-loop') ?? all), null);
  });

  it("the project's own ledger is well formed", () => {
    const rows = parseLedger(readFileSync(join(ROOT, 'scripts', 'corpus-verdicts.tsv'), 'utf8'), 'corpus-verdicts.tsv');
    for (const r of rows) assert.ok(r.reason.trim().length > 20, `${r.source}: a verdict needs its reason`);
  });
});
