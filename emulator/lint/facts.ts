// What lint reads: the emulator's report (every flow's verdict, endpoints and topology mode, as the
// engine decided them; the controller's hint reports) and the cluster's Services, for the policies
// that explain a verdict. Rules turn these facts into findings; none decides a route.
import type { ServiceModel, ServicePortModel } from '../../host/objects/model.js';
import type { SimulationReport } from '../report/types.js';
import type { LintState } from './states.js';

/** Per node, what kube-proxy's health check server answers for an ETP=Local LoadBalancer Service (semantics.md §7). */
export interface HealthCheckView {
  service: string;
  node: string;
  /** Distinct local Ready endpoint IPs: the count the health check reports; 503 when 0. */
  localReady: number;
  /** External traffic arriving at the node is still routed (to local serving+terminating endpoints when localReady is 0). */
  serving: boolean;
}

export interface LintFacts {
  report: SimulationReport;
  /** The cluster's Services by `namespace/name`. */
  services: ReadonlyMap<string, ServiceModel>;
  /** Minor version of the simulated Kubernetes (what counts as externally accessible changed in 1.29). */
  minor: number;
  /** Health checks of every ETP=Local LoadBalancer Service on every node, in a state of the clock. */
  healthChecks(state: LintState): readonly HealthCheckView[];
}

export const portLabel = (port: ServicePortModel): string => (port.name !== '' ? port.name : String(port.port));

export const serviceObject = (key: string): string => `Service ${key}`;
