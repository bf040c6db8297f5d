// The emulator's output document: docs/contracts.md §5 (`tpe simulate --json`), fixed fields first, then what
// tpe adds around them. Produced by emulator/simulate.ts, read by the renderers (text, CSV), by
// `tpe diff` and `tpe lint`. Plain JSON data: no Maps, no classes, byte-identical for the same input
// and seed (object keys in a fixed order, lists sorted as each field says).
import type { Verdict, TopologyMode } from '../host/engine/types.js';
import type { IngestWarning } from '../host/cluster/warnings.js';

/** Where a flow starts. docs/contracts.md §5: `{ pod, node, zone }`; external clients have `external: true` and no pod. */
export interface FlowSource {
  /** `namespace/name` of the client pod; absent for external and node (host) clients. */
  pod?: string;
  node: string;
  zone: string;
  /** A client outside the cluster whose traffic enters through `node` (NodePort / LB / externalIP). */
  external?: boolean;
  /** The client pod uses the host's network (or the flow is from the node itself). */
  hostNetwork?: boolean;
}

/** How the flow reaches the Service (docs/rules.md §6): which address it was sent to. */
export type FlowVia = 'clusterIP' | 'nodePort' | 'loadBalancer' | 'externalIP';

export interface FlowEndpoint {
  endpoint: string;
  /** `namespace/name` of the backing pod, null when the slice does not say. */
  pod: string | null;
  node: string | null;
  zone: string | null;
  /** Fraction of this flow's requests that reach the endpoint; the shares of a routed flow sum to 1. */
  share: number;
}

export interface Flow {
  from: FlowSource;
  to: { service: string; port: string };
  /** docs/contracts.md §2: `internal` = ClusterIP semantics, `external` = NodePort/LB/externalIP judged by ETP. */
  traffic: 'internal' | 'external';
  verdict: Verdict;
  endpoints: FlowEndpoint[];
  /** tpe's additions. */
  via: FlowVia;
  /** True when kube-proxy gave this flow Cluster semantics although ETP=Local (pod→LB IP, pod→same-node NodePort; docs/rules.md §6). */
  shortCircuit?: boolean;
  topologyMode: TopologyMode;
  /** Requests and bytes per second of this flow (all its client pods together). */
  requestsPerSecond: number;
  bytesPerSecond: number;
  /** Flow name from the Traffic object, when it had one. */
  name?: string;
}

/**
 * Flows of one Service port with one outcome, counted whether the report lists them or not: the
 * complete picture above maxFlows, where `flows` holds only dropped and rejected ones (up to the
 * limit). Same words as Flow; one entry per (port, traffic, via, verdict, shortCircuit, topologyMode).
 */
export interface FlowOutcome {
  to: { service: string; port: string };
  traffic: 'internal' | 'external';
  via: FlowVia;
  verdict: Verdict;
  shortCircuit?: boolean;
  topologyMode: TopologyMode;
  flows: number;
  /** Requests per second of these flows together. */
  requestsPerSecond: number;
  /** The nodes the flows come from (Flow.from.node), in name order: for dropped and rejected flows only. */
  nodes?: string[];
}

export interface BytesSplit {
  sameNode: number;
  sameZone: number;
  crossZone: number;
  /**
   * tpe's addition, present when not 0: bytes between two nodes where either one's zone is unknown (a
   * node without a zone label, or an endpoint on a node the cluster does not know). Neither same- nor
   * cross-zone, and not priced.
   */
  unknownZone?: number;
}

export interface CrossZoneCost {
  /** Per month (30 days) at the flows' steady rate. */
  usd: number;
  pricePerGiB: number;
  /** AWS bills both the sending and the receiving side of inter-AZ traffic. */
  billedBothDirections: boolean;
  /** Which price table entry was used: `aws`, `gcp`, `azure` or `custom`. */
  provider?: string;
  /** The price as the provider quotes it (GB = 10^9 bytes, GiB = 2^30) and where it comes from. */
  quoted?: { usd: number; per: 'GB' | 'GiB'; source: string };
}

