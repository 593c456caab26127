import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from '../src/index';

/**
 * Every rule reaches the same verdict whichever parser built the AST: espree (ESLint's
 * default for `.js`, without TypeScript's fields) or `@typescript-eslint/parser`, and
 * whichever source type (a CommonJS file's top level is a function scope under espree).
 */
type Parser = 'espree' | 'ts';
type SourceType = 'module' | 'commonjs';

const linter = new Linter({ configType: 'flat' });

function lint(code: string, parser: Parser, sourceType: SourceType = 'module', filename = parser === 'ts' ? 'x.ts' : 'x.js'): string[] {
  const languageOptions: Linter.LanguageOptions =
    parser === 'ts' ? { parser: tsParser, sourceType } : { ecmaVersion: 'latest', sourceType };
  const messages = linter.verify(
    code,
    [{ files: ['**/*.js', '**/*.ts'], languageOptions, plugins: { leaks: plugin }, rules: plugin.configs.all.rules }],
    filename,
  );
  const fatal = messages.filter((m) => m.fatal);
  assert.deepEqual(fatal.map((m) => m.message), [], `does not parse with ${parser} (${sourceType})`);
  return messages.map((m) => `${m.ruleId ?? ''} ${m.line}:${m.column}`);
}

describe('signatures that once threw', () => {
  // espree has no `decorators` on a method: reading it unguarded threw "p.decorators is not iterable".
  it('a class method under espree', () => {
    for (const parser of ['espree', 'ts'] as const) {
      assert.deepEqual(lint('class A { m() { return new LRUCache(); } }', parser), []);
      assert.deepEqual(
        lint(
          `import { LRUCache } from 'lru-cache';
          export class Controller {
            show(req) { const cache = new LRUCache({ max: 100 }); return cache.get(req.id); }
          }`,
          parser,
        ),
        // Nothing shows `show()` runs once, so it runs on every call: the same finding under both parsers.
        ['leaks/no-per-request-cache 3:43'],
      );
    }
  });

  // The binding's declaration is a TSImportEqualsDeclaration, which has no `source`.
  it('TypeScript import-equals bindings resolve like require()', () => {
    assert.deepEqual(lint("import http = require('http'); http.createServer();", 'ts'), []);
    assert.deepEqual(lint("import timers = require('timers'); while (true) timers.setTimeout(() => {}, 1);", 'ts'), ['leaks/no-timer-in-loop 1:49']);
    assert.deepEqual(lint("import fs = require('fs'); export function f(p: string) { fs.createReadStream(p); }", 'ts'), ['leaks/no-leaked-resource 1:59']);
    assert.deepEqual(lint("import fs = require('fs'); export function f(p: string) { fs.watch(p, () => {}); }", 'ts'), ['leaks/no-leaked-subscription 1:62']);
    assert.deepEqual(lint('namespace NS { export const bus = { on() {} }; } import bus = NS.bus; export function f() { bus.on("x", () => {}); }', 'ts'), ['leaks/no-leaked-subscription 1:97']);
  });

  // A computed key's text became a regular expression: "Invalid regular expression".
  it('computed keys that are not valid regular expressions', () => {
    for (const parser of ['espree', 'ts'] as const) {
      assert.deepEqual(lint("function poll() { try { state['a(']++; poll(); } catch {} }", parser), ['leaks/no-recursion-in-try 1:40']);
      assert.deepEqual(lint("function retry(o) { try { work(); } catch { retry(o['n('] + 1); } }", parser), ['leaks/no-recursion-in-try 1:45']);
      // …and a bound tested through the same computed key still counts as a bound.
      assert.deepEqual(lint("function retry(o) { if (o['n('] > 3) return; try { work(); } catch { retry({ 'n(': o['n('] + 1 }); } }", parser), []);
    }
  });
});

/** CommonJS as Node runs it: module-level state, `require`d APIs, `module.exports`. */
const COMMONJS: Record<string, string> = {
  'a module-level log grown per call': `
    const log = [];
    const seen = new Map();
    module.exports.write = function write(line) { log.push(line); };
    exports.track = (req) => { seen.set(req.id, Date.now()); };
  `,
  'a bounded queue and a trimmed log': `
    const queue = [];
    const log = [];
    module.exports = {
      add(job) { queue.push(job); },
      next() { return queue.shift(); },
      write(l) { log.push(l); if (log.length > 100) log.shift(); },
    };
  `,
  'required timers and listeners': `
    const { setInterval: every } = require('timers');
    const EventEmitter = require('events');
    const bus = new EventEmitter();
    async function pump(sock) {
      while (sock.open) {
        await Promise.race([sock.read(), new Promise((r) => setTimeout(r, 5000))]);
      }
    }
    function watch(target) {
      bus.on('tick', () => target.update());
      every(() => target.poll(), 1000);
    }
    module.exports = { pump, watch };
  `,
  'required resources and a per-request pool': `
    const fs = require('fs');
    const { Pool } = require('pg');
    const express = require('express');
    const app = express();
    app.get('/r', async (req, res) => {
      const pool = new Pool();
      res.json(await pool.query('select 1'));
    });
    exports.read = function read(p) { const fd = fs.openSync(p, 'r'); return fs.readFileSync(fd); };
  `,
  'recursion in try': `
    async function loop(sock) {
      try { await sock.read(); await loop(sock); } catch (e) { await loop(sock); }
    }
    module.exports = loop;
  `,
};

describe('the same findings under espree and the TS parser, as CommonJS and as a module', () => {
  let total = 0;
  for (const [label, code] of Object.entries(COMMONJS)) {
    it(label, () => {
      const reference = lint(code, 'ts', 'commonjs');
      assert.deepEqual(lint(code, 'espree', 'commonjs'), reference, 'espree (commonjs) vs TS parser (commonjs)');
      assert.deepEqual(lint(code, 'espree', 'module'), reference, 'espree (module) vs TS parser (commonjs)');
      assert.deepEqual(lint(code, 'ts', 'module'), reference, 'TS parser (module) vs TS parser (commonjs)');
      total += reference.length;
    });
  }
  // The comparison means something only if the snippets are reported at all.
  it('the snippets are reported', () => {
    assert.ok(total >= 8, `only ${total} findings over the CommonJS snippets`);
  });
});
