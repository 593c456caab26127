/**
 * One schema for teaching every rule an API: `settings.leaks.vocabulary`. Each entry says how
 * something is acquired (a function, constructor or method, with its import source), how it
 * is released, and which family it belongs to — the family fixes how it releases itself and
 * what keeps it alive, so a user names the API once and every rule that cares reads it.
 * The rules' older option shapes (`timers`, `registrations`, `pairs`, `resources`) are
 * aliases: each is converted to entries of this schema.
 */
export type VocabularyFamily = 'timer' | 'interval' | 'registration' | 'resource' | 'shared';

export interface FamilyFacts {
  /** What an acquisition of this family is, for docs and messages. */
  what: string;
  /** What keeps it alive until it is released. */
  retainedBy: string;
  /** How it ends without a release, if it can. */
  selfRelease: string | null;
  /** The rules that read entries of this family. */
  rules: readonly string[];
}

export const FAMILY_FACTS: Readonly<Record<VocabularyFamily, FamilyFacts>> = {
  timer: { what: 'a one-shot timer or sleep', retainedBy: 'the timer queue', selfRelease: 'fires once', rules: ['no-timer-in-loop'] },
  interval: { what: 'a repeating timer', retainedBy: 'the timer queue', selfRelease: null, rules: ['no-timer-in-loop', 'no-leaked-subscription'] },
  registration: { what: 'a listener or subscription', retainedBy: 'the target it is registered on', selfRelease: null, rules: ['no-leaked-subscription'] },
  resource: { what: 'a handle acquired for one piece of work', retainedBy: 'its pool, descriptor table or process', selfRelease: null, rules: ['no-leaked-resource'] },
  shared: { what: 'a cache, pool or client meant to be built once', retainedBy: 'the process (sockets, timers, memory)', selfRelease: null, rules: ['no-per-request-cache'] },
};

export interface VocabularyEntry {
  family: VocabularyFamily;
  /** The function (`delay`, `Ns.member`), constructor (`SearchClient`) or method (`listen`) that acquires. */
  acquire: string;
  /** Import source; when given, only bindings imported from it match. */
  source?: string;
  /**
   * How it is released: methods on the handle or the receiver (`unlisten`, `checkin`), or
   * functions that take the handle. Registrations: `releasedOn` says which.
   */
  release?: string[];
  /** Registrations only: `pair` — the release is called on the same target with the same arguments; `handle` — on what `acquire` returned. */
  releasedOn?: 'pair' | 'handle';
  /** Words for messages (`search client`). */
  kind?: string;
}

export const FAMILIES_IN_ORDER = Object.keys(FAMILY_FACTS) as VocabularyFamily[];

export const vocabularyEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['family', 'acquire'],
  properties: {
    family: { enum: FAMILIES_IN_ORDER },
    acquire: { type: 'string' },
    source: { type: 'string' },
    release: { type: 'array', items: { type: 'string' } },
    releasedOn: { enum: ['pair', 'handle'] },
    kind: { type: 'string' },
  },
} as const;

const KNOWN_KEYS = Object.keys(vocabularyEntrySchema.properties);

/** Checks one entry; `fail` throws with the setting's path (`vocabulary[2].release`). */
export function parseVocabularyEntry(item: unknown, at: string, fail: (what: string) => never): VocabularyEntry {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(`${at} must be an object`);
  const fields = item as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !KNOWN_KEYS.includes(k));
  if (unknown.length > 0) fail(`${at} has unknown keys: ${unknown.join(', ')}`);
  const { family, acquire, source, release, releasedOn, kind } = fields;
  if (typeof family !== 'string' || !(FAMILIES_IN_ORDER as string[]).includes(family)) fail(`${at}.family must be one of ${FAMILIES_IN_ORDER.map((f) => `"${f}"`).join(', ')}`);
  if (typeof acquire !== 'string' || acquire === '') fail(`${at}.acquire must be a name`);
  if (source !== undefined && typeof source !== 'string') fail(`${at}.source must be a string`);
  if (release !== undefined && (!Array.isArray(release) || release.some((r) => typeof r !== 'string'))) fail(`${at}.release must be an array of names`);
  if (releasedOn !== undefined && releasedOn !== 'pair' && releasedOn !== 'handle') fail(`${at}.releasedOn must be "pair" or "handle"`);
  if (kind !== undefined && typeof kind !== 'string') fail(`${at}.kind must be a string`);
  const f = family as VocabularyFamily;
  if ((f === 'registration' || f === 'resource') && (release === undefined || release.length === 0)) fail(`${at}.release must name how a ${f} is released`);
  return {
    family: f,
    acquire,
    ...(source === undefined ? {} : { source: source }),
    ...(release === undefined ? {} : { release: release as string[] }),
    ...(releasedOn === undefined ? {} : { releasedOn }),
    ...(kind === undefined ? {} : { kind: kind }),
  };
}

/** Entries of the families a rule reads, in the shapes of that rule's own vocabulary. */
export function timersFrom(entries: readonly VocabularyEntry[]): { name: string; source?: string; kind: 'oneShot' | 'repeating' }[] {
  return entries
    .filter((e) => e.family === 'timer' || e.family === 'interval')
    .map((e) => ({ name: e.acquire, ...(e.source === undefined ? {} : { source: e.source }), kind: e.family === 'interval' ? 'repeating' : 'oneShot' }));
}

export function registrationsFrom(entries: readonly VocabularyEntry[]): { register: string; dispose: string; kind: 'pair' | 'handle' }[] {
  return entries
    .filter((e) => e.family === 'registration')
    .flatMap((e) => (e.release ?? []).map((dispose) => ({ register: e.acquire, dispose, kind: e.releasedOn ?? 'pair' })));
}

export function pairsFrom(entries: readonly VocabularyEntry[]): { acquire: string; release: string; source?: string }[] {
  return entries
    .filter((e) => e.family === 'resource')
    .flatMap((e) => (e.release ?? []).map((release) => ({ acquire: e.acquire, release, ...(e.source === undefined ? {} : { source: e.source }) })));
}

export function sharedResourcesFrom(entries: readonly VocabularyEntry[]): { name: string; source?: string; kind?: string }[] {
  return entries
    .filter((e) => e.family === 'shared')
    .map((e) => ({ name: e.acquire, ...(e.source === undefined ? {} : { source: e.source }), ...(e.kind === undefined ? {} : { kind: e.kind }) }));
}
