import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * The slice of ESLint's code-path analysis that the rules use. `@typescript-eslint/utils`
 * leaves these listeners untyped, so they are declared once here.
 */
export interface CodePathSegment {
  readonly id: string;
  readonly nextSegments: readonly CodePathSegment[];
  readonly prevSegments: readonly CodePathSegment[];
  readonly reachable: boolean;
}

export interface CodePath {
  readonly id: string;
  readonly initialSegment: CodePathSegment;
  readonly finalSegments: readonly CodePathSegment[];
}

export interface CodePathListeners {
  onCodePathStart: (codePath: CodePath, node: TSESTree.Node) => void;
  onCodePathEnd: (codePath: CodePath, node: TSESTree.Node) => void;
  onCodePathSegmentStart: (segment: CodePathSegment, node: TSESTree.Node) => void;
  onCodePathSegmentEnd: (segment: CodePathSegment, node: TSESTree.Node) => void;
  onUnreachableCodePathSegmentStart: (segment: CodePathSegment, node: TSESTree.Node) => void;
  onUnreachableCodePathSegmentEnd: (segment: CodePathSegment, node: TSESTree.Node) => void;
  onCodePathSegmentLoop: (from: CodePathSegment, to: CodePathSegment, node: TSESTree.Node) => void;
}

export interface LoopEdge {
  readonly to: CodePathSegment;
  /** The loop statement, or the `continue` that jumps back. */
  readonly node: TSESTree.Node;
}

/**
 * Tracks which segments are current while the AST is traversed, so a rule can ask, for
 * the few nodes it cares about, "which segments is this node in?" and later walk the
 * graph from there. Only `record()`ed nodes are stored: memory stays proportional to the
 * facts a rule gathers, and nothing survives the file.
 */
export class PathTracker {
  private readonly stack: CodePathSegment[][] = [];
  /** The reachable current segments, shared by every node recorded until they change. */
  private snapshot: readonly CodePathSegment[] | null = null;
  private readonly nodeSegments = new Map<TSESTree.Node, readonly CodePathSegment[]>();
  readonly startNode = new Map<CodePathSegment, TSESTree.Node>();
  readonly loopEdges = new Map<CodePathSegment, LoopEdge[]>();

  private enter(segment: CodePathSegment, node: TSESTree.Node): void {
    this.stack.at(-1)?.push(segment);
    this.startNode.set(segment, node);
    this.snapshot = null;
  }

  private leave(segment: CodePathSegment): void {
    const current = this.stack.at(-1);
    const i = current ? current.lastIndexOf(segment) : -1;
    if (current && i >= 0) current.splice(i, 1);
    this.snapshot = null;
  }

  readonly listeners: CodePathListeners = {
    onCodePathStart: () => {
      this.stack.push([]);
      this.snapshot = null;
    },
    onCodePathEnd: () => {
      this.stack.pop();
      this.snapshot = null;
    },
    onCodePathSegmentStart: (segment, node) => {
      this.enter(segment, node);
    },
    onCodePathSegmentEnd: (segment) => {
      this.leave(segment);
    },
    onUnreachableCodePathSegmentStart: (segment, node) => {
      this.enter(segment, node);
    },
    onUnreachableCodePathSegmentEnd: (segment) => {
      this.leave(segment);
    },
    onCodePathSegmentLoop: (from, to, node) => {
      const edges = this.loopEdges.get(from);
      if (edges) edges.push({ to, node });
      else this.loopEdges.set(from, [{ to, node }]);
    },
  };

  /** Remember the segments `node` runs in; call from the node's own visitor. */
  record(node: TSESTree.Node): void {
    const current = this.stack.at(-1);
    if (!current) return;
    this.snapshot ??= current.filter((s) => s.reachable);
    this.nodeSegments.set(node, this.snapshot);
  }

  segmentsOf(node: TSESTree.Node): readonly CodePathSegment[] | undefined {
    return this.nodeSegments.get(node);
  }
}

export interface PathQuery {
  /** Segments the walk starts from (those of the acquiring node). */
  from: readonly CodePathSegment[];
  /** True when a segment releases: the walk stops there on that path. */
  releases: (segment: CodePathSegment, isStart: boolean) => boolean;
  /** True when entering `segment` leaves the region being checked (a path that escapes). */
  leaves: (segment: CodePathSegment) => boolean;
  /** True when the loop edge `from → edge.to` ends the region (e.g. the next loop turn). */
  endsAtEdge?: (edge: LoopEdge) => boolean;
  loopEdges: ReadonlyMap<CodePathSegment, readonly LoopEdge[]>;
}

/**
 * The last segment, still inside the region, of a path that escapes without passing a
 * release — or null when every path releases. Paths that end the function
 * (return/throw) escape too.
 */
export function findUnreleasedExit(q: PathQuery): CodePathSegment | null {
  const seen = new Set<CodePathSegment>();
  const work: { seg: CodePathSegment; start: boolean }[] = q.from.map((seg) => ({ seg, start: true }));
  while (work.length > 0) {
    const item = work.pop();
    if (!item) break;
    const { seg, start } = item;
    if (!start) {
      if (seen.has(seg)) continue;
      seen.add(seg);
    }
    if (q.releases(seg, start)) continue;
    if (seg.nextSegments.length === 0) return seg;
    const edges = q.loopEdges.get(seg);
    for (const next of seg.nextSegments) {
      if (!next.reachable) continue;
      const edge = edges?.find((e) => e.to === next);
      if (edge && q.endsAtEdge?.(edge)) return seg;
      if (q.leaves(next)) return seg;
      work.push({ seg: next, start: false });
    }
  }
  return null;
}

/** Merge code-path listeners into a rule's listener object (ESLint calls them by name). */
export function withCodePaths(codePath: CodePathListeners, listeners: TSESLint.RuleListener): TSESLint.RuleListener {
  return { ...(codePath as unknown as TSESLint.RuleListener), ...listeners };
}
