import rule from '../../rules/no-leaked-subscription';
import { debugOwner } from '../../src/analysis/lifetime/debug';
import { debugInstanceLifetime } from '../../src/analysis/growth/debug';
import { jsRuleTester, ruleTester } from '../rule-tester';

/*
 * Question 1, issue 19 (noise category 1): code that runs once per process, told by its own
 * evidence — it decides how the process ends — and never by what it listens on. The same
 * `process.stdin.on('data')` in a function that does not end the process stays a per-call leak.
 */
const owner = (kind: string, label: string) => ({ messageId: 'owner' as const, data: { kind, label, teardown: '-' } });
const handsExit = (line: number) => owner('process', `start-up code: it hands over the process's exit on line ${line}`);
const perCall = (label: string) => owner('perCall', label);
const programBranch = owner('process', 'a branch only the program itself takes');

const owners = {
  valid: ['const x = 1;'],
  invalid: [
    // ── a function that hands over the process's exit is its start-up code: every registration in it runs once
    {
      // a sandbox wrapper, default-exported and called once by the child's entry file
      code: [
        'export default (send, receiver) => {',
        "  receiver.on('message', async (msg) => { await child.handle(msg); });",
        "  process.on('SIGTERM', () => child.stopAndExit());",
        "  process.on('uncaughtException', async (err) => { if (typeof err !== 'object') err = new Error(String(err)); await send({ err }); process.exit(); });",
        '};',
      ].join('\n'),
      errors: [handsExit(4), handsExit(4), handsExit(4)],
    },
    {
      // the exit in the continuation the handler hands on (`disconnect(cb)`, `destroy(cb)`)
      code: "CLI.prototype.dashboard = function () {\n  bus.on('log', (d) => show(d));\n  process.on('SIGINT', function () { this.client.disconnect(function () { cli.destroy(() => process.exit(0)); }); });\n};",
      errors: [handsExit(3), handsExit(3)],
    },
    {
      // a key binding whose handler ends the process, beside the render loop it keeps
      code: "const Dash = {};\nDash.init = function () {\n  this.screen.key(['q', 'C-c'], function () { this.screen.destroy(); process.exit(0); });\n  setInterval(() => this.screen.render(), 300);\n};\nmodule.exports = Dash;",
      errors: [handsExit(3)],
    },
    {
      // a class method, and a function that ends the process itself
      code: "export class Cli { run() { process.stdin.on('data', (d) => this.feed(d)); process.on('SIGINT', () => process.exit(130)); } feed() {} }",
      errors: [handsExit(1), handsExit(1)],
    },
    {
      code: "export async function main() { process.on('SIGTERM', onTerm); await run(); process.exit(0); }",
      errors: [owner('process', 'a function that ends the process')],
    },
    {
      // however the exit is spelled: a string key, through a global object
      code: "export async function main() { process.on('SIGTERM', onTerm); await run(); process['exit'](0); }\nexport function stop() { process.on('SIGINT', onInt); globalThis.process.exit(1); }",
      errors: [owner('process', 'a function that ends the process'), owner('process', 'a function that ends the process')],
    },
    {
      // …and what only such code calls runs once too
      code: "function wire(bus) { bus.on('log', show); }\nexport function start(bus) { wire(bus); process.on('SIGINT', () => process.exit(0)); }",
      errors: [owner('process', 'a function called only at startup'), handsExit(2)],
    },
    // ── look-alikes that are no evidence: per call as before
    {
      // the handler ends the process on some inputs only
      code: "export function watchKeys() { process.stdin.on('data', (d) => { if (d === 'q') process.exit(); }); }",
      errors: [perCall('`watchKeys()`')],
    },
    {
      // a return before the exit, or the exit in a branch
      code: "export function onStop(server) { process.on('SIGINT', () => { if (server.busy) return; process.exit(0); }); }",
      errors: [perCall('`onStop()`')],
    },
    {
      // an exit in a listener the handler adds runs only if that event comes
      code: "export function serve(server) { server.on('connection', (s) => { s.on('error', () => process.exit(1)); }); process.stdin.on('data', (d) => feed(d)); }",
      errors: [perCall('`serve()`'), owner('perCall', "this `on('connection')` callback"), perCall('`serve()`')],
    },
    {
      // an exit handed over in an option's branch is that option's, not the function's
      code: "export function nodemon(o) { if (o.version) { version().then((v) => { console.log(v); process.exit(0); }); return; } process.stdin.on('data', (d) => restart(d)); }",
      errors: [perCall('`nodemon()`')],
    },
    {
      // a `process` of its own is no process
      code: "export function run(process) { process.on('SIGINT', () => process.exit()); }",
      errors: [perCall('`run()`')],
    },
    {
      // a handler that stops a worker, not the process
      code: "export function supervise(worker) { process.on('SIGTERM', () => worker.stop()); }",
      errors: [perCall('`supervise()`')],
    },
    // ── a branch only the program takes: the function ends the process under the same condition elsewhere
    {
      code: [
        'export function nodemon(settings) {',
        '  load(settings, function (config) {',
        '    if (!config.required) { console.log(usage()); process.exit(); }',
        "    if (config.options.stdin) process.stdin.on('data', (d) => restart(d));",
        "    if (!config.required) { process.on('SIGUSR2', restart); bus.on('error', () => log()); }",
        "    if (config.required) bus.on('exit', done); else process.on('SIGHUP', restart);",
        '  });',
        '}',
      ].join('\n'),
      errors: [perCall('`nodemon()`'), programBranch, programBranch, perCall('`nodemon()`'), programBranch],
    },
    {
      // a different condition, or an exit in another function, is no such branch
      code: [
        'export function cli(opts) {',
        '  if (!opts.dump) process.exit();',
        "  if (!opts.required) process.on('SIGUSR2', restart);",
        '}',
        "export function other(opts) { if (!opts.required) process.stdin.on('data', feed); }",
      ].join('\n'),
      errors: [perCall('`cli()`'), perCall('`other()`')],
    },
    {
      // in a per-event callback the branch still runs per event
      code: "export function serve(server, opts) { server.on('request', (req) => { if (!opts.cli) process.exit(); if (!opts.cli) bus.on('x', h); }); }",
      errors: [perCall('`serve()`'), owner('perCall', "this `on('request')` callback")],
    },
  ],
};

