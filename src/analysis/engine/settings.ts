import type { TSESLint } from '@typescript-eslint/utils';
import type { CallbackSetting } from '../frequency/callbacks';
import { isTestFile } from './test-files';
import { NAME_LISTS, type NameListKey } from '../vocabulary/registry';
import { type VocabularyEntry, parseVocabularyEntry, vocabularyEntrySchema } from '../vocabulary/schema';
import { type ExtraTimer, TIMER_FUNCTION_SCHEMA } from '../vocabulary/timers';

/**
 * `settings.leaks` in the ESLint config: vocabulary shared by every rule. ESLint does not
 * schema-check `settings`, so it is validated here, with a message that says what is wrong.
 */
/** An extra timer function: one type and one schema with the rule option `timers` (vocabulary/timers.ts). */
export type TimerFunctionSetting = ExtraTimer;

export interface LeaksSettings {
  /** Extra globs for test files, stories and scripts (short-lived processes). */
  testFiles: string[];
  /** Lint test files too (every rule skips them by default). */
  checkTestFiles: boolean;
  /** Extra timer-creating functions: an alias of `vocabulary` entries of the `timer`/`interval` families. */
  timers: TimerFunctionSetting[];
  /** Names that make a loop condition long-lived (`isRunning`, `keepAlive`). */
  longLivedConditions: string[];
  /** Callees of the user's own API and how they run the callbacks they are given. */
  callbacks: CallbackSetting[];
  /** Events that fire once, so a listener on them runs once (`'drained'`). */
  onceEvents: string[];
  /** The user's APIs, one schema for every family (timers, registrations, resources, shared clients). */
  vocabulary: VocabularyEntry[];
  /** Names added to the built-in name lists (`src/analysis/vocabulary/registry.ts`), by list. */
  names: Partial<Record<NameListKey, string[]>>;
}

export const settingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    testFiles: { type: 'array', items: { type: 'string' } },
    checkTestFiles: { type: 'boolean' },
    timers: { type: 'array', items: TIMER_FUNCTION_SCHEMA },
    longLivedConditions: { type: 'array', items: { type: 'string' } },
    callbacks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'run'],
        properties: {
          name: { type: 'string' },
          run: { enum: ['in place', 'once', 'per event'] },
          argument: { type: 'integer', minimum: 0 },
        },
      },
    },
    onceEvents: { type: 'array', items: { type: 'string' } },
    vocabulary: { type: 'array', items: vocabularyEntrySchema },
    names: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(Object.keys(NAME_LISTS).map((k) => [k, { type: 'array', items: { type: 'string' } }])),
    },
  },
} as const;

const cache = new WeakMap<object, LeaksSettings>();
const EMPTY: LeaksSettings = { testFiles: [], checkTestFiles: false, timers: [], longLivedConditions: [], callbacks: [], onceEvents: [], vocabulary: [], names: {} };

function fail(what: string): never {
  throw new Error(`eslint-plugin-leaks: settings.leaks.${what}`);
}

function stringArray(value: unknown, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(`${key} must be an array of strings`);
  return value as string[];
}

function bool(value: unknown, key: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(`${key} must be true or false`);
  return value;
}

/** An array of objects with known keys, each checked by `entry` (which names `key[i]` in errors). */
function objectArray<T>(value: unknown, key: string, known: readonly string[], entry: (fields: Record<string, unknown>, at: string) => T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(`${key} must be an array`);
  return (value as unknown[]).map((item, i) => {
    const at = `${key}[${i}]`;
    if (typeof item !== 'object' || item === null) fail(`${at} must be an object`);
    const unknown = Object.keys(item).filter((k) => !known.includes(k));
    if (unknown.length > 0) fail(`${at} has unknown keys: ${unknown.join(', ')}`);
    return entry(item as Record<string, unknown>, at);
  });
}

function vocabulary(value: unknown): VocabularyEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('vocabulary must be an array');
  return (value as unknown[]).map((item, i) => parseVocabularyEntry(item, `vocabulary[${i}]`, (what) => fail(what)));
}

