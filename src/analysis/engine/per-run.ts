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
  return { value: made.value, listeners: { ...made.listeners, onCodePathEnd: chain((made.listeners as Record<string, unknown>).onCodePathEnd, retire) } };
}

function chain(first: unknown, then: (path: unknown, node: { type: string }) => void): (path: unknown, node: { type: string }) => void {
  if (typeof first !== 'function') return then;
  const f = first as (path: unknown, node: { type: string }) => void;
  return (path, node) => {
    f(path, node);
    then(path, node);
  };
}
