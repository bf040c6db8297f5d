// Does kube-proxy of this release read a Service's hints at all? Asked of the engine itself (one
// implementation of the rules, docs/eras.md): a probe port of the Service's annotations, with one Ready
// endpoint hinted for the probe node's zone and node. If the engine answers topology None there,
// it answers None on every node whatever the hints say — the controller's allocation is not honoured
// (1.21 accepts only `auto`; 1.24–1.29 need the TopologyAwareHints gate and the annotation; 1.30–1.32
// one of TopologyAwareHints + annotation or ServiceTrafficDistribution).
import type { Engine } from '../../host/engine/engine.js';
import type { Era } from '../../host/engine/eras.js';
import { portRequestFor } from '../../host/engine/request.js';
import type { EndpointSliceModel, ServiceModel } from '../../host/objects/model.js';

const PROBE_NODE = 'tpe-probe-node';
const PROBE_ZONE = 'tpe-probe-zone';

export function kubeProxyReadsHints(engine: Engine, era: Era, service: ServiceModel): boolean {
  const family = service.ipFamilies[0] ?? 'IPv4';
  const probe: ServiceModel = {
    ...service,
    type: 'ClusterIP',
    clusterIP: family === 'IPv4' ? '10.96.0.10' : 'fd00::10',
    internalTrafficPolicy: 'Cluster',
    externalTrafficPolicy: null,
    externalIPs: [],
    loadBalancerIngress: [],
    healthCheckNodePort: null,
    ipFamilies: [family],
    ports: [{ name: 'probe', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: null }],
  };
  const slice: EndpointSliceModel = {
    namespace: service.namespace,
    name: `${service.name}-probe`,
    serviceName: service.name,
    addressType: family,
    ports: [{ name: 'probe', port: 8080, protocol: 'TCP' }],
    endpoints: [
      {
        addresses: [family === 'IPv4' ? '10.0.0.10' : 'fd00::a'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: PROBE_NODE,
        zone: PROBE_ZONE,
        forZones: [PROBE_ZONE],
        forNodes: [PROBE_NODE],
        targetPod: null,
      },
    ],
  };
  const request = portRequestFor({ era, service: probe, slices: [slice] });
  const [answer] = engine.decide(request, [
    {
      name: PROBE_NODE,
      labels: { 'topology.kubernetes.io/zone': PROBE_ZONE },
      zone: PROBE_ZONE,
      controlPlane: false,
      allocatableMilliCPU: null,
      ready: true,
      unschedulable: false,
      taints: [],
    },
  ]);
  return answer!.topologyMode !== 'None';
}

/** What kube-proxy of `era` needs before it reads hints (docs/eras.md), for the sentence that says they are ignored. */
export function hintsIgnoredBecause(era: Era): string {
  const m = era.minor;
  if (m === 21)
    return 'in 1.21 it filters by hints only with the TopologyAwareHints gate on and the topology-aware-hints annotation set to exactly "auto"';
  if (m <= 26)
    return `in 1.${m} it reads hints only with the TopologyAwareHints gate on and the topology-aware-hints annotation set to "Auto" or "auto"`;
  if (m <= 29)
    return `in 1.${m} it reads hints only with the TopologyAwareHints gate on and a topology annotation (topology-aware-hints, else topology-mode) set to a value other than "", "disabled" or "Disabled"`;
  return `in 1.${m} it reads hints only with the ServiceTrafficDistribution gate on, or with TopologyAwareHints on and a topology annotation set to a value other than "", "disabled" or "Disabled"`;
}