ruleTester.run('start-up evidence: owners (TS parser)', debugOwner, owners);
jsRuleTester.run('start-up evidence: owners (espree)', debugOwner, owners);

const reports = {
  valid: [
    "export default (send, receiver) => {\n  receiver.on('message', (msg) => handle(msg));\n  process.on('uncaughtException', async (err) => { await send(err); process.exit(1); });\n};",
    "const Dash = {};\nDash.init = function () { this.screen.key(['q'], function () { process.exit(0); }); setInterval(() => this.screen.render(), 300); };\nmodule.exports = Dash;",
    "export function nodemon(config) { if (!config.required) { process.exit(); } if (!config.required) { process.on('SIGUSR2', restart); } }",
  ],
  invalid: [
    // the same `process.stdin.on('data')` in a public function that does not end the process
    {
      code: "export function nodemon(config) {\n  if (!config.required) process.exit();\n  if (config.stdin) process.stdin.on('data', (d) => { if (d === 'rs') restart(); else if (d === '.exit') process.exit(); });\n}",
      errors: [{ messageId: 'inlineHandler' as const, line: 3 }],
    },
    {
      code: "export function dashboard() { setInterval(() => render(), 300); process.on('SIGINT', () => { if (confirm()) process.exit(0); }); }",
      errors: [{ messageId: 'perCall' as const, line: 1 }, { messageId: 'inlineHandler' as const, line: 1 }],
    },
  ],
};

ruleTester.run('no-leaked-subscription: start-up evidence (TS parser)', rule, reports);
jsRuleTester.run('no-leaked-subscription: start-up evidence (espree)', rule, reports);

/*
 * Question 1 asked by every rule (`frequency/runs.ts`): the same evidence makes a function run
 * once, here for how long an instance made in it lives.
 */
