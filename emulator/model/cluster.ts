// The emulated cluster and its indexes: nodes by name and zone, pods by key, node and label,
// Services and workloads by key. Changed only through its methods, which record what they touched
// (`takeChanges`): the Services whose pods changed and the nodes that changed — what the
// EndpointSlice store and the proxy views re-evaluate, and nothing else.
import { hasSelector } from '../../host/objects/well-known.js';
import type { ServiceModel } from '../../host/objects/model.js';
import type { EmuNode, EmuPod, EmuService, Workload } from './types.js';

/** What mutations touched since the last takeChanges(). */
export interface ClusterChanges {
  /** Services whose selected pods were added, removed or changed. */
  services: Set<string>;
  /** Services whose object changed (a patch): kube-proxy re-reads their ports and policies. */
  patched: Set<string>;
  /** Nodes whose readiness or schedulability changed. */
  nodes: Set<string>;
}

const labelKey = (key: string, value: string) => `${key}\u0000${value}`;
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class Cluster {
  /** By name; a node's index here is its id (stable for the whole run: events never add nodes). */
  readonly nodes: readonly EmuNode[];
  /** Distinct zone labels, sorted; `""` (no zone label) included when a node has none. */
  readonly zones: readonly string[];
  /** Node id → zone id (index into `zones`). */
  readonly zoneOf: Int32Array;
  private readonly nodeIds = new Map<string, number>();
  private readonly nodesInZone: number[][];

  private readonly podsByKey = new Map<string, EmuPod>();
  private readonly podsOnNodeIndex = new Map<string, Set<string>>();
  /** namespace → `key\0value` → pod keys. */
  private readonly labelIndex = new Map<string, Map<string, Set<string>>>();
  private readonly usedIPs = new Set<string>();
  /** Pods with a fake-clock end (goneAt): what the clock has to expire. */
  private readonly expiring = new Set<string>();
  private readonly nextHost = new Map<string, number>();

  private readonly servicesByKey = new Map<string, EmuService>();
  private readonly rawServices = new Map<string, unknown>();
  private readonly servicesInNamespace = new Map<string, Set<string>>();
  readonly workloads = new Map<string, Workload>();

  private changes: ClusterChanges = { services: new Set(), patched: new Set(), nodes: new Set() };
  /** Off while the cluster is being built: everything is new then, and finding each pod's Services would cost pods × Services. */
  private tracking = false;

  constructor(nodes: readonly EmuNode[]) {
    this.nodes = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.zones = [...new Set(this.nodes.map((n) => n.zone))].sort();
    const zoneIds = new Map(this.zones.map((z, i) => [z, i]));
    this.zoneOf = new Int32Array(this.nodes.length);
    this.nodesInZone = this.zones.map(() => []);
    this.nodes.forEach((node, id) => {
      this.nodeIds.set(node.name, id);
      const zone = zoneIds.get(node.zone)!;
      this.zoneOf[id] = zone;
      this.nodesInZone[zone]!.push(id);
      // Nodes without an InternalIP or pod range get addresses from ranges of their own:
      // 172.16.0.0/12 for nodes, 10.128.0.0/9 (one /24 per node) for pods.
      if (node.ip === '') node.ip = `172.${16 + (id >> 16)}.${(id >> 8) & 255}.${id & 255}`;
      if (node.podPrefix === '') node.podPrefix = `10.${128 + (id >> 8)}.${id & 255}`;
      this.usedIPs.add(node.ip);
    });
  }

  // Nodes.

  nodeId(name: string): number | undefined {
    return this.nodeIds.get(name);
  }

  node(name: string): EmuNode | undefined {
    const id = this.nodeIds.get(name);
    return id === undefined ? undefined : this.nodes[id];
  }

  /** Node ids of a zone id, in name order. */
  nodesOfZone(zone: number): readonly number[] {
    return this.nodesInZone[zone] ?? [];
  }

  zoneId(zone: string): number {
    return this.zones.indexOf(zone);
  }

  /** Changes a node's readiness or schedulability; the controller and placement read both. */
  updateNode(name: string, change: Partial<Pick<EmuNode, 'ready' | 'unschedulable'>>): void {
    const node = this.node(name);
    if (!node) return;
    if (change.ready !== undefined && change.ready !== node.ready) {
      node.ready = change.ready;
      if (this.tracking) this.changes.nodes.add(name);
    }
    if (change.unschedulable !== undefined && change.unschedulable !== node.unschedulable) {
      node.unschedulable = change.unschedulable;
      if (this.tracking) this.changes.nodes.add(name);
    }
  }

  // Pods.

  pod(key: string): EmuPod | undefined {
    return this.podsByKey.get(key);
  }

  get podCount(): number {
    return this.podsByKey.size;
  }

  /** Every pod, by key. */
  pods(): EmuPod[] {
    return [...this.podsByKey.values()].sort(byKey);
  }

  /** Pods on a node, by key. */
  podsOnNode(name: string): EmuPod[] {
    const keys = this.podsOnNodeIndex.get(name);
    return keys ? [...keys].sort().map((k) => this.podsByKey.get(k)!) : [];
  }

  /** Number of pods on a node (any phase). */
  podCountOnNode(name: string): number {
    return this.podsOnNodeIndex.get(name)?.size ?? 0;
  }

  /**
   * Pods of `namespace` whose labels include every `selector` entry, by key. An empty selector
   * selects every pod of the namespace (`null` namespace: of every namespace).
   */
  podsMatching(namespace: string | null, selector: Readonly<Record<string, string>>): EmuPod[] {
    const namespaces = namespace === null ? [...this.labelIndex.keys()] : [namespace];
    const out: EmuPod[] = [];
    for (const ns of namespaces) {
      const index = this.labelIndex.get(ns);
      if (!index) continue;
      const entries = Object.entries(selector);
      let candidates: Iterable<string>;
      if (entries.length === 0) {
        candidates = new Set([...index.values()].flatMap((s) => [...s]));
      } else {
        // Start from the smallest label set; check the others on the pod itself.
        let smallest: Set<string> | undefined;
        for (const [k, v] of entries) {
          const set = index.get(labelKey(k, v));
          if (!set) {
            smallest = new Set();
            break;
          }
          if (!smallest || set.size < smallest.size) smallest = set;
        }
        candidates = smallest ?? [];
      }
      for (const key of candidates) {
        const pod = this.podsByKey.get(key)!;
        if (entries.every(([k, v]) => pod.labels[k] === v)) out.push(pod);
      }
    }
    return out.sort(byKey);
  }

  /** The pods a Service's selector picks (none for a Service without a selector: its slices are managed by hand). */
  podsOfService(service: ServiceModel): EmuPod[] {
    if (!hasSelector(service)) return [];
    return this.podsMatching(service.namespace, service.selector);
  }

  /** Pods that will be gone at some time of the fake clock, by key. */
  expiringPods(): EmuPod[] {
    return [...this.expiring].sort().map((k) => this.podsByKey.get(k)!);
  }

  addPod(pod: EmuPod): void {
    if (this.podsByKey.has(pod.key)) throw new Error(`pod ${pod.key} exists`);
    this.podsByKey.set(pod.key, pod);
    if (pod.goneAt !== null) this.expiring.add(pod.key);
    for (const ip of pod.ips) this.usedIPs.add(ip);
    if (pod.nodeName !== null) this.indexNode(pod.nodeName).add(pod.key);
    let index = this.labelIndex.get(pod.namespace);
    if (!index) this.labelIndex.set(pod.namespace, (index = new Map()));
    for (const [k, v] of Object.entries(pod.labels)) {
      const key = labelKey(k, v);
      let set = index.get(key);
      if (!set) index.set(key, (set = new Set()));
      set.add(pod.key);
    }
    this.touchServicesOf(pod);
  }

  removePod(key: string): EmuPod | undefined {
    const pod = this.podsByKey.get(key);
    if (!pod) return undefined;
    this.touchServicesOf(pod);
    this.podsByKey.delete(key);
    this.expiring.delete(key);
    if (!pod.hostNetwork) for (const ip of pod.ips) this.usedIPs.delete(ip);
    if (pod.nodeName !== null) this.podsOnNodeIndex.get(pod.nodeName)?.delete(key);
    const index = this.labelIndex.get(pod.namespace);
    for (const [k, v] of Object.entries(pod.labels)) index?.get(labelKey(k, v))?.delete(key);
    return pod;
  }

  /** Changes a pod's state (not its labels, namespace or node: those make a new pod). */
  updatePod(key: string, change: Partial<Pick<EmuPod, 'ready' | 'terminating' | 'goneAt' | 'phase'>>): void {
    const pod = this.podsByKey.get(key);
    if (!pod) return;
    Object.assign(pod, change);
    if (pod.goneAt !== null) this.expiring.add(key);
    else this.expiring.delete(key);
    this.touchServicesOf(pod);
  }

  /**
   * A free address in the node's /24 pod range (hosts .2–.254): the next free one after the last
   * given, wrapping around, as a node's IPAM hands them out — a replacement pod gets a new address.
   * Null when the range is full. Host-network pods use the node's own address instead.
   */
  allocatePodIP(nodeName: string): string | null {
    const node = this.node(nodeName);
    if (!node) return null;
    const start = this.nextHost.get(nodeName) ?? 2;
    for (let i = 0; i < 253; i++) {
      const host = ((start - 2 + i) % 253) + 2;
      const ip = `${node.podPrefix}.${host}`;
      if (this.usedIPs.has(ip)) continue;
      this.usedIPs.add(ip);
      this.nextHost.set(nodeName, host + 1);
      return ip;
    }
    return null;
  }

  // Services.

  service(key: string): EmuService | undefined {
    return this.servicesByKey.get(key);
  }

  /** Every Service, by key. */
  services(): EmuService[] {
    return [...this.servicesByKey.values()].sort(byKey);
  }

  get serviceCount(): number {
    return this.servicesByKey.size;
  }

  /** The object the Service was read from (what a `patch` event merges into). */
  rawService(key: string): unknown {
    return this.rawServices.get(key);
  }

  setService(service: EmuService, raw: unknown): void {
    this.servicesByKey.set(service.key, service);
    this.rawServices.set(service.key, raw);
    let keys = this.servicesInNamespace.get(service.model.namespace);
    if (!keys) this.servicesInNamespace.set(service.model.namespace, (keys = new Set()));
    keys.add(service.key);
    if (this.tracking) this.changes.patched.add(service.key);
  }

  /** Services of the pod's namespace whose selector picks it. */
  servicesOf(pod: EmuPod): string[] {
    const out: string[] = [];
    for (const key of this.servicesInNamespace.get(pod.namespace) ?? []) {
      const selector = this.servicesByKey.get(key)!.model.selector;
      if (selector === null) continue;
      const entries = Object.entries(selector);
      if (entries.length > 0 && entries.every(([k, v]) => pod.labels[k] === v)) out.push(key);
    }
    return out;
  }

  // Change tracking.

  /** From now on, mutations record what they touch. */
  track(): void {
    this.tracking = true;
    this.changes = { services: new Set(), patched: new Set(), nodes: new Set() };
  }

  takeChanges(): ClusterChanges {
    const changes = this.changes;
    this.changes = { services: new Set(), patched: new Set(), nodes: new Set() };
    return changes;
  }

  private touchServicesOf(pod: EmuPod): void {
    if (!this.tracking) return;
    for (const key of this.servicesOf(pod)) this.changes.services.add(key);
  }

  private indexNode(name: string): Set<string> {
    let set = this.podsOnNodeIndex.get(name);
    if (!set) this.podsOnNodeIndex.set(name, (set = new Set()));
    return set;
  }
}
