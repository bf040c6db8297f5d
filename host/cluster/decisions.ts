// Decisions against one snapshot: the Service/node/port lookups with their 404/400 Statuses, and a
// cache of PortRequests (one per Service port and family) and results (one per node more). The cache
// belongs to the snapshot and is dropped with it, so nothing stale outlives a swap — except that a
// snapshot built incrementally from the previous one (incremental.ts) may share its predecessor's
// entries: each entry remembers the Service, slice group and Node objects it was made from and is
// used only while the snapshot still holds those very objects, so an unchanged Service port keeps
// its answers across a swap and a changed one is computed again.
import type { Engine } from '../engine/engine.js';
import { portRequestFor, type PortRequest } from '../engine/request.js';
import { selectFamily, selectPort } from '../engine/service-port.js';
import type { CategorizeResult } from '../engine/types.js';
import type { EndpointSliceModel, IPFamily, NodeModel, ServiceModel, ServicePortModel } from '../objects/model.js';
import { statusError } from '../objects/status.js';
import { serviceKey, slicesOf, type ClusterSnapshot } from './snapshot.js';

/** One Service port in one IP family: what kube-proxy programs one set of rules for. */
export interface ServicePortTarget {
  service: ServiceModel;
  port: ServicePortModel;
  family: IPFamily;
}

/** Results kept per snapshot; past this the oldest are forgotten (a 5,000-node cluster × many ports must not grow unbounded). */
const DEFAULT_MAX_RESULTS = 100_000;

/** PortRequests kept at most (shared caches outlive deleted Services). */
const MAX_REQUESTS = 100_000;

interface CachedRequest {
  service: ServiceModel;
  slices: readonly EndpointSliceModel[];
  request: PortRequest;
}

interface CachedResult {
  request: PortRequest;
  node: NodeModel;
  result: CategorizeResult;
}

export interface DecisionCacheOptions {
  maxResults?: number;
  /** The cache of the snapshot this one was built from incrementally: its still-valid entries are used. */
  previous?: DecisionCache;
}

export class DecisionCache {
  readonly #requests: Map<string, CachedRequest>;
  readonly #results: Map<string, CachedResult>;
  readonly #maxResults: number;

  constructor(
    readonly snapshot: ClusterSnapshot,
    options: DecisionCacheOptions = {},
  ) {
    this.#maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
    // The same era is a condition of sharing: every entry was decided in the era of its snapshot.
    const previous = options.previous?.snapshot.era === snapshot.era ? options.previous : undefined;
    this.#requests = previous ? previous.#requests : new Map();
    this.#results = previous ? previous.#results : new Map();
  }

  /** How many results are held (for tests and metrics). */
  get size(): number {
    return this.#results.size;
  }

  /** The Service named by a route; 404 Status when the snapshot has none. */
  service(namespace: string, name: string): ServiceModel {
    const service = this.snapshot.services.get(serviceKey(namespace, name));
    if (service) return service;
    throw statusError(
      'NotFound',
      404,
      `services ${JSON.stringify(name)} not found in namespace ${JSON.stringify(namespace)} of the cluster snapshot (from ${this.snapshot.source})`,
      { kind: 'services', name },
    );
  }

  /** The node kube-proxy runs on; 404 Status when the snapshot has no such Node. */
  node(name: string): NodeModel {
    const node = this.snapshot.nodes.get(name);
    if (node) return node;
    const known = [...this.snapshot.nodes.keys()];
    const list = known.length > 10 ? `${known.slice(0, 10).join(', ')}, … (${known.length} in all)` : known.join(', ') || 'none';
    throw statusError(
      'NotFound',
      404,
      `nodes ${JSON.stringify(name)} not found in the cluster snapshot (from ${this.snapshot.source}); known nodes: ${list}`,
      { kind: 'nodes', name },
    );
  }

  /** Resolves port (name or number, default the first) and family (default the primary); 400 Status naming `fieldPrefix + port`. */
  target(service: ServiceModel, port: unknown, ipFamily: unknown, fieldPrefix = ''): ServicePortTarget {
    return {
      service,
      port: selectPort(service, port, `${fieldPrefix}port`),
      family: selectFamily(service, ipFamily, `${fieldPrefix}ipFamily`),
    };
  }

  /** The engine's input for a Service port, built once per snapshot. 400 for headless and ExternalName Services. */
  portRequest(t: ServicePortTarget): PortRequest {
    const key = requestKey(t);
    const slices = slicesOf(this.snapshot, t.service);
    const cached = this.#requests.get(key);
    if (cached && cached.service === t.service && cached.slices === slices) return cached.request;
    const request = portRequestFor({
      era: this.snapshot.era,
      service: t.service,
      slices,
      port: t.port.name !== '' ? t.port.name : t.port.port,
      ipFamily: t.family,
    });
    if (!cached && this.#requests.size >= MAX_REQUESTS) this.#requests.delete(this.#requests.keys().next().value!);
    this.#requests.set(key, { service: t.service, slices, request });
    return request;
  }

  /** One node's decision (docs/contracts.md §2), from the cache when it was asked before. */
  decide(engine: Engine, t: ServicePortTarget, node: NodeModel, explain: boolean): CategorizeResult {
    const key = resultKey(t, node.name, explain);
    const request = this.portRequest(t);
    const cached = this.#results.get(key);
    if (cached && cached.request === request && cached.node === node) return cached.result;
    const [result] = engine.decide(explain ? { ...request, explain: true } : request, [node]);
    this.#remember(key, { request, node, result: result! });
    return result!;
  }

  /** Many nodes' decisions in one engine call (the batch path); they fill the cache for later single decisions. */
  decideNodes(engine: Engine, t: ServicePortTarget, nodes: readonly NodeModel[], explain: boolean): CategorizeResult[] {
    const request = this.portRequest(t);
    const results = engine.decide(explain ? { ...request, explain: true } : request, nodes);
    results.forEach((result, i) => this.#remember(resultKey(t, nodes[i]!.name, explain), { request, node: nodes[i]!, result }));
    return results;
  }

  #remember(key: string, entry: CachedResult): void {
    if (this.#results.size >= this.#maxResults && !this.#results.has(key)) {
      // Maps iterate in insertion order: the first key is the oldest.
      this.#results.delete(this.#results.keys().next().value!);
    }
    this.#results.set(key, entry);
  }
}

const requestKey = (t: ServicePortTarget) =>
  `${t.service.namespace}/${t.service.name}\0${t.port.name}\0${t.port.port}\0${t.port.protocol}\0${t.family}`;
const resultKey = (t: ServicePortTarget, node: string, explain: boolean) => `${requestKey(t)}\0${node}\0${explain ? 1 : 0}`;
