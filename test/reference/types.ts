// Plain data the reference oracle works on. Everything here is derived from the raw request by
// literal readings of docs/rules.md and docs/eras.md; nothing is precomputed or encoded.
import type { FeatureGates } from '../../host/engine/eras.js';

export type Family = 'IPv4' | 'IPv6';

/** One endpoint of the chosen Service port, as kube-proxy's EndpointSlice cache sees it (docs/rules.md §2). */
export interface RefEndpoint {
  /** `ip:port`, or `[ip]:port` for IPv6. */
  ipPort: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zoneHints: string[];
  nodeHints: string[];
}

/** Everything about the request that the decision reads, besides the endpoint list. */
export interface RefContext {
  minor: number;
  gates: FeatureGates;
  nodeName: string;
  /** Node label `topology.kubernetes.io/zone`, `""` when missing. */
  zone: string;
  family: Family;
  annotations: Record<string, string>;
  /** ITP is Local and the ITP gate is on (docs/eras.md "Service-level inputs"). */
  itpLocal: boolean;
  /** ETP is Local and the Service is externally accessible at the API level. */
  etpLocal: boolean;
  /** Per port and family: NodePort, VIP-mode LB ingress IP, or externalIP of this family. */
  externallyAccessible: boolean;
}

/** The decision part of a result (docs/contracts.md §2), without the echo fields. */
export interface RefSets {
  topologyMode: 'None' | 'PreferSameZone' | 'PreferSameNode';
  clusterEndpoints: string[] | null;
  localEndpoints: string[] | null;
  allReachableEndpoints: string[];
  hasAnyEndpoints: boolean;
}

/** Plain-object access helpers: the reference assumes valid objects and reads them loosely. */
export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Sorted by the `ip:port` string with plain `<` (docs/contracts.md §2). */
export function sortEndpoints(list: string[]): string[] {
  return [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
