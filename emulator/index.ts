// The emulator (docs/contracts.md §5), runtime-free: what the CLI (`tpe simulate`, `tpe lint`, `tpe diff`), the
// HTTP service and the playground call.
//
//   simulate(engine, objects, options?)  → SimulationReport
//       `objects`: parsed Kubernetes objects (host/objects parseDocuments; Lists flattened or not) —
//       Nodes, Pods, apps/v1 Deployments and DaemonSets, Services, EndpointSlices — and at most one
//       tpe.dev/v1alpha1 Traffic. Bad input throws a StatusError naming the object and field.
//
//   new Emulation(engine, objects, options?)   the same run, step by step, to look inside:
//       .cluster                 the ingested model (Cluster: nodes by id and zone, pods by node and
//                                label, Services, workloads)
//       .slices                  each Service's EndpointSlices (input or controller) and hint reports
//       .views                   kube-proxy's view per Service port (ProxyViews → PortView):
//                                views.answer(view, node) is one node's decision (docs/contracts.md §2's
//                                decision part); views.portsSpecialTo(node) the ports whose answer on
//                                that node differs from its zone's
//       .nodeView(node)          every port's decision on one node
//       .route()                 flows, tally and summary of the traffic as the cluster is now
//       .nextTime() / .advance(t) the fake clock: apply events, expire pods, re-evaluate what changed
//
// Data flows one way: objects → model/ → slices/ (controller/) → proxy/ (engine) → traffic/ → figures/.
export { simulate, MAX_STEPS } from './simulate.js';
export { Emulation, DEFAULT_SEED, DEFAULT_MAX_FLOWS, type SimulateOptions, type Routing, type Advance } from './emulation.js';
export { Cluster, type ClusterChanges } from './model/cluster.js';
export type { EmuNode, EmuPod, EmuService, PodTemplate, Toleration, Workload } from './model/types.js';
export { SliceStore, type SliceSource } from './slices/store.js';
export { ProxyViews } from './proxy/views.js';
export { answerOf, clusterRun, rowOf, ROUTE, DROP, REJECT, NOT_EXTERNAL, type PortView } from './proxy/port-view.js';
export {
  readTraffic,
  DEFAULT_BYTES_PER_REQUEST,
  DEFAULT_REQUESTS_PER_SECOND,
  type EventAction,
  type EventSpec,
  type FlowFrom,
  type FlowSpec,
  type TrafficSpec,
} from './traffic/kind.js';
export { TRAFFIC_API_VERSION, type ObjectOrigin } from '../host/cluster/ingest.js';
export { NODE_MATRIX_LIMIT } from './traffic/route.js';
export {
  DEFAULT_PROVIDER,
  PRICES,
  SECONDS_PER_MONTH,
  monthlyCost,
  pricePerGiB,
  resolvePrice,
  type CustomPrice,
  type Price,
  type Provider,
} from './figures/prices.js';
export type * from './document.js';
