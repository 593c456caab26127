import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACQUISITION_TEXT } from '../../src/analysis/vocabulary/acquisitions';
import { SUBSCRIPTION_TEXT } from '../../src/analysis/vocabulary/subscriptions';
import { COLLECTION_TEXT } from '../../src/analysis/vocabulary/collections';
import { TIMER_TEXT } from '../../src/analysis/vocabulary/timers';
import { KEPT_ALIVE_TEXT } from '../../src/analysis/recursion/chains';

/**
 * The fast paths are written for speed (grouped words, lookbehinds from a rarer character). Each
 * must say yes and no exactly where the plain list of words it stands for does: a file it wrongly
 * rejects is a finding lost, one it wrongly passes is only slower.
 */
const PLAIN_ACQUISITION = /\b(?:connect|getConnection|acquire|open|openSync|createObjectURL|transaction|beginTransaction|startTransaction|startSession|createReadStream|createWriteStream|createInterface|createConnection|lock|launch|newPage|mkdtemp|mkdtempSync|spawn)\s*\(|\bWorker\b|Symbol\.(?:asyncIterator|iterator)\]\s*\(/;
const PLAIN_KEPT_ALIVE = /\b(?:try|async|then|catch|finally)\b/;
const PLAIN_COLLECTION = /[=:(>]\s*\[|[=:(]\s*\{\s*\}|new (?:Array|Map|Set)\b|Object\.create\(null\)|Array\(|prom-client/;
const PLAIN_SUBSCRIPTION = /addEventListener|removeEventListener|removeListener|\.(?:on|off|once|pipe)(?![\w$])|addListener|prependListener|subscribe|setInterval|requestAnimationFrame|Observer|watch\(|\.onDid|\.onWill|\b(?:reaction|autorun|when)\(|interceptors/;

/** Every word of a list in the places a text puts it: alone, inside longer words, before and after punctuation. */
function probes(words: readonly string[]): string[] {
  const around = ['', 'x', '_', '$', '.', ' ', '(', ')', '\n', 'X', '1'];
  const after = ['', '(', ' (', '\t\n(', ')', 'x', 'X', '$', '.', ' ', ']', '](', '] (', 'Did', 'Will', 'Sync(', 's'];
  const out: string[] = [];
  for (const w of words) for (const a of around) for (const b of after) out.push(`${a}${w}${b}`, `let v = ${a}${w}${b} // end`);
  return out;
}

function assertSame(fast: RegExp, plain: RegExp, texts: readonly string[]): number {
  let hits = 0;
  for (const t of texts) {
    assert.equal(fast.test(t), plain.test(t), JSON.stringify(t));
    if (plain.test(t)) hits++;
  }
  return hits;
}

describe('fast-path text tests', () => {
  it('the acquisition test passes the same texts as its plain word list', () => {
    const words = [
      'connect', 'getConnection', 'acquire', 'open', 'openSync', 'createObjectURL', 'transaction', 'beginTransaction', 'startTransaction',
      'startSession', 'createReadStream', 'createWriteStream', 'createInterface', 'createConnection', 'lock', 'launch', 'newPage', 'mkdtemp',
      'mkdtempSync', 'spawn', 'Worker', 'Symbol.iterator', 'Symbol.asyncIterator', 'reopen', 'unlock', 'connectX', 'Symbol.iterator]',
    ];
    const texts = [...probes(words), 'pool.connect ()', 'a.open\n(', 'x[Symbol.asyncIterator]()', 'openFile(', '(open)', 'open', 'lock;('];
    const hits = assertSame(ACQUISITION_TEXT, PLAIN_ACQUISITION, texts);
    // Both answers occur among the probes, so the comparison has something to compare.
    assert.ok(hits > 100 && hits < texts.length - 100, `hits ${hits} of ${texts.length}`);
  });

  it('the subscription test passes the same texts as its plain word list', () => {
    const words = [
      'addEventListener', 'removeEventListener', 'removeListener', 'addListener', 'prependListener', 'Listener', 'on', 'off', 'once', 'pipe',
      'onDid', 'onWill', 'onDidChange', 'subscribe', 'unsubscribe', 'setInterval', 'requestAnimationFrame', 'Observer', 'MutationObserver',
      'watch', 'unwatch', 'reaction', 'autorun', 'when', 'interceptors', 'interceptor', 'online', 'offset', 'pipeline', 'onceMore',
      // The fragments the test starts from, alone and in other words.
      'bscribe', 'subscriber', 'Interval', 'clearInterval', 'AnimationFrame', 'cancelAnimationFrame', 'ptors', 'adaptors', 'Observe',
    ];
    const texts = [...probes(words), 'bus.on(', '(bus.on as any)(', 'x.on$', 'x.on_', 'watch (', 'autorun(() => 1)', 'elsewhen(', 'a.once'];
    const hits = assertSame(SUBSCRIPTION_TEXT, PLAIN_SUBSCRIPTION, texts);
    assert.ok(hits > 100 && hits < texts.length - 100, `hits ${hits} of ${texts.length}`);
  });

  it('the kept-alive test passes the same texts as its plain word list', () => {
    const words = ['try', 'async', 'then', 'catch', 'finally', 'retry', 'tryLock', 'asyncFn', 'isAsync', 'thenable', 'catcher', 'finallyX', 'y', 'h', 'sync', 'en'];
    const texts = [...probes(words), 'try{', '}catch(e){', 'p.then(f)', 'async()=>1', 'x.finally', 'entry', 'synthetic'];
    const hits = assertSame(KEPT_ALIVE_TEXT, PLAIN_KEPT_ALIVE, texts);
    assert.ok(hits > 100 && hits < texts.length - 100, `hits ${hits} of ${texts.length}`);
  });

  it('the collection test passes the same texts as its plain list', () => {
    const before = ['=', ':', '(', '>', '=>', ' ', 'x', ')', ''];
    const gaps = ['', ' ', '\n\t'];
    const values = ['[', '[]', '{}', '{ }', '{\n}', '{x}', '}'];
    const texts: string[] = [];
    for (const b of before) for (const g of gaps) for (const v of values) texts.push(`${b}${g}${v}`, `const a ${b}${g}${v};`);
    texts.push('new Map()', 'new Mapping()', 'newMap', 'new Set', 'new Settings', 'new Array(3)', 'x = Map', 'Object.create(null)', 'Object.create(proto)', 'Array(3)', 'prom-client', "'prom-client'", 'my-client', '-client');
    const hits = assertSame(COLLECTION_TEXT, PLAIN_COLLECTION, texts);
    assert.ok(hits > 20 && hits < texts.length - 20, `hits ${hits} of ${texts.length}`);
  });

  it('the collection test opens every place a candidate collection is made, and not type annotations or empty blocks', () => {
    const made = [
      'const log = [];', "let seen = ['boot'];", 'const byId = {};', 'const m = { logs: [] };', 'class A { items = []; }', 'class A { constructor() { this.q = []; } }',
      'const q = ([] as string[]);', 'const q = <string[]>[];', 'const s = new Set();', 'const m = new Map();', 'const a = new Array(3);',
      'const d = Object.create(null);', 'const a = Array(3);', "import client from 'prom-client';", 'const x: string[] =\n  [];', 'const o = {  };',
    ];
    for (const text of made) assert.ok(COLLECTION_TEXT.test(text), text);
    const none = [
      'function f(xs: string[]): number[] { return xs.map(Number); }', 'const noop = () => {};', 'try { run(); } catch {}', 'if (a) {} else {}',
      'const [first] = pair;', 'type T = Record<string, string[]>;', 'list[0] = value;',
    ];
    for (const text of none) assert.ok(!COLLECTION_TEXT.test(text), text);
  });

  it('the timer test opens calls and renamed bindings of timers, and not words alone', () => {
    const creates = [
      'setTimeout(fn, 10);', 'window.setTimeout (fn)', 'await sleep(100);', 'await rejectAfterTimeout(p, 5)', 'setInterval?.(tick, 5)',
      '(0, promises_1.setTimeout)(100)', 'setTimeout.call(null, fn, 1)', 'interval(1000).subscribe(f)', 'AbortSignal.timeout(5000)',
      "import { setTimeout as later } from 'node:timers/promises';", "const { setTimeout: later } = require('timers/promises');",
      "import { interval as every } from 'rxjs';", "import pDelay from 'delay';", "const t = require('timers');", 'await waitFor(() => ok)',
      'await new Promise((r) => setTimeout(r, 10));', 'const p = Delay\n  (5)', 'abortSignal.any([a, b])', 'new ABORTSIGNAL()',
    ];
    for (const text of creates) assert.ok(TIMER_TEXT.test(text), text);
    const none = [
      'const options = { timeout: 5000, retryDelay: 100 };', '// wait for the server, then pause', 'this.pollTimer = null;',
      'async function f() { await job(); }', 'type Options = { delayMs: number };', "log('timed out after the delay');",
      'const bortSignal = 1;', 'Signal.abort()',
    ];
    for (const text of none) assert.ok(!TIMER_TEXT.test(text), text);
  });
});
