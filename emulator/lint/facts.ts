// What lint reads, state by state of the fake clock: every flow the emulator routed, counted per
// Service port and outcome (traffic, via, verdict, short-circuit and topology mode as the engine
// decided them) with the nodes the flows come from, the requests per second each endpoint takes,
// the Services as they were, the EndpointSlice controller's hint reports, and what each node's
// health check server answers for ETP=Local load balancers. Collected once (collect.ts) from the
// emulator's tally, so complete at any scale — no flow is left out because the report did not list
// it; rules turn them into findings and decide no route themselves.
import type { ServiceModel, ServicePortModel } from '../../host/objects/model.js';
import type { FlowOutcome, HintReport, ReportWarning } from '../document.js';

/** Per node, what kube-proxy's health check server answers for an ETP=Local LoadBalancer Service (docs/rules.md §7). */
export interface HealthCheckView {
  service: string;
  node: string;
  /** Distinct local Ready endpoint IPs: the count the health check reports; 503 when 0. */
  localReady: number;
  /** External traffic arriving at the node is routed (to local serving+terminating endpoints when localReady is 0). */
  serving: boolean;
}

/** Flows of one Service port with one outcome (the report's FlowOutcome), every one of their nodes named. */
export interface PortOutcome extends Omit<FlowOutcome, 'nodes'> {
  /** The nodes the flows come from (Flow.from.node). */
  readonly nodes: readonly string[];
}

/** Requests per second an endpoint of a Service port takes from the routed flows. */
export interface EndpointLoad {
  /** `ip:port`. */
  endpoint: string;
  node: string | null;
  requestsPerSecond: number;
}

export interface PortLoad {
  service: string;
  port: string;
  /** The endpoints that get any traffic. */
  endpoints: readonly EndpointLoad[];
}

export interface LintState {
  /** The step time as written (`60s`), null without events. */
  at: string | null;
  /** Every flow of this state, by Service port and outcome. */
  outcomes: readonly PortOutcome[];
  /** Per Service port that flows went to, its endpoints' load. */
  endpointLoad: readonly PortLoad[];
  /** The cluster's Services by `namespace/name`. */
  services: ReadonlyMap<string, ServiceModel>;
  /** Hint reports of the Services that asked for hints. */
  hints: readonly HintReport[];
  /** Every ETP=Local LoadBalancer Service on every node. */
  healthChecks: readonly HealthCheckView[];
  /** Per Service, its endpoints by condition as kube-proxy reads them (every family, every slice). */
  endpointConditions?: ReadonlyMap<string, EndpointConditionCounts>;
}

export interface EndpointConditionCounts {
  ready: number;
  /** Not ready, but serving and terminating: what the terminating fallback uses (docs/rules.md §3). */
  servingTerminating: number;
}

export interface LintFacts {
  /** The initial state, then one per step of the fake clock. */
  states: readonly LintState[];
  /** Minor version of the simulated Kubernetes (what counts as externally accessible changed in 1.29). */
  minor: number;
  /** kube-proxy falls back to serving terminating endpoints (gate ProxyTerminatingEndpoints); default true. */
  terminatingFallback?: boolean;
  /** What the simulation said about its input (defaulted fields, objects set aside), as `tpe simulate` reports it. */
  warnings?: readonly ReportWarning[];
}

export const portLabel = (port: ServicePortModel): string => (port.name !== '' ? port.name : String(port.port));

export const serviceObject = (key: string): string => `Service ${key}`;