const life = (kind: string, why: string) => ({ messageId: 'life' as const, data: { kind, why } });
const lifetimes = {
  valid: [],
  invalid: [
    {
      code: "class Tally {}\nexport function main() { const t = new Tally(); t.count(); process.on('SIGINT', () => process.exit(0)); }",
      errors: [life('process', "made once, on line 2 (`main()`, start-up code: it hands over the process's exit on line 2)")],
    },
    {
      code: "class Tally {}\nexport function main() { const t = new Tally(); t.count(); process.on('SIGINT', () => { if (force) process.exit(0); }); }",
      errors: [life('call', 'made per call, on line 2 (`main()`, called from outside this file), and dropped or replaced')],
    },
  ],
};

ruleTester.run('start-up evidence: instance lifetime (TS parser)', debugInstanceLifetime, lifetimes);
jsRuleTester.run('start-up evidence: instance lifetime (espree)', debugInstanceLifetime, lifetimes);

/*
 * Where an exit can stand is read from the global scope's references (`mayExit`): the call's first
 * identifier is a global the scope manager leaves unresolved, or one the configuration declares
 * (`languageOptions.globals`), or a global object the exit is reached through. A local or imported
 * `process` ends nothing, as `isProcessExit` decides.
 */
const endsProcess = owner('process', 'a function that ends the process');
const exitReach = {
  valid: ['const x = 1;'],
  invalid: [
    { code: "export function main() { process.on('SIGTERM', onTerm); process.exit(0); }", errors: [endsProcess] },
    { code: "export function main() { process.on('SIGTERM', onTerm); globalThis.process.exit(0); }", errors: [endsProcess] },
    {
      code: "export function main() { process.on('SIGTERM', onTerm); process.exit(0); }",
      languageOptions: { globals: { process: 'readonly' as const } },
      errors: [endsProcess],
    },
    // the exit is in a nested callback of the function, on its own main path
    { code: "export function main() { process.on('SIGTERM', onTerm); bus.close(() => process.exit(0)); }", errors: [owner('process', "start-up code: it hands over the process's exit on line 1")] },
    // a `process` of the file's own is not the process
    {
      code: "const process = makeFake();\nexport function main() { bus.on('x', onTerm); process.exit(0); }",
      errors: [perCall('`main()`')],
    },
    {
      code: "import process from './fake-process';\nexport function main() { bus.on('x', onTerm); process.exit(0); }",
      errors: [perCall('`main()`')],
    },
  ],
};
ruleTester.run('start-up evidence: where an exit can stand (TS parser)', debugOwner, exitReach);
jsRuleTester.run('start-up evidence: where an exit can stand (espree)', debugOwner, exitReach);

/*
 * A branch only the program takes, found from the exits' references up (`exitsUnder`): the `if`s of
 * the registration's function's own code around a reference an exit can start from.
 */
const branches = {
  valid: ['const x = 1;'],
  invalid: [
    {
      // the same condition's branch hands the exit to a continuation; the `else` of a test ends it
      code: [
        'export function start(opts) {',
        '  if (!opts.keep) { bus.close(() => process.exit(0)); }',
        "  if (!opts.keep) bus.on('a', onA);",
        '  if (opts.serve) listen(); else process.exit(2);',
        "  if (!opts.serve) bus.on('b', onB);",
        '}',
      ].join('\n'),
      errors: [programBranch, programBranch],
    },
    {
      // an `if` inside a function nested in the registration's is not its function's branch
      code: [
        'export function start(opts) {',
        '  later(function () { if (!opts.keep) process.exit(0); });',
        "  if (!opts.keep) bus.on('a', onA);",
        '}',
      ].join('\n'),
      errors: [perCall('`start()`')],
    },
    {
      // at module level, the module's own `if`s
      code: "if (!argv.quiet) process.exit(0);\nif (!argv.quiet) bus.on('a', onA);\nexport function f() { if (!argv.quiet) bus.on('b', onB); }",
      errors: [owner('process', 'module initialisation'), perCall('`f()`')],
    },
  ],
};
ruleTester.run('start-up evidence: branches the program takes (TS parser)', debugOwner, branches);
jsRuleTester.run('start-up evidence: branches the program takes (espree)', debugOwner, branches);