function nameLists(value: unknown): LeaksSettings['names'] {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('names must be an object of name lists');
  const out: LeaksSettings['names'] = {};
  for (const [key, names] of Object.entries(value)) {
    if (!Object.hasOwn(NAME_LISTS, key)) fail(`names.${key} is not a known name list (known: ${Object.keys(NAME_LISTS).join(', ') || 'none'})`);
    out[key as NameListKey] = stringArray(names, `names.${key}`);
  }
  return out;
}

export function parseSettings(raw: unknown): LeaksSettings {
  if (raw === undefined || raw === null) return EMPTY;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('eslint-plugin-leaks: settings.leaks must be an object');
  const cached = cache.get(raw);
  if (cached) return cached;
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(key in settingsSchema.properties)) {
      fail(`${key} is not a known setting (known: ${Object.keys(settingsSchema.properties).join(', ')})`);
    }
  }
  const timers = objectArray(obj.timers, 'timers', ['name', 'source', 'kind'], ({ name, source, kind }, at): TimerFunctionSetting => {
    if (typeof name !== 'string') fail(`${at}.name must be a string`);
    if (source !== undefined && typeof source !== 'string') fail(`${at}.source must be a string`);
    if (kind !== undefined && kind !== 'oneShot' && kind !== 'repeating') fail(`${at}.kind must be "oneShot" or "repeating"`);
    return { name, ...(source === undefined ? {} : { source }), ...(kind === undefined ? {} : { kind }) };
  });
  const callbacks = objectArray(obj.callbacks, 'callbacks', ['name', 'run', 'argument'], ({ name, run, argument }, at): CallbackSetting => {
    if (typeof name !== 'string') fail(`${at}.name must be a string`);
    if (run !== 'in place' && run !== 'once' && run !== 'per event') fail(`${at}.run must be "in place", "once" or "per event"`);
    if (argument !== undefined && (typeof argument !== 'number' || !Number.isInteger(argument) || argument < 0)) fail(`${at}.argument must be a whole number from 0`);
    return { name, run, ...(argument === undefined ? {} : { argument }) };
  });
  const parsed: LeaksSettings = {
    testFiles: stringArray(obj.testFiles, 'testFiles'),
    checkTestFiles: bool(obj.checkTestFiles, 'checkTestFiles'),
    timers,
    longLivedConditions: stringArray(obj.longLivedConditions, 'longLivedConditions'),
    callbacks,
    onceEvents: stringArray(obj.onceEvents, 'onceEvents'),
    // `timers` is the older shape of timer entries: both land in the one vocabulary.
    vocabulary: [
      ...vocabulary(obj.vocabulary),
      ...timers.map((t): VocabularyEntry => ({ family: t.kind === 'repeating' ? 'interval' : 'timer', acquire: t.name, ...(t.source === undefined ? {} : { source: t.source }) })),
    ],
    names: nameLists(obj.names),
  };
  cache.set(raw, parsed);
  return parsed;
}

export function getSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): LeaksSettings {
  return parseSettings((context.settings as Record<string, unknown>).leaks);
}

/**
 * Is this a test file, story or benchmark (`settings.leaks.testFiles` included) that the rule
 * should leave alone? Tests run once and exit, so process-lifetime findings do not apply;
 * `settings.leaks.checkTestFiles` (or a rule's own `checkTestFiles`, an alias) lints them too.
 */
export function isSkippedTestFile(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, ruleCheckTestFiles = false): boolean {
  const settings = getSettings(context);
  if (settings.checkTestFiles || ruleCheckTestFiles) return false;
  const { filename, cwd } = context;
  // Every rule asks for the same file in turn; resolving the path is most of the answer's cost.
  if (filename !== lastTest.filename || cwd !== lastTest.cwd || settings.testFiles !== lastTest.globs) {
    lastTest = { filename, cwd, globs: settings.testFiles, skipped: isTestFile(filename, settings.testFiles, cwd) };
  }
  return lastTest.skipped;
}

let lastTest: { filename: string; cwd: string | undefined; globs: readonly string[]; skipped: boolean } = { filename: '', cwd: undefined, globs: [], skipped: false };
