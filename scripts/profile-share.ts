import { Session } from 'node:inspector';
import { sep } from 'node:path';

/**
 * `bench --profile`: how much of `Linter#verify`'s own CPU time is the plugin's code, from a
 * sampling CPU profile of lints with a rule set on. On a shared machine the whole-lint ratio of
 * one set swings by 10–20 points from pass to pass (a collection or another tenant lands in one
 * lint and not the next). The share of samples inside the plugin's files is steadier: in an A/A
 * check, the medians of four rounds of the same build differed by 0.17 points (single rounds by
 * up to 1.7), so the median of a few rounds can tell two builds apart where whole lints cannot. It is a floor of the cost, not the budgeted figure: ESLint's dispatch to the rules'
 * listeners and the collections their garbage causes are outside the plugin's files.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  /** Sampled time under `Linter#verify`, ms. */
  verifyMs: number;
  /** Of that, in functions of the plugin's own files (self time), ms. */
  pluginMs: number;
  /** The garbage collector's self time in the whole profile, ms: its samples sit outside `verify`'s frames, so it is not in `verifyMs`. */
  gcMs: number;
  /** The plugin's files by self time, largest first: [file relative to the plugin's root, ms]. */
  byFile: [string, number][];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => {
      if (error) reject(error);
      else resolve(result as T);
    });
  });
}

/** Runs `work` under the sampling profiler (every `intervalUs` µs) and returns its profile. */
export async function profiled(work: () => void, intervalUs = 250): Promise<Profile> {
  const session = new Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: intervalUs });
    await post(session, 'Profiler.start');
    work();
    const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
    return profile;
  } finally {
    session.disconnect();
  }
}

/**
 * Self time of the plugin's functions (frames whose script lies under `pluginRoot` and not in a
 * `node_modules` folder below it) among the samples taken under ESLint's `Linter#verify`.
 */
export function shareOf(profile: Profile, pluginRoot: string): ProfileShare {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const root = pluginRoot.endsWith(sep) ? pluginRoot : pluginRoot + sep;
  const fileOf = (url: string): string | null => {
    const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
    if (!path.startsWith(root) || path.includes(`${sep}node_modules${sep}`, root.length - 1)) return null;
    return path.slice(root.length);
  };
  const underVerify = new Map<number, boolean>();
  const inVerify = (id: number): boolean => {
    const known = underVerify.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id);
    const p = parent.get(id);
    const r = !!n && ((n.callFrame.functionName === 'verify' && /[\\/]eslint[\\/]lib[\\/]linter[\\/]linter\.js$/.test(n.callFrame.url)) || (p !== undefined && inVerify(p)));
    underVerify.set(id, r);
    return r;
  };
  let verify = 0;
  let plugin = 0;
  let gc = 0;
  const files = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (!n) continue;
    if (n.callFrame.functionName === '(garbage collector)') gc += us;
    if (!inVerify(id)) continue;
    verify += us;
    const file = fileOf(n.callFrame.url);
    if (file === null) continue;
    plugin += us;
    files.set(file, (files.get(file) ?? 0) + us);
  }
  return {
    verifyMs: verify / 1000,
    pluginMs: plugin / 1000,
    gcMs: gc / 1000,
    byFile: [...files].sort((a, b) => b[1] - a[1]).map(([f, us]) => [f, us / 1000]),
  };
}
