/**
 * The triage ledger: hand-read verdicts on the reports the rules make on the dev corpus.
 * `../shared/corpus/verdicts.tsv` judges the apps part as it stood in December 2026; the
 * project's own `scripts/corpus-verdicts.tsv` judges every report made since (both parts).
 * Both hold locations and reasons only, never the corpus's code.
 */
export type Verdict = 'TP' | 'OWNER-LIFE' | 'BOUNDED' | 'FP';
export const VERDICTS: readonly Verdict[] = ['TP', 'OWNER-LIFE', 'BOUNDED', 'FP'];

export interface LedgerRow {
  rule: string;
  path: string;
  line: number;
  column: number;
  verdict: Verdict;
  reason: string;
  /** Which ledger file, and which line of it. */
  source: string;
}

export interface Finding {
  /** Without the `leaks/` prefix, as the ledger names rules. */
  rule: string;
  path: string;
  line: number;
  column: number;
  message: string;
}

/** Lines within this distance of a verdict's line are the same report (code moves a little). */
export const LINE_SLACK = 2;

export function parseLedger(text: string, source: string): LedgerRow[] {
  const rows: LedgerRow[] = [];
  let header = true;
  for (const [i, raw] of text.split('\n').entries()) {
    if (raw.startsWith('#') || raw.trim() === '') continue;
    const cols = raw.split('\t');
    if (header && cols[0] === 'rule') {
      header = false;
      continue;
    }
    const [rule, path, line, column, verdict, ...reason] = cols;
    if (!rule || !path || !VERDICTS.includes(verdict as Verdict) || !Number.isInteger(Number(line))) {
      throw new Error(`${source}:${i + 1}: not a verdict row (rule, path, line, column, verdict, reason): ${raw}`);
    }
    rows.push({ rule: rule.replace(/^leaks\//, ''), path, line: Number(line), column: Number(column), verdict: verdict as Verdict, reason: reason.join('\t'), source: `${source}:${i + 1}` });
  }
  return rows;
}

export interface Matched {
  finding: Finding;
  verdict: LedgerRow | null;
}

/**
 * Pair each finding with the nearest unused verdict of the same rule and file within
 * `LINE_SLACK` lines; one verdict judges one report.
 */
export function matchLedger(findings: readonly Finding[], ledger: readonly LedgerRow[]): { matched: Matched[]; unmatchedVerdicts: LedgerRow[] } {
  const byKey = new Map<string, LedgerRow[]>();
  for (const row of ledger) {
    const key = `${row.rule}\t${row.path}`;
    const list = byKey.get(key) ?? [];
    list.push(row);
    byKey.set(key, list);
  }
  const used = new Set<LedgerRow>();
  // Exact positions first, so a near miss cannot take the verdict another report sits on.
  const order = [...findings.keys()].sort((a, b) => distanceToNearest(findings[a], byKey) - distanceToNearest(findings[b], byKey));
  const verdictOf = new Map<number, LedgerRow>();
  for (const i of order) {
    const f = findings[i];
    if (!f) continue;
    let best: LedgerRow | null = null;
    let bestCost = Infinity;
    for (const row of byKey.get(`${f.rule}\t${f.path}`) ?? []) {
      if (used.has(row)) continue;
      const d = Math.abs(row.line - f.line);
      if (d > LINE_SLACK) continue;
      const cost = d * 10_000 + Math.abs(row.column - f.column);
      if (cost < bestCost) {
        best = row;
        bestCost = cost;
      }
    }
    if (best) {
      used.add(best);
      verdictOf.set(i, best);
    }
  }
  return {
    matched: findings.map((finding, i) => ({ finding, verdict: verdictOf.get(i) ?? null })),
    unmatchedVerdicts: ledger.filter((row) => !used.has(row)),
  };
}

function distanceToNearest(f: Finding | undefined, byKey: Map<string, LedgerRow[]>): number {
  if (!f) return Infinity;
  let best = Infinity;
  for (const row of byKey.get(`${f.rule}\t${f.path}`) ?? []) best = Math.min(best, Math.abs(row.line - f.line) * 10_000 + Math.abs(row.column - f.column));
  return best;
}

export interface RuleTally {
  reports: number;
  judged: number;
  tp: number;
  noise: Record<Exclude<Verdict, 'TP'>, number>;
  unjudged: number;
  /** TP verdicts no longer reported. */
  tpLost: number;
  /** Noise verdicts no longer reported: noise the rules stopped making. */
  noiseGone: number;
}

export function emptyTally(): RuleTally {
  return { reports: 0, judged: 0, tp: 0, noise: { 'OWNER-LIFE': 0, BOUNDED: 0, FP: 0 }, unjudged: 0, tpLost: 0, noiseGone: 0 };
}

/** Per-rule tallies plus a total under the key `all`. */
export function tally(matched: readonly Matched[], unmatchedVerdicts: readonly LedgerRow[]): Map<string, RuleTally> {
  const out = new Map<string, RuleTally>();
  const get = (rule: string): RuleTally => {
    let t = out.get(rule);
    if (!t) out.set(rule, (t = emptyTally()));
    return t;
  };
  for (const { finding, verdict } of matched) {
    for (const t of [get(finding.rule), get('all')]) {
      t.reports++;
      if (!verdict) t.unjudged++;
      else {
        t.judged++;
        if (verdict.verdict === 'TP') t.tp++;
        else t.noise[verdict.verdict]++;
      }
    }
  }
  for (const row of unmatchedVerdicts) {
    for (const t of [get(row.rule), get('all')]) {
      if (row.verdict === 'TP') t.tpLost++;
      else t.noiseGone++;
    }
  }
  return out;
}

/** Judged TP / judged reports; null when nothing is judged. */
export function precision(t: RuleTally): number | null {
  return t.judged === 0 ? null : t.tp / t.judged;
}
