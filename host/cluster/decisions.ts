// Decisions against one snapshot: the Service/node/port lookups with their 404/400 Statuses, and a
// cache of PortRequests (one per Service port and family) and results (one per node more). The cache
// belongs to the snapshot and is dropped with it, so nothing stale outlives a swap.
import type { Engine } from '../engine/engine.js';
import { portRequestFor, type PortRequest } from '../engine/request.js';
import { selectFamily, selectPort } from '../engine/service-port.js';
import type { CategorizeResult } from '../engine/types.js';
import type { IPFamily, NodeModel, ServiceModel, ServicePortModel } from '../objects/model.js';
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

export class DecisionCache {
  readonly #requests = new Map<string, PortRequest>();
  readonly #results = new Map<string, CategorizeResult>();
  readonly #maxResults: number;

  constructor(
    readonly snapshot: ClusterSnapshot,
    options: { maxResults?: number } = {},
  ) {
    this.#maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
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
    let req = this.#requests.get(key);
    if (!req) {
      req = portRequestFor({
        era: this.snapshot.era,
        service: t.service,
        slices: slicesOf(this.snapshot, t.service),
        port: t.port.name !== '' ? t.port.name : t.port.port,
        ipFamily: t.family,
      });
      this.#requests.set(key, req);
    }
    return req;
  }

  /** One node's decision (docs/contracts.md §2), from the cache when it was asked before. */
  decide(engine: Engine, t: ServicePortTarget, node: NodeModel, explain: boolean): CategorizeResult {
    const key = resultKey(t, node.name, explain);
    const cached = this.#results.get(key);
    if (cached) return cached;
    const [result] = engine.decide(this.#request(t, explain), [node]);
    this.#remember(key, result!);
    return result!;
  }

  /** Many nodes' decisions in one engine call (the batch path); they fill the cache for later single decisions. */
  decideNodes(engine: Engine, t: ServicePortTarget, nodes: readonly NodeModel[], explain: boolean): CategorizeResult[] {
    const results = engine.decide(this.#request(t, explain), nodes);
    results.forEach((r, i) => this.#remember(resultKey(t, nodes[i]!.name, explain), r));
    return results;
  }

  #request(t: ServicePortTarget, explain: boolean): PortRequest {
    const req = this.portRequest(t);
    return explain ? { ...req, explain: true } : req;
  }

  #remember(key: string, result: CategorizeResult): void {
    if (this.#results.size >= this.#maxResults) {
      // Maps iterate in insertion order: the first key is the oldest.
      this.#results.delete(this.#results.keys().next().value!);
    }
    this.#results.set(key, result);
  }
}

const requestKey = (t: ServicePortTarget) =>
  `${t.service.namespace}/${t.service.name}\0${t.port.name}\0${t.port.port}\0${t.port.protocol}\0${t.family}`;
const resultKey = (t: ServicePortTarget, node: string, explain: boolean) => `${requestKey(t)}\0${node}\0${explain ? 1 : 0}`;
