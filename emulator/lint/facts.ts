// What lint reads, state by state of the fake clock: the flows the emulator routed (every verdict,
// endpoint share and topology mode as the engine decided them), the Services as they were, the
// EndpointSlice controller's hint reports, and what each node's health check server answers for
// ETP=Local load balancers. Collected once (collect.ts); rules turn them into findings and decide
// no route themselves.
import type { ServiceModel, ServicePortModel } from '../../host/objects/model.js';
import type { Flow, HintReport } from '../report/types.js';

/** Per node, what kube-proxy's health check server answers for an ETP=Local LoadBalancer Service (semantics.md §7). */
export interface HealthCheckView {
  service: string;
  node: string;
  /** Distinct local Ready endpoint IPs: the count the health check reports; 503 when 0. */
  localReady: number;
  /** External traffic arriving at the node is routed (to local serving+terminating endpoints when localReady is 0). */
  serving: boolean;
}

export interface LintState {
  /** The step time as written (`60s`), null without events. */
  at: string | null;
  flows: readonly Flow[];
  /** Flows routed at this state; more than `flows.length` when the report lists only dropped and rejected ones (maxFlows). */
  flowCount: number;
  /** The cluster's Services by `namespace/name`. */
  services: ReadonlyMap<string, ServiceModel>;
  /** Hint reports of the Services that asked for hints. */
  hints: readonly HintReport[];
  /** Every ETP=Local LoadBalancer Service on every node. */
  healthChecks: readonly HealthCheckView[];
}

export interface LintFacts {
  /** The initial state, then one per step of the fake clock. */
  states: readonly LintState[];
  /** Minor version of the simulated Kubernetes (what counts as externally accessible changed in 1.29). */
  minor: number;
}

export const portLabel = (port: ServicePortModel): string => (port.name !== '' ? port.name : String(port.port));

export const serviceObject = (key: string): string => `Service ${key}`;
