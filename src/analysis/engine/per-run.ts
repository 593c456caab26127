interface Entry {
  value: unknown;
}

const runs = new WeakMap<object, Map<object, Entry>>();

/**
 * An analysis shared by the rules of one lint run over one file: the first rule that asks
 * builds it and must register the returned listeners, so ESLint feeds it once; the others
 * get it with no listeners. The entry is dropped when the file's root code path ends —
 * after every rule's `Program:exit` — so linting the same `SourceCode` again (a fix pass, an
 * editor, a benchmark) starts afresh instead of reading the previous run's facts.
 */
export function sharedPerRun<T>(
  sourceCode: { readonly ast: object },
  kind: object,
  make: () => { value: T; listeners: object },
): { value: T; listeners: object } {
  let byKind = runs.get(sourceCode.ast);
  if (!byKind) {
    byKind = new Map();
    runs.set(sourceCode.ast, byKind);
  }
  const known = byKind.get(kind);
  if (known) return { value: known.value as T, listeners: {} };
  const made = make();
  const table = byKind;
  table.set(kind, { value: made.value });
  const retire = (_path: unknown, node: { type: string }): void => {
    if (node.type === 'Program') table.delete(kind);
  };
  // `make()` returns listeners made for this file alone: they can take the retirement themselves.
  const listeners = made.listeners as Record<string, unknown>;
  listeners.onCodePathEnd = chain(listeners.onCodePathEnd, retire);
  return { value: made.value, listeners };
}

function chain(first: unknown, then: (path: unknown, node: { type: string }) => void): (path: unknown, node: { type: string }) => void {
  if (typeof first !== 'function') return then;
  const f = first as (path: unknown, node: { type: string }) => void;
  return (path, node) => {
    f(path, node);
    then(path, node);
  };
}

const configured = new WeakMap<object, WeakMap<object, Map<string, unknown>>>();

/**
 * What a rule derives from its options and the parsed settings alone (sets of names merged
 * from the registry and the user's lists), made once per configuration instead of per file:
 * ESLint hands every file of a configuration the same option objects, and `getSettings`
 * returns the same parsed settings. `what` names the derived value, so several share a pair.
 */
export function perConfiguration<T>(options: object, settings: object, what: string, make: () => T): T {
  let bySettings = configured.get(options);
  if (!bySettings) configured.set(options, (bySettings = new WeakMap()));
  let byWhat = bySettings.get(settings);
  if (!byWhat) bySettings.set(settings, (byWhat = new Map<string, unknown>()));
  if (byWhat.has(what)) return byWhat.get(what) as T;
  const made = make();
  byWhat.set(what, made);
  return made;
}
