// The engine's answers → result objects (docs/contracts.md §2). A set is a run of the pool; each distinct run
// becomes one string array, shared by every node whose answer names it.
import type { Abi, Views } from './kernel.js';
import type { ProxyEndpoint } from './endpoints.js';
import type { CategorizeResult, TopologyMode, TrafficDecision, Verdict } from './types.js';

/** The decision part of a result: everything but the echo fields, explain and warnings. */
export type DecodedAnswer = Pick<
  CategorizeResult,
  'topologyMode' | 'clusterEndpoints' | 'localEndpoints' | 'allReachableEndpoints' | 'hasAnyEndpoints' | 'internal' | 'external'
>;

const MODES: readonly TopologyMode[] = ['None', 'PreferSameZone', 'PreferSameNode'];
const VERDICTS: readonly Verdict[] = ['route', 'drop', 'reject'];
const EMPTY: string[] = Object.freeze([]) as unknown as string[];

/**
 * Endpoint lists already built from pool runs. `prepare` lays a port's runs out the same way every
 * time (positions depend on the endpoints alone), so one cache may serve every decision on a port.
 */
export class DecodedRuns {
  readonly runs = new Map<number, string[]>();
  readonly unions = new Map<string, string[]>();
}

export class Decoder {
  private readonly runs: Map<number, string[]>;
  private readonly unions: Map<string, string[]>;

  constructor(
    private readonly abi: Abi,
    private readonly views: Views,
    private readonly endpoints: readonly ProxyEndpoint[],
    cache: DecodedRuns = new DecodedRuns(),
  ) {
    this.runs = cache.runs;
    this.unions = cache.unions;
  }

  answer(j: number): DecodedAnswer {
    const a = this.abi;
    const v = this.views;
    const flags = v.outFlags[j]!;
    const cluster = flags & a.OUT_CLUSTER_USED ? this.run(v.outClusterStart[j]!, v.outClusterLen[j]!) : null;
    const local = flags & a.OUT_LOCAL_USED ? this.run(v.outLocalStart[j]!, v.outLocalLen[j]!) : null;
    const all = (flags >>> a.OUT_ALL_SHIFT) & 3;
    const allReachable =
      all === a.ALL_CLUSTER
        ? (cluster ?? EMPTY)
        : all === a.ALL_LOCAL
          ? (local ?? EMPTY)
          : this.union(v, j, cluster ?? EMPTY, local ?? EMPTY);
    const internalList = flags & a.OUT_INTERNAL_LOCAL ? local : cluster;
    const internal = traffic(VERDICTS[(flags >>> a.OUT_INTERNAL_SHIFT) & 3]!, internalList);
    let external: TrafficDecision | null = null;
    if (flags & a.OUT_EXTERNAL) {
      const list = flags & a.OUT_EXTERNAL_LOCAL ? local : cluster;
      external = traffic(VERDICTS[(flags >>> a.OUT_EXTERNAL_SHIFT) & 3]!, list);
    }
    return {
      topologyMode: MODES[flags & a.OUT_MODE_MASK]!,
      clusterEndpoints: cluster,
      localEndpoints: local,
      allReachableEndpoints: allReachable,
      hasAnyEndpoints: (flags & a.OUT_HAS_ANY) !== 0,
      internal,
      external,
    };
  }

  /**
   * The endpoints (indices into the decision's endpoint list) one kind of traffic may reach from
   * node `j`, and its verdict: what the emulator counts flows with, without building strings.
   * `cluster` is the Cluster chain, the one ETP=Local's short-circuit sends pod and host traffic
   * to (docs/rules.md §6); null for `external` on a port that is not externally accessible.
   */
  traffic(j: number, kind: 'internal' | 'external' | 'cluster'): { verdict: Verdict; endpoints: Uint32Array } | null {
    const a = this.abi;
    const v = this.views;
    const flags = v.outFlags[j]!;
    if (kind === 'external' && !(flags & a.OUT_EXTERNAL)) return null;
    const shift = kind === 'internal' ? a.OUT_INTERNAL_SHIFT : kind === 'external' ? a.OUT_EXTERNAL_SHIFT : a.OUT_CLUSTER_CHAIN_SHIFT;
    const useLocal = kind !== 'cluster' && flags & (kind === 'internal' ? a.OUT_INTERNAL_LOCAL : a.OUT_EXTERNAL_LOCAL);
    const verdict = VERDICTS[(flags >>> shift) & 3]!;
    const start = useLocal ? v.outLocalStart[j]! : v.outClusterStart[j]!;
    const len = verdict === 'route' ? (useLocal ? v.outLocalLen[j]! : v.outClusterLen[j]!) : 0;
    return { verdict, endpoints: v.pool.subarray(start, start + len) };
  }

  private run(start: number, len: number): string[] {
    if (len === 0) return EMPTY;
    const key = start * 0x100000 + len;
    let list = this.runs.get(key);
    if (!list) {
      list = new Array<string>(len);
      const pool = this.views.pool;
      for (let k = 0; k < len; k++) list[k] = this.endpoints[pool[start + k]!]!.key;
      Object.freeze(list);
      this.runs.set(key, list);
    }
    return list;
  }

  private union(v: Views, j: number, cluster: string[], local: string[]): string[] {
    if (local.length === 0) return cluster;
    if (cluster.length === 0) return local;
    const key = `${v.outClusterStart[j]},${v.outClusterLen[j]},${v.outLocalStart[j]},${v.outLocalLen[j]}`;
    let merged = this.unions.get(key);
    if (!merged) {
      // Both runs are in endpoint order, i.e. sorted by key: a linear merge keeps the result sorted.
      merged = [];
      let i = 0;
      let k = 0;
      while (i < cluster.length || k < local.length) {
        const c = cluster[i];
        const l = local[k];
        if (l === undefined || (c !== undefined && c < l)) merged.push(cluster[i++]!);
        else if (c === undefined || l < c) merged.push(local[k++]!);
        else {
          merged.push(c);
          i++;
          k++;
        }
      }
      Object.freeze(merged);
      this.unions.set(key, merged);
    }
    return merged;
  }
}

function traffic(verdict: Verdict, list: string[] | null): TrafficDecision {
  return { verdict, endpoints: verdict === 'route' ? (list ?? EMPTY) : EMPTY };
}
