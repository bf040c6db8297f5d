// The API resources tpe reads, with the paths the client lists and watches them at. deploy/'s
// ClusterRole grants exactly these (test/kube/rbac.test.ts checks it): get, list and watch, nothing else.
import type { WatchedKind } from '../../../host/cluster/incremental.js';

export interface ApiResource {
  kind: string;
  /** The API group, `""` for the core group (RBAC's spelling). */
  group: string;
  version: string;
  /** The plural resource name, as RBAC and the URL name it. */
  resource: string;
}

export const pathOf = (r: ApiResource) => `${r.group === '' ? '/api' : `/apis/${r.group}`}/${r.version}/${r.resource}`;

/** What `tpe serve --kubeconfig` lists and watches: what kube-proxy reads for its decision. */
export const SERVE_RESOURCES: readonly (ApiResource & { kind: WatchedKind })[] = [
  { kind: 'Node', group: '', version: 'v1', resource: 'nodes' },
  { kind: 'Service', group: '', version: 'v1', resource: 'services' },
  { kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
];

/** What the CLI reads once besides (the emulator derives slices from Pods and their controllers). */
export const CLI_RESOURCES: readonly ApiResource[] = [
  ...SERVE_RESOURCES,
  { kind: 'Pod', group: '', version: 'v1', resource: 'pods' },
  { kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments' },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets' },
];

/** The verbs tpe uses on each resource. */
export const VERBS = ['get', 'list', 'watch'] as const;
