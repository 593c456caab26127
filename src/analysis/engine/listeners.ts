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
  // Made for every file by every rule that passes its fast path. Written straight into one object:
  // a Map of lists and `Object.entries` of every part allocated more than the listeners themselves.
  // Where two parts share a selector the later one is chained after the earlier, so the call order
  // stays the parts' order (shared analyses first, the rule last).
  const merged: Record<string, Listener> = {};
  for (const part of shared) addPart(merged, part as Record<string, Listener | undefined>);
  addPart(merged, own);
  return merged as TSESLint.RuleListener;
}

function addPart(merged: Record<string, Listener>, part: Record<string, Listener | undefined>): void {
  for (const selector in part) {
    const listener = part[selector];
    if (!listener) continue;
    const earlier = merged[selector];
    merged[selector] = earlier ? inTurn(earlier, listener) : listener;
  }
}

function isEmpty(part: object): boolean {
  for (const selector in part) if ((part as Record<string, unknown>)[selector]) return false;
  return true;
}

function inTurn(first: Listener, then: Listener): Listener {
  return (a: never, b: never, c: never) => {
    first(a, b, c);
    then(a, b, c);
  };
}