export interface Summary {
  flows: number;
  route: number;
  drop: number;
  reject: number;
  bytesPerSecond: BytesSplit;
  crossZoneCostPerMonth: CrossZoneCost;
  /** tpe's additions. */
  requestsPerSecond?: { routed: number; dropped: number; rejected: number };
  /** Bytes per second by `fromZone → toZone`, keys `"zone-a→zone-b"`, sorted. */
  zoneMatrix?: Record<string, number>;
  /** Bytes per second by `fromNode → toNode`, only pairs with traffic, sorted. */
  nodeMatrix?: Record<string, number>;
  /** Requests per second landing on each endpoint: the busiest and the mean over endpoints that get any. */
  endpointLoad?: { max: number; mean: number; busiest: string | null };
}

/** Why the EndpointSlice controller did or did not put hints on a Service's slices (docs/rules.md §5). */
export interface HintReport {
  service: string;
  /** What asked for hints: the topology annotation, spec.trafficDistribution, or nothing. */
  source: 'annotation' | 'trafficDistribution' | 'none';
  /** Hints were written. */
  hinted: boolean;
  /** Stable code of the safeguard that removed hints (annotation mode), e.g. `InsufficientNodeInfo`, `NodesInOneZone`,
   *  `EndpointWithoutZone`, `TooFewEndpoints`, `MinimumAllocationExceedsThreshold`; null when none fired. */
  safeguard: string | null;
  /** A sentence a platform engineer understands. */
  message: string;
  /** Endpoints allocated per zone when hinted by the annotation heuristic. */
  allocation?: Record<string, number>;
  /**
   * Whether kube-proxy of the simulated release reads the hints written (present when `hinted`): false
   * when it ignores them for this Service (e.g. 1.21's exact `auto`, or an annotation or gate it needs
   * is missing); `message` then says why.
   */
  honoured?: boolean;
  /** A topology annotation set to a value that turns nothing on (`key=value`); see warning TopologyAnnotationIgnored. */
  ignoredAnnotation?: string;
  /** Every endpoint the controller wrote, with its hints, in slice order (present when hints were asked for). */
  endpoints?: HintedEndpoint[];
}

/** One endpoint of a Service's controller-made EndpointSlices and the hints written on it. */
export interface HintedEndpoint {
  /** The EndpointSlice it is in. */
  slice: string;
  /** `addresses[0]`. */
  address: string;
  /** `namespace/name` of the pod (targetRef). */
  pod: string | null;
  node: string | null;
  /** The endpoint's zone (its node's label); null when the node has none. */
  zone: string | null;
  /** conditions.ready: not-ready endpoints carry no hints. */
  ready: boolean;
  /** hints.forZones names: the zones whose clients kube-proxy sends to this endpoint; empty when none. */
  forZones: string[];
  /** hints.forNodes names (trafficDistribution PreferSameNode); empty when none. */
  forNodes: string[];
}

/** Non-fatal notes about the input and the run, in the one model every surface uses (host/cluster/warnings.ts). */
export type ReportWarning = IngestWarning;

/** One step of the fake clock: the same figures after the events at `at`. */
export interface Step {
  /** Milliseconds since the start of the simulation. */
  atMs: number;
  /** `60s`, `2m`: the event time as written. */
  at: string;
  /** The events applied at this step, as one-line descriptions. */
  events: string[];
  flows: Flow[];
  /** Every flow of the step by Service port and outcome: present when `flows` does not list them all (maxFlows). */
  outcomes?: FlowOutcome[];
  summary: Summary;
  /** The controller's hint reports, when they changed at this step (e.g. a safeguard fired after zoneDown). */
  hints?: HintReport[];
}

export interface SimulationReport {
  flows: Flow[];
  /** Every flow by Service port and outcome: present when `flows` does not list them all (maxFlows). */
  outcomes?: FlowOutcome[];
  summary: Summary;
  /** Present when the Traffic had events: step 0 is the initial state, then one step per event time. */
  steps?: Step[];
  hints?: HintReport[];
  warnings?: ReportWarning[];
  /** Inputs that shaped the result. */
  meta?: { seed: number; kubernetesVersion: string; nodes: number; pods: number; services: number; zones: string[] };
}
