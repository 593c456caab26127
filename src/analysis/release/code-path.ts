import type { TSESTree } from '@typescript-eslint/utils';
import { sharedPerRun } from '../engine/per-run';

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
 * facts the rules gather, and nothing survives the file.
 *
 * One tracker serves every rule of a file (`PathTracker.of`): on a 200k-line file the
 * per-segment bookkeeping, done once per rule, was the largest single cost of the rules
 * that walk paths. Facts are appended to arrays during the traversal (cheaper than map
 * insertions for the many that are never asked about) and looked up afterwards.
 */
export class PathTracker {
  private readonly stack: CodePathSegment[][] = [];
  /** The current code path's current segments (the top of `stack`). */
  private current: CodePathSegment[] | null = null;
  /** The reachable current segments, shared by every node recorded until they change. */
  private snapshot: readonly CodePathSegment[] | null = null;
  // Recorded nodes arrive in traversal order, which is source order for the calls rules
  // record, so a node is found by binary search on its start offset.
  private readonly recordedNodes: TSESTree.Node[] = [];
  private readonly recordedStarts: number[] = [];
  // One segment (the common case, kept without allocating an array) or a snapshot of several.
  private readonly recordedSegments: (CodePathSegment | readonly CodePathSegment[])[] = [];
  private inOrder = true;
  private byNode: Map<TSESTree.Node, readonly CodePathSegment[]> | null = null;
  private readonly started: CodePathSegment[] = [];
  private readonly startedAt: TSESTree.Node[] = [];
  private readonly startIndex = new Map<CodePathSegment, TSESTree.Node>();
  private startIndexed = 0;
  // For each code path (function), the slice of `started` it and its nested functions
  // entered: parallel arrays, indexed by a map built only if a rule asks.
  private readonly pathNodes: TSESTree.Node[] = [];
  private readonly pathFrom: number[] = [];
  private readonly pathTo: number[] = [];
  private readonly openPaths: number[] = [];
  private pathIndex: Map<TSESTree.Node, number> | null = null;
  readonly loopEdges = new Map<CodePathSegment, LoopEdge[]>();

  /**
   * The file's tracker for this lint run, and the code-path listeners the caller must
   * register — non-empty only for the first rule that asks, so ESLint feeds it once.
   */
  static of(sourceCode: { readonly ast: object }): { tracker: PathTracker; listeners: Partial<CodePathListeners> } {
    const { value, listeners } = sharedPerRun(sourceCode, PathTracker, () => {
      const tracker = new PathTracker();
      return { value: tracker, listeners: tracker.listeners };
    });
    return { tracker: value, listeners: listeners };
  }

  private enter(segment: CodePathSegment, node: TSESTree.Node): void {
    this.current?.push(segment);
    this.started.push(segment);
    this.startedAt.push(node);
    this.snapshot = null;
  }

  private leave(segment: CodePathSegment): void {
    const current = this.current;
    if (!current) return;
    // Segments nearly always end in the reverse order they started.
    if (current[current.length - 1] === segment) current.pop();
    else {
      const i = current.lastIndexOf(segment);
      if (i >= 0) current.splice(i, 1);
    }
    this.snapshot = null;
  }

  readonly listeners: CodePathListeners = {
    onCodePathStart: (_path, node) => {
      this.current = [];
      this.stack.push(this.current);
      this.openPaths.push(this.pathNodes.length);
      this.pathNodes.push(node);
      this.pathFrom.push(this.started.length);
      this.pathTo.push(-1);
      this.snapshot = null;
    },
    onCodePathEnd: () => {
      this.stack.pop();
      this.current = this.stack[this.stack.length - 1] ?? null;
      const i = this.openPaths.pop();
      if (i !== undefined) this.pathTo[i] = this.started.length;
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
    const current = this.current;
    if (!current) return;
    const only = current.length === 1 ? current[0] : undefined;
    const segments = only?.reachable ? only : (this.snapshot ??= current.filter((s) => s.reachable));
    // Most files record thousands of calls and ask about none: the node's start offset (another
    // object to load per call) is read when a question first needs it, in `startsUpToDate`.
    this.recordedNodes.push(node);
    this.recordedSegments.push(segments);
  }

  /** The start offsets of the recorded nodes, read for those recorded since the last question. */
  private startsUpToDate(): readonly number[] {
    const nodes = this.recordedNodes;
    const starts = this.recordedStarts;
    if (starts.length === nodes.length) return starts;
    for (let i = starts.length; i < nodes.length; i++) {
      const start = (nodes[i] as TSESTree.Node).range[0];
      if ((starts[i - 1] ?? 0) > start) this.inOrder = false;
      starts.push(start);
    }
    this.byNode = null;
    return starts;
  }

  segmentsOf(node: TSESTree.Node): readonly CodePathSegment[] | undefined {
    const nodes = this.recordedNodes;
    const starts = this.startsUpToDate();
    if (!this.inOrder) {
      if (!this.byNode) {
        this.byNode = new Map();
        nodes.forEach((n, i) => this.byNode?.set(n, asList(this.recordedSegments[i])));
      }
      return this.byNode.get(node);
    }
    const at = node.range[0];
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] ?? 0) < at) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < starts.length && starts[i] === at; i++) if (nodes[i] === node) return asList(this.recordedSegments[i]);
    return undefined;
  }

  /** The node whose evaluation starts `segment`. */
  startOf(segment: CodePathSegment): TSESTree.Node | undefined {
    return this.starts().get(segment);
  }

  /**
   * Segments of the code path that `fn` starts (and of functions nested in it) whose start
   * node lies within `region`. Scans only that function's segments, not the file's.
   */
  segmentsStartingWithin(fn: TSESTree.Node, region: TSESTree.Node): CodePathSegment[] {
    if (!this.pathIndex) {
      this.pathIndex = new Map();
      this.pathNodes.forEach((n, i) => this.pathIndex?.set(n, i));
    }
    const i = this.pathIndex.get(fn);
    const from = i === undefined ? 0 : (this.pathFrom[i] ?? 0);
    const end = i === undefined ? -1 : (this.pathTo[i] ?? -1);
    const to = end < 0 ? this.started.length : end;
    const out: CodePathSegment[] = [];
    for (let i = from; i < to; i++) {
      const node = this.startedAt[i];
      const seg = this.started[i];
      if (node && seg && node.range[0] >= region.range[0] && node.range[1] <= region.range[1]) out.push(seg);
    }
    return out;
  }

  /** The first segment of the code path `fn` starts, if the traversal saw it. */
  initialSegmentOf(fn: TSESTree.Node): CodePathSegment | undefined {
    if (!this.pathIndex) {
      this.pathIndex = new Map();
      this.pathNodes.forEach((n, i) => this.pathIndex?.set(n, i));
    }
    const i = this.pathIndex.get(fn);
    return i === undefined ? undefined : this.started[this.pathFrom[i] ?? -1];
  }

  private starts(): ReadonlyMap<CodePathSegment, TSESTree.Node> {
    for (; this.startIndexed < this.started.length; this.startIndexed++) {
      const seg = this.started[this.startIndexed];
      const node = this.startedAt[this.startIndexed];
      if (seg && node) this.startIndex.set(seg, node);
    }
    return this.startIndex;
  }
}

function asList(segments: CodePathSegment | readonly CodePathSegment[] | undefined): readonly CodePathSegment[] {
  if (segments === undefined) return [];
  if (Array.isArray(segments)) return segments as readonly CodePathSegment[];
  return [segments as CodePathSegment];
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
