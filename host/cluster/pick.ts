// One endpoint as kube-proxy's dataplane would pick it (docs/rules.md §6): uniform among the
// verdict's endpoints (iptables' `statistic --probability 1/(n−i)` chain is uniform overall), with
// ClientIP session affinity checked first.
//
// Affinity, simplified: iptables keeps one `recent` list per endpoint on each node, refreshed by every
// new connection and checked with `--seconds timeoutSeconds`. tpe keeps one pin per (node, Service
// port, family, client IP) in this process, refreshed by every pick and honoured while younger than
// the timeout and while the pinned endpoint is still among the verdict's endpoints; otherwise the
// client is picked for again and re-pinned. Pins are per tpe process (not shared between replicas),
// survive snapshot swaps like kube-proxy's lists survive rule syncs, and the oldest are forgotten
// past `maxAffinityEntries`.
import type { ProxyEndpoint } from '../engine/endpoints.js';
import type { CategorizeResult, Verdict } from '../engine/types.js';
import type { ServiceModel } from '../objects/model.js';
import { statusError, type StatusError } from '../objects/status.js';
import { DEFAULT_AFFINITY_TIMEOUT_SECONDS } from '../objects/well-known.js';

/** `internal`: from a pod to the ClusterIP; `external`: via NodePort, externalIP or load-balancer IP (docs/contracts.md §2). */
export type Traffic = 'internal' | 'external';

export interface PickerOptions {
  /** Uniform in [0, 1); default Math.random. */
  random?: () => number;
  /** Milliseconds; default Date.now. */
  now?: () => number;
  /** Pins kept at most (default 100,000). */
  maxAffinityEntries?: number;
}

export interface PickInput {
  /** The affinity scope: node, Service port and family (one kube-proxy's rules for one port). */
  scope: string;
  /** The verdict's endpoints, `ip:port`, non-empty. */
  endpoints: readonly string[];
  /** The client's IP; without one affinity cannot apply. */
  client: string | null;
  /** `sessionAffinityConfig.clientIP.timeoutSeconds` when the Service has ClientIP affinity, else null. */
  affinityTimeoutSeconds: number | null;
}

export interface Pick {
  endpoint: string;
  /** True when an existing pin chose the endpoint. */
  pinned: boolean;
  /** When the pin lapses without another pick; null without affinity. */
  affinityExpiresAt: Date | null;
}

const DEFAULT_MAX_AFFINITY_ENTRIES = 100_000;

export class Picker {
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #max: number;
  readonly #pins = new Map<string, { endpoint: string; seen: number }>();

  constructor(options: PickerOptions = {}) {
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#max = options.maxAffinityEntries ?? DEFAULT_MAX_AFFINITY_ENTRIES;
  }

  pick(input: PickInput): Pick {
    const { endpoints, client, affinityTimeoutSeconds: timeout } = input;
    if (timeout === null || client === null) return { endpoint: this.#uniform(endpoints), pinned: false, affinityExpiresAt: null };
    const now = this.#now();
    const key = `${input.scope}\0${client}`;
    const pin = this.#pins.get(key);
    const pinned = pin !== undefined && now - pin.seen < timeout * 1000 && endpoints.includes(pin.endpoint);
    const endpoint = pinned ? pin.endpoint : this.#uniform(endpoints);
    // Delete first so that re-inserting moves the pin to the young end of the map's order.
    this.#pins.delete(key);
    if (this.#pins.size >= this.#max) this.#pins.delete(this.#pins.keys().next().value!);
    this.#pins.set(key, { endpoint, seen: now });
    return { endpoint, pinned, affinityExpiresAt: new Date(now + timeout * 1000) };
  }

  #uniform(endpoints: readonly string[]): string {
    const i = Math.min(endpoints.length - 1, Math.floor(this.#random() * endpoints.length));
    return endpoints[i]!;
  }
}

/** The ClientIP affinity timeout of a Service, or null when it has none. */
export function affinityTimeout(service: ServiceModel): number | null {
  return service.sessionAffinity === 'ClientIP' ? (service.sessionAffinityTimeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS) : null;
}

/**
 * The 503 for a pick whose verdict is drop or reject, saying which and why (docs/rules.md §6):
 * reject when the port has no endpoints anywhere, drop when a Local policy finds none on this node.
 * `endpointNodes` are the nodes that do hold endpoints, named in drop messages.
 */
export function unavailable(
  result: CategorizeResult,
  traffic: Traffic,
  service: ServiceModel,
  endpointNodes: readonly string[],
): StatusError {
  const decision = traffic === 'internal' ? result.internal : result.external!;
  return unavailableStatus(decision.verdict as Exclude<Verdict, 'route'>, traffic, result, service, endpointNodes);
}

/**
 * The same 503 from its parts: the verdict, and the Service port and node as a result names them
 * (`service` "namespace/name", `port` its name or number). The Envoy filter's image carries these.
 */
export function unavailableStatus(
  verdict: Exclude<Verdict, 'route'>,
  traffic: Traffic,
  names: { service: string; port: string; node: string },
  service: ServiceModel,
  endpointNodes: readonly string[],
): StatusError {
  const target = `${names.service} port ${names.port}`;
  const elsewhere = endpointNodes.length ? ` (endpoints are on ${list(endpointNodes)})` : '';
  let message: string;
  if (verdict === 'reject') {
    message = `reject: ${target} has no endpoints, so kube-proxy rejects its ${traffic} traffic on every node (ICMP unreachable / TCP reset)`;
  } else if (traffic === 'internal' && service.internalTrafficPolicy === 'Local') {
    message = `drop: internalTrafficPolicy Local and node ${names.node} has no local endpoint, so kube-proxy on ${names.node} drops ClusterIP traffic to ${target}${elsewhere}`;
  } else if (traffic === 'external' && service.externalTrafficPolicy === 'Local') {
    message = `drop: externalTrafficPolicy Local and node ${names.node} has no local endpoint, so kube-proxy on ${names.node} drops external traffic (NodePort, externalIPs, load-balancer IPs) to ${target}${elsewhere}`;
  } else {
    message = `drop: ${target} has endpoints but none is usable for ${traffic} traffic from node ${names.node}, so kube-proxy drops it`;
  }
  return statusError('ServiceUnavailable', 503, message, { kind: 'services', name: service.name });
}

/** The nodes holding a serving or ready endpoint of a port, in endpoint order: named in drop messages. */
export function endpointNodes(endpoints: readonly ProxyEndpoint[]): string[] {
  return [
    ...new Set(
      endpoints
        .filter((e) => e.ready || e.serving)
        .map((e) => e.nodeName)
        .filter((n) => n !== ''),
    ),
  ];
}

function list(names: readonly string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}
