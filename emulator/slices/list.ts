// The controller's EndpointSlices as `kubectl get endpointslices -o yaml` prints them: a v1 List of
// discovery.k8s.io/v1 EndpointSlices, keys in the API server's (alphabetical) order, with the
// labels the controller sets — the Service's own labels, `kubernetes.io/service-name`,
// `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io` (and
// `service.kubernetes.io/headless` for a headless Service) — every condition, and hints only where
// written. Names are `<service>-<n>` where the controller uses generateName and a random suffix.
// ownerReferences are left out: they need the Service's uid, which the input model does not keep.
import type { EndpointModel, EndpointSliceModel, ServiceModel } from '../../host/objects/model.js';

export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

type Json = Record<string, unknown>;

export interface SliceList {
  apiVersion: 'v1';
  items: Json[];
  kind: 'List';
  metadata: { resourceVersion: '' };
}

export function sliceList(entries: ReadonlyArray<{ service: ServiceModel; slices: readonly EndpointSliceModel[] }>): SliceList {
  return {
    apiVersion: 'v1',
    items: entries.flatMap(({ service, slices }) => slices.map((slice) => sliceObject(service, slice))),
    kind: 'List',
    metadata: { resourceVersion: '' },
  };
}

/** The labels the controller puts on a Service's slices (ESL `utils.go` setEndpointSliceLabels). */
export function controllerLabels(service: ServiceModel): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.labels)) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL) labels[k] = v;
  if (service.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  labels[SERVICE_NAME_LABEL] = service.name;
  return sorted(labels);
}

function sliceObject(service: ServiceModel, slice: EndpointSliceModel): Json {
  return {
    addressType: slice.addressType,
    apiVersion: 'discovery.k8s.io/v1',
    // The placeholder slice of a Service without endpoints has none (kubectl prints null).
    endpoints: slice.endpoints.length ? slice.endpoints.map((ep) => endpointObject(slice.namespace, ep)) : null,
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${service.name}-`,
      labels: controllerLabels(service),
      name: slice.name,
      namespace: slice.namespace,
    },
    ports: slice.ports.length ? slice.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol })) : null,
  };
}

function endpointObject(namespace: string, ep: EndpointModel): Json {
  const out: Json = {
    addresses: [...ep.addresses],
    conditions: { ready: ep.conditions.ready, serving: ep.conditions.serving, terminating: ep.conditions.terminating },
  };
  if (ep.forZones.length || ep.forNodes.length) {
    const hints: Json = {};
    if (ep.forNodes.length) hints.forNodes = ep.forNodes.map((name) => ({ name }));
    if (ep.forZones.length) hints.forZones = ep.forZones.map((name) => ({ name }));
    out.hints = hints;
  }
  if (ep.nodeName !== null) out.nodeName = ep.nodeName;
  if (ep.targetPod !== null) {
    const slash = ep.targetPod.indexOf('/');
    out.targetRef = { kind: 'Pod', name: ep.targetPod.slice(slash + 1), namespace: ep.targetPod.slice(0, slash) || namespace };
  }
  if (ep.zone !== null) out.zone = ep.zone;
  return out;
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
