import type { TSESLint } from '@typescript-eslint/utils';

/** ESLint calls listeners with a node, or a code-path event's two or three arguments. */
type Listener = (a: never, b: never, c: never) => void;

/**
 * A rule's listeners together with those of the per-file analyses it feeds, which may
 * listen to the same selectors: where they collide, the analyses' listeners run first.
 * (The rule's own object comes first in the arguments so its listeners stay typed.)
 */
export function withShared(own: TSESLint.RuleListener, ...shared: readonly object[]): TSESLint.RuleListener {
  const merged: Record<string, Listener> = {};
  for (const part of [...shared, own]) {
    for (const [selector, listener] of Object.entries(part) as [string, Listener | undefined][]) {
      if (!listener) continue;
      const before = merged[selector];
      merged[selector] = before
        ? (a: never, b: never, c: never) => {
            before(a, b, c);
            listener(a, b, c);
          }
        : listener;
    }
  }
  return merged as TSESLint.RuleListener;
}
