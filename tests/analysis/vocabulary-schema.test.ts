import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../../src/index';
import {
  FAMILY_FACTS, type VocabularyEntry, pairsFrom, parseVocabularyEntry, registrationsFrom, sharedResourcesFrom, timersFrom,
} from '../../src/analysis/vocabulary/schema';

const fail = (what: string): never => {
  throw new Error(`settings.leaks.${what}`);
};
const parse = (item: unknown): VocabularyEntry => parseVocabularyEntry(item, 'vocabulary[0]', fail);

describe('one vocabulary schema for every family', () => {
  it('every family says what it is, what keeps it alive and which rules read it', () => {
    for (const [family, facts] of Object.entries(FAMILY_FACTS)) {
      assert.ok(facts.what && facts.retainedBy, family);
      assert.ok(facts.rules.length > 0 && facts.rules.every((r) => r.startsWith('no-')), family);
    }
  });

  it('rejects what it cannot read, naming the setting', () => {
    assert.throws(() => parse({ family: 'socket', acquire: 'x' }), /vocabulary\[0\]\.family must be one of "timer"/);
    assert.throws(() => parse({ family: 'timer' }), /vocabulary\[0\]\.acquire must be a name/);
    assert.throws(() => parse({ family: 'timer', acquire: 'delay', ttl: 1 }), /vocabulary\[0\] has unknown keys: ttl/);
    assert.throws(() => parse({ family: 'registration', acquire: 'listen' }), /vocabulary\[0\]\.release must name how a registration is released/);
    assert.throws(() => parse({ family: 'resource', acquire: 'checkout', release: 'checkin' }), /release must be an array of names/);
    assert.throws(() => parse({ family: 'registration', acquire: 'listen', release: ['unlisten'], releasedOn: 'target' }), /releasedOn must be "pair" or "handle"/);
  });

  it('each rule gets the entries of its families in its own shape', () => {
    const entries = [
      parse({ family: 'timer', acquire: 'delay', source: '@acme/async' }),
      parse({ family: 'interval', acquire: 'every' }),
      parse({ family: 'registration', acquire: 'listen', release: ['unlisten', 'mute'] }),
      parse({ family: 'registration', acquire: 'watchKey', release: ['stop'], releasedOn: 'handle' }),
      parse({ family: 'resource', acquire: 'checkout', release: ['checkin'], source: '@acme/pool' }),
      parse({ family: 'shared', acquire: 'SearchClient', source: '@acme/search', kind: 'search client' }),
    ];
    assert.deepEqual(timersFrom(entries), [
      { name: 'delay', source: '@acme/async', kind: 'oneShot' },
      { name: 'every', kind: 'repeating' },
    ]);
    assert.deepEqual(registrationsFrom(entries), [
      { register: 'listen', dispose: 'unlisten', kind: 'pair' },
      { register: 'listen', dispose: 'mute', kind: 'pair' },
      { register: 'watchKey', dispose: 'stop', kind: 'handle' },
    ]);
    assert.deepEqual(pairsFrom(entries), [{ acquire: 'checkout', release: 'checkin', source: '@acme/pool' }]);
    assert.deepEqual(sharedResourcesFrom(entries), [{ name: 'SearchClient', source: '@acme/search', kind: 'search client' }]);
  });
});

describe('settings.leaks.vocabulary reaches every rule', () => {
  const lint = (code: string, rule: string, vocabulary: unknown[]): number =>
    new Linter({ configType: 'flat', cwd: '/p' }).verify(
      code,
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, settings: { leaks: { vocabulary } }, rules: { [`leaks/${rule}`]: 'error' } }],
      '/p/src/app.ts',
    ).filter((m) => m.ruleId === `leaks/${rule}`).length;

  it('timer: a sleep of the user\'s own library, raced per turn of a long-lived loop', () => {
    const code = "import { holdOn } from '@acme/async';\nexport async function pump(q: Q) { while (true) { await Promise.race([q.next(), holdOn(1000)]); } }";
    assert.equal(lint(code, 'no-timer-in-loop', []), 0);
    assert.equal(lint(code, 'no-timer-in-loop', [{ family: 'timer', acquire: 'holdOn', source: '@acme/async' }]), 1);
  });

  it('resource: a checkout never checked in', () => {
    const code = 'export async function run(pool: Pool) { const c = await pool.checkout(); await c.query("x"); }';
    assert.equal(lint(code, 'no-leaked-resource', []), 0);
    assert.equal(lint(code, 'no-leaked-resource', [{ family: 'resource', acquire: 'checkout', release: ['checkin'] }]), 1);
  });

  it('registration: a listener of the user\'s own event API, registered per call and never released', () => {
    const code = 'export function show(bus: Bus, onTick: () => void) { bus.listen("tick", onTick); }\nexport function hide(bus: Bus, onTick: () => void) { bus.unlisten("tock", onTick); }';
    assert.equal(lint(code, 'no-leaked-subscription', []), 0);
    assert.equal(lint(code, 'no-leaked-subscription', [{ family: 'registration', acquire: 'listen', release: ['unlisten'] }]), 1);
  });

  it('shared: the user\'s own client, built per request', () => {
    const code = "import { SearchClient } from '@acme/search';\napp.get('/q', async (req, res) => { const c = new SearchClient(); res.json(await c.find(req.query.q)); });";
    assert.equal(lint(code, 'no-per-request-cache', []), 0);
    assert.equal(lint(code, 'no-per-request-cache', [{ family: 'shared', acquire: 'SearchClient', source: '@acme/search', kind: 'search client' }]), 1);
  });
});
