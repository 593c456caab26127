import type { TSESLint } from '@typescript-eslint/utils';

/** ESLint calls listeners with a node, or a code-path event's two or three arguments. */
type Listener = (a: never, b: never, c: never) => void;

/**
 * A rule's listeners together with those of the per-file analyses it feeds, which may
 * listen to the same selectors: where they collide, the analyses' listeners run first.
 * (The rule's own object comes first in the arguments so its listeners stay typed.)
 */
export function withShared(own: TSESLint.RuleListener, ...shared: readonly object[]): TSESLint.RuleListener {
  // The shared analyses' listeners go to the first rule of a file that asks; the others get
  // empty parts, and their own listeners as they are.
  if (shared.every(isEmpty)) return own;
  // Made for every file by every rule: one list per selector, then one function per selector
  // (no wrapper for a selector only one part listens to, no nested wrappers for three).
  // A Map, not an object keyed by selector: keyed reads and writes of an object that grows a new
  // key set for every file were most of this function's time.
  const lists = new Map<string, Listener[]>();
  const add = (part: object): void => {
    for (const [selector, listener] of Object.entries(part) as [string, Listener | undefined][]) {
      if (!listener) continue;
      const list = lists.get(selector);
      if (list) list.push(listener);
      else lists.set(selector, [listener]);
    }
  };
  for (const part of shared) add(part);
  add(own);
  const merged: Record<string, Listener> = {};
  for (const [selector, list] of lists) merged[selector] = inTurn(list);
  return merged as TSESLint.RuleListener;
}

function isEmpty(part: object): boolean {
  for (const selector in part) if ((part as Record<string, unknown>)[selector]) return false;
  return true;
}

function inTurn(list: readonly Listener[]): Listener {
  const [first, second] = list as [Listener, Listener | undefined];
  if (list.length === 1) return first;
  if (list.length === 2 && second) {
    return (a: never, b: never, c: never) => {
      first(a, b, c);
      second(a, b, c);
    };
  }
  return (a: never, b: never, c: never) => {
    for (const listener of list) listener(a, b, c);
  };
}
