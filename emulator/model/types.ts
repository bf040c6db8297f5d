// The emulated cluster: what the EndpointSlice controller, kube-proxy and the traffic generator
// read. Built from Kubernetes objects by ingest.ts, changed by faults (emulator/faults), never by
// the proxy or the figures. Plain data; the indexes live in cluster.ts.
import type { EndpointSliceModel, ServiceModel, TaintModel } from '../../host/objects/model.js';
import type { ContainerPortModel, PodPhase } from '../../host/objects/pod.js';

export type { ContainerPortModel };

export interface EmuNode {
  name: string;
  labels: Record<string, string>;
  /** Label topology.kubernetes.io/zone, `""` when missing. */
  zone: string;
  /** status.addresses InternalIP (assigned when absent): the source IP of host-network clients and endpoints. */
  ip: string;
  /** First three octets of the node's /24 pod range (spec.podCIDR, or assigned): generated pods get addresses there. */
  podPrefix: string;
  controlPlane: boolean;
  /** status.allocatable.cpu in millicores (defaulted when absent, with a warning). */
  milliCPU: number;
  /** True when milliCPU is the default because the Node reports no allocatable CPU. */
  cpuDefaulted?: boolean;
  /** Condition Ready (defaulted to true when the object has no conditions, with a warning). */
  ready: boolean;
  unschedulable: boolean;
  taints: TaintModel[];
}

export interface Toleration {
  key: string;
  operator: 'Exists' | 'Equal';
  value: string;
  /** `""` tolerates every effect. */
  effect: string;
}

export interface PodTemplate {
  labels: Record<string, string>;
  hostNetwork: boolean;
  containerPorts: ContainerPortModel[];
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  terminationGracePeriodSeconds: number;
}

export interface EmuPod {
  namespace: string;
  name: string;
  /** `namespace/name`. */
  key: string;
  labels: Record<string, string>;
  /** spec.nodeName; null only for a pod the emulator could not place. */
  nodeName: string | null;
  ips: string[];
  phase: PodPhase;
  /** Condition Ready. */
  ready: boolean;
  /** metadata.deletionTimestamp is set. */
  terminating: boolean;
  hostNetwork: boolean;
  containerPorts: ContainerPortModel[];
  terminationGracePeriodSeconds: number;
  /** `Deployment/ns/name` or `DaemonSet/ns/name` for pods the emulator made from a workload. */
  owner: string | null;
  /** Fake-clock millisecond at which a terminating pod is gone; null when not terminating. */
  goneAt: number | null;
}

export interface Workload {
  kind: 'Deployment' | 'DaemonSet';
  namespace: string;
  name: string;
  /** `Deployment/ns/name`. */
  key: string;
  /** Deployments only; DaemonSets run one pod per eligible node. */
  replicas: number;
  template: PodTemplate;
  /** Pods made so far: the next pod's name is derived from it, so names never repeat. */
  made: number;
}

export interface EmuService {
  model: ServiceModel;
  /** `namespace/name`. */
  key: string;
  /** The input's EndpointSlices of this Service, null when it had none. */
  givenSlices: EndpointSliceModel[] | null;
}
