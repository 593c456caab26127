import rule from '../../rules/no-leaked-subscription';
import { debugOwner, debugTargetLifetime } from '../../src/analysis/lifetime/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

/*
 * Question 1, issue 19 (noise category 1): code under a test of the process's own command line
 * is a mode of the program, picked once per process — `process.argv` read as the global,
 * through a local made from it or a field of what a same-file function returns from it, or a
 * flag literal tested (`'--watch'`). `process.env`, an ordinary option, or a per-event callback
 * inside the branch stay per call.
 */
const owner = (kind: string, label: string) => ({ messageId: 'owner' as const, data: { kind, label, teardown: '-' } });
const cli = (line: number) => owner('process', `code under a test of the command line, on line ${line}`);
const perCall = (label: string) => owner('perCall', label);

const completion = [
  'function parseEnv() {',
  "  var args = process.argv.slice(2), complete = args[0] === 'completion';",
  '  return { args: args, complete: complete, words: +process.env.COMP_CWORD };',
  '}',
  'exports.complete = function complete(name, cb) {',
  '  var env = parseEnv();',
  '  if (!env.complete) return cb();',
  "  if (!env.words) return script(name, function (err, content) { process.stdout.on('error', (er) => cb(er, content)); });",
  '};',
].join('\n');

const owners = {
  valid: ['const x = 1;'],
  invalid: [
    // ── past an early return that a field of `parseEnv()` decides, read from `process.argv` through two locals
    { code: completion, errors: [cli(7)] },
    {
      // a flag literal tested in a class method's in-place callback (commander's `rawArgs`)
      code: [
        'class API {',
        '  list(opts, cb) {',
        "    this.client.executeRemote('getMonitorData', {}, (err, list) => {",
        "      if (opts && opts.rawArgs && opts.rawArgs.indexOf('--watch') > -1) { setInterval(show, 900); return false; }",
        '      return cb(null, list);',
        '    });',
        '  }',
        '  destroy() {}',
        '}',
      ].join('\n'),
      errors: [cli(4)],
    },
    {
      // `process.argv` directly, through a `const`, in the `else` branch, and past an early return
      code: [
        "export function run() { if (process.argv.includes('--watch')) setInterval(tick, 1000); }",
        "export function mode() { const cmd = process.argv[2]; if (cmd === 'watch') setInterval(tick, 1000); }",
        "export function feed() { if (process.argv.length > 2) load(process.argv[2]); else process.stdin.on('data', push); }",
        "export function serve() { if (process.argv[2] !== 'serve') return; process.on('SIGHUP', reload); }",
        "export function both(opts) { if (opts.watch && args().includes('--poll')) setInterval(tick, 1000); }",
      ].join('\n'),
      errors: [cli(1), cli(2), cli(3), cli(4), cli(5)],
    },
    // ── look-alikes: per call as before
    {
      code: [
        // an ordinary option
        'export function list(opts) { if (opts.watch) setInterval(show, 900); }',
        // configuration read per call, in a branch or an early return
        'export function debug() { if (process.env.DEBUG) setInterval(dump, 1000); }',
        'export function trace() { if (!process.env.TRACE) return; setInterval(dump, 1000); }',
        // either an option or the command line: the option alone takes it
        "export function either(opts) { if (opts.watch || process.argv.includes('--watch')) setInterval(show, 900); }",
        // past `if (!a && !b) return`: `a` alone gets there
        "export function past(opts) { if (!opts.force && process.argv[2] !== 'force') return; setInterval(show, 900); }",
        // an option that, when given, decides alone
        'export function given(opts) { if (opts.watch ?? process.argv.includes(\'--watch\')) setInterval(show, 900); }',
      ].join('\n'),
      errors: [perCall('`list()`'), perCall('`debug()`'), perCall('`trace()`'), perCall('`either()`'), perCall('`past()`'), perCall('`given()`')],
    },
    {
      code: [
        // a `process` of its own is no process
        'export function run(process) { if (process.argv[2]) setInterval(tick, 1); }',
        // a local also given an option
        "export function mode(opts) { let m = process.argv[2]; if (opts.mode) m = opts.mode; if (m === 'watch') setInterval(tick, 1); }",
        // a same-file function's field read from the environment
        'function cfg() { return { debug: process.env.DEBUG, args: process.argv }; }',
        'export function f() { if (cfg().debug) setInterval(tick, 1); }',
        // strings that spell no option
        "export function g(text) { if (text.includes('-- ') || text.includes('--X')) setInterval(tick, 1); }",
      ].join('\n'),
      errors: [perCall('`run()`'), perCall('`mode()`'), perCall('`f()`'), perCall('`g()`')],
    },
    {
      // a per-event callback inside the branch still runs per event
      code: "export function serve(server) {\n  if (process.argv.includes('--log')) server.on('request', (req) => { bus.on('x', h); });\n}",
      errors: [cli(2), owner('perCall', "this `on('request')` callback")],
    },
    // ── the argument that asks for the standard input (`pm2 restart -`): a read of the standard input under its test
    {
      code: [
        'class API {',
        '  restart(cmd, opts, cb) {',
        '    if (cmd == "-") {',
        '      process.stdin.resume();',
        "      process.stdin.on('data', (param) => { process.stdin.pause(); this.fromJson(param, cb); });",
        '    } else this.operate(cmd, opts, cb);',
        '  }',
        '  destroy() {}',
        '}',
        "export function cat(file) { if (file !== '-') return read(file); process.stdin.on('data', print); }",
        "export function feed(file) { if (file === '-' && tty) process.stdin.on('data', print); }",
      ].join('\n'),
      errors: [cli(3), cli(10), cli(11)],
    },
    {
      code: [
        // the test for `-` with no read of the standard input under it: a socket the caller handed over
        "export function pipe(file, socket) { if (file === '-') socket.on('data', print); }",
        // the standard input read when the value is anything but `-`
        "export function other(file) { if (file !== '-') process.stdin.on('data', print); }",
        "export function orElse(file) { if (file === '-') skip(); else process.stdin.on('data', print); }",
        // `-` alone does not decide `a || b`
        "export function either(file, opts) { if (file === '-' || opts.stdin) process.stdin.on('data', print); }",
        // another string, and a `stdin` of the caller's
        "export function dash(file) { if (file === '--') process.stdin.on('data', print); }",
        "export function own(file, process) { if (file === '-') process.stdin.on('data', print); }",
      ].join('\n'),
      errors: [perCall('`pipe()`'), perCall('`other()`'), perCall('`orElse()`'), perCall('`either()`'), perCall('`dash()`'), perCall('`own()`')],
    },
  ],
};

