// The decision's request and result shapes (docs/contracts.md §2): one contract for library, HTTP and CLI.

export type TopologyMode = 'None' | 'PreferSameZone' | 'PreferSameNode';
export type Verdict = 'route' | 'drop' | 'reject';

/** `{name, labels}` or a whole v1 Node object. */
export type NodeInput = { name: string; labels?: Record<string, string> } | Record<string, unknown>;

export interface CategorizeRequest {
  node: NodeInput;
  service: unknown;
  endpointSlices: unknown[];
  port?: string | number;
  ipFamily?: 'IPv4' | 'IPv6';
  kubernetesVersion?: string;
  featureGates?: Record<string, boolean>;
  explain?: boolean;
}

export interface TrafficDecision {
  verdict: Verdict;
  endpoints: string[];
}

/** Why an endpoint is or is not in the sets; see docs/explain.md for the list. */
export type ExplainReason =
  | 'Ready'
  | 'ReadyInZone'
  | 'ReadyForNode'
  | 'ServingTerminatingFallback'
  | 'LocalReady'
  | 'LocalServingTerminating'
  | 'HintForOtherZone'
  | 'HintForOtherNode'
  | 'NotLocal'
  | 'ServingTerminatingNotNeeded'
  | 'TerminatingFallbackDisabled'
  | 'NotReady';

export interface ExplainEntry {
  endpoint: string;
  cluster: boolean;
  local: boolean;
  reason: ExplainReason;
  /** Human sentence for the reason, for people reading the JSON. */
  detail: string;
}

export interface CategorizeResult {
  service: string;
  port: string;
  node: string;
  kubernetesVersion: string;
  topologyMode: TopologyMode;
  clusterEndpoints: string[] | null;
  localEndpoints: string[] | null;
  allReachableEndpoints: string[];
  hasAnyEndpoints: boolean;
  internal: TrafficDecision;
  external: TrafficDecision | null;
  explain?: ExplainEntry[];
  /** Non-fatal notes about the input (defaulted fields, ignored objects); absent when there are none. */
  warnings?: { field: string; message: string }[];
}
