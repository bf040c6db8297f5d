// The validated, defaulted model: what the API server would have stored, reduced to the fields tpe
// reads. Produced by host/objects (parse → validate → default), consumed by host/engine (encode).
// Values are taken literally: conditions keep `null` for "absent" so the EndpointSlice → endpoint
// conversion (docs/rules.md §2) is done in exactly one place, host/engine/endpoints.ts.

export type IPFamily = 'IPv4' | 'IPv6';
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type TrafficPolicy = 'Cluster' | 'Local';

export interface ServicePortModel {
  /** `""` when the port is unnamed (single-port Services). */
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** Integer or named target port, as given (defaults to `port`). */
  targetPort: number | string;
  /** `null` when the object does not carry one (the API server may still allocate one; see engine). */
  nodePort: number | null;
}

export interface LoadBalancerIngressModel {
  ip: string | null;
  hostname: string | null;
  /** `null` when absent (means VIP). */
  ipMode: 'VIP' | 'Proxy' | null;
}

export interface ServiceModel {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  type: ServiceType;
  /** `spec.clusterIP`, `""` when unset; `"None"` for headless. */
  clusterIP: string;
  ports: ServicePortModel[];
  selector: Record<string, string> | null;
  /** After defaulting: `null` only where the API server leaves it unset (ExternalName, or the gate is off). */
  internalTrafficPolicy: TrafficPolicy | null;
  /** After defaulting: set iff the Service is externally accessible (docs/rules.md §8). */
  externalTrafficPolicy: TrafficPolicy | null;
  /** `PreferClose` | `PreferSameZone` | `PreferSameNode`, or null. */
  trafficDistribution: string | null;
  externalIPs: string[];
  allocateLoadBalancerNodePorts: boolean | null;
  healthCheckNodePort: number | null;
  ipFamilies: IPFamily[];
  sessionAffinity: 'None' | 'ClientIP';
  /** `sessionAffinityConfig.clientIP.timeoutSeconds` (default 10800 when ClientIP). */
  sessionAffinityTimeoutSeconds: number | null;
  publishNotReadyAddresses: boolean;
  loadBalancerIngress: LoadBalancerIngressModel[];
}

export interface EndpointConditionsModel {
  /** `null` = absent (read as true for ready/serving, false for terminating: docs/rules.md §2). */
  ready: boolean | null;
  serving: boolean | null;
  terminating: boolean | null;
}

export interface EndpointModel {
  addresses: string[];
  conditions: EndpointConditionsModel;
  /** `nodeName`, or for v1beta1 objects `topology["kubernetes.io/hostname"]`. */
  nodeName: string | null;
  /** `zone`, or for v1beta1 objects `topology["topology.kubernetes.io/zone"]`. */
  zone: string | null;
  /** `hints.forZones[].name`, in order. */
  forZones: string[];
  /** `hints.forNodes[].name`, in order. */
  forNodes: string[];
  /** `targetRef` when it names a Pod: `namespace/name`. */
  targetPod: string | null;
}

export interface EndpointPortModel {
  /** `null` when absent; kube-proxy skips such ports (docs/rules.md §2). `""` is a real name. */
  name: string | null;
  /** `null` when absent; kube-proxy skips such ports. */
  port: number | null;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface EndpointSliceModel {
  namespace: string;
  name: string;
  /** Label `kubernetes.io/service-name`, null when absent. */
  serviceName: string | null;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  ports: EndpointPortModel[];
  endpoints: EndpointModel[];
}

export interface TaintModel {
  key: string;
  value: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeModel {
  name: string;
  labels: Record<string, string>;
  /** Label `topology.kubernetes.io/zone`; `""` when missing. */
  zone: string;
  /** Label `node-role.kubernetes.io/control-plane` present. */
  controlPlane: boolean;
  /** `status.allocatable.cpu` in millicores; null when not reported. */
  allocatableMilliCPU: number | null;
  /** Condition Ready == True; null when the object carries no conditions. */
  ready: boolean | null;
  unschedulable: boolean;
  taints: TaintModel[];
}

/** A non-fatal note about the input: the object was read, but something was odd or defaulted. */
export interface InputWarning {
  /** Dotted field path from the root of the request, e.g. `endpointSlices[0].endpoints[1].topology`. */
  field: string;
  message: string;
}