ruleTester.run('command-line branches: owners (TS parser)', debugOwner, owners);
jsRuleTester.run('command-line branches: owners (espree)', debugOwner, owners);

const settingsFor = (names: Record<string, string[]>) => ({ leaks: { names } });
const settings = {
  valid: [],
  invalid: [
    {
      // `settings.leaks.names.commandLineSources` adds a global read as the command line
      code: 'export function run() { if (Bun.argv[2]) setInterval(tick, 1); }',
      settings: settingsFor({ commandLineSources: ['Bun.argv'] }),
      errors: [cli(1)],
    },
    { code: 'export function run() { if (Bun.argv[2]) setInterval(tick, 1); }', errors: [perCall('`run()`')] },
    {
      // `settings.leaks.names.commandLineFlagPrefixes` adds a way to spell an option
      code: "export function run(args) { if (args.includes('/watch')) setInterval(tick, 1); }",
      settings: settingsFor({ commandLineFlagPrefixes: ['/'] }),
      errors: [cli(1)],
    },
    { code: "export function run(args) { if (args.includes('/watch')) setInterval(tick, 1); }", errors: [perCall('`run()`')] },
    {
      // `standardInputs` and `standardInputArguments` add a global standard input and its argument
      code: "export function run(file) { if (file === 'stdin:') Bun.stdin.on('data', print); }",
      settings: settingsFor({ standardInputs: ['Bun.stdin'], standardInputArguments: ['stdin:'] }),
      errors: [cli(1)],
    },
    { code: "export function run(file) { if (file === 'stdin:') Bun.stdin.on('data', print); }", errors: [perCall('`run()`')] },
  ],
};

ruleTester.run('command-line branches: settings (TS parser)', debugOwner, settings);

const reports = {
  valid: [
    completion,
    "class API {\n  list(opts, cb) {\n    this.client.executeRemote('x', {}, (err, list) => {\n      if (opts.rawArgs.indexOf('--watch') > -1) { setInterval(show, 900); return false; }\n      cb(list);\n    });\n  }\n  destroy() {}\n}",
    "export function run() { const args = process.argv.slice(2); if (args[0] !== 'tail') return; process.stdin.on('data', (d) => print(d)); }",
    "export function cat(file) { if (file !== '-') return read(file); process.stdin.on('data', (d) => print(d)); }",
  ],
  invalid: [
    { code: "export function other(file) { if (file !== '-') process.stdin.on('data', (d) => print(d)); }", errors: [{ messageId: 'inlineHandler' as const }] },
    { code: 'export function list(opts) { if (opts.watch) setInterval(show, 900); }', errors: [{ messageId: 'perCall' as const }] },
    { code: "export function debug() { if (process.env.DEBUG) process.stdin.on('data', (d) => dump(d)); }", errors: [{ messageId: 'inlineHandler' as const }] },
    {
      code: "export function serve(server) { if (process.argv.includes('--log')) server.on('request', () => { process.on('SIGHUP', () => reload()); }); }",
      errors: [{ messageId: 'inlineHandler' as const }],
    },
  ],
};

ruleTester.run('no-leaked-subscription: command-line branches (TS parser)', rule, reports);
jsRuleTester.run('no-leaked-subscription: command-line branches (espree)', rule, reports);

/*
 * Question 2, once per target: a function that starts its target's own one-time lifecycle
 * (`con.connect(…)`) on every path before it listens on that very target runs once per target.
 */
const lifetime = (value: string) => ({ messageId: 'lifetime' as const, data: { lifetime: value } });
const cancel = (start: string, listen = 'con') => [
  'export class Client {',
  '  cancel(client, query) {',
  '    const con = this.connection;',
  `    ${start}`,
  `    ${listen}.on('connect', function () { con.cancel(client.processID, client.secretKey); });`,
  '  }',
  '}',
].join('\n');
const started = cancel("if (this.host) con.connect(this.host + '/.s.PGSQL'); else con.connect(this.port, this.host);");

const targets = {
  valid: [],
  invalid: [
    { code: started, errors: [lifetime('long, started here')] },
    { code: cancel('await this.connection.open();', 'this.connection'), errors: [lifetime('long, started here')] },
    // look-alikes: a start on one path only, none at all, or on another target
    { code: cancel('if (this.host) con.connect(this.host);'), errors: [lifetime('long')] },
    { code: cancel('con.write(query);'), errors: [lifetime('long')] },
    { code: cancel('con.connect(this.port);', 'this.bus'), errors: [lifetime('long')] },
  ],
};

ruleTester.run('once per target: target lifetime (TS parser)', debugTargetLifetime, targets);
jsRuleTester.run('once per target: target lifetime (espree)', debugTargetLifetime, targets);

const startReports = {
  valid: [
    started,
    "export function serve(server, port) { server.listen(port); server.on('error', (e) => log(e)); }",
  ],
  invalid: [
    // no start call in the function
    { code: cancel('con.write(query);'), errors: [{ messageId: 'inlineHandler' as const }] },
    // the start call on the target only in another function
    {
      code: "export class Client {\n  open() { this.connection.connect(this.port); }\n  cancel(client) { this.connection.on('connect', () => this.connection.cancel(client.id)); }\n}",
      errors: [{ messageId: 'inlineHandler' as const }],
    },
    // a listener on a different, long-lived target than the one started
    { code: "export function serve(server, port) { server.listen(port); process.on('SIGTERM', () => server.close()); }", errors: [{ messageId: 'inlineHandler' as const }] },
    // run again from a callback: a reconnect adds one more listener per start
    {
      code: "export class Link {\n  reconnect() { this.sock.connect(this.port); this.sock.on('data', (d) => this.feed(d)); setTimeout(() => this.reconnect(), 1000); }\n  feed() {}\n}",
      errors: [{ messageId: 'inlineHandler' as const }],
    },
  ],
};

ruleTester.run('no-leaked-subscription: once per target (TS parser)', rule, startReports);
jsRuleTester.run('no-leaked-subscription: once per target (espree)', rule, startReports);

const startSettings = {
  valid: [{ code: cancel('con.dial(this.port);'), settings: settingsFor({ targetStartMethods: ['dial'] }) }],
  invalid: [{ code: cancel('con.dial(this.port);'), errors: [{ messageId: 'inlineHandler' as const }] }],
};

ruleTester.run('no-leaked-subscription: once per target, settings (TS parser)', rule, startSettings);
