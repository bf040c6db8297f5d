// Traffic → flow groups: who sends, through which address, to which Service ports. A group is a
// set of clients (typed arrays: deciding node, client node, lane, affinity hash) times a list of
// Service ports; its flows are the cross product, never materialized — at 5,000 nodes × 10,000
// ports the default traffic is 50M flows. Re-planned at every step, since faults move pods.
//
// Which kube-proxy decides, and how (docs/rules.md §6, §11.7):
//   pod or node → ClusterIP                      internal traffic, on the client's node
//   pod or node → LB IP / externalIP             Cluster semantics on the client's node ("short-circuit")
//   pod or node → NodePort of its own node       Cluster semantics on that node
//   pod or node → NodePort of another node       external traffic, judged on the receiving node
//   external client → NodePort / LB / externalIP external traffic, on the node it enters through
// Clients on a node that is not Ready send nothing (the node is down or partitioned), and no load
// balancer sends through one.
import type { Cluster } from '../model/cluster.js';
import type { EmuPod } from '../model/types.js';
import type { Warnings } from '../../host/cluster/warnings.js';
import type { FlowSource, FlowVia } from '../document.js';
import type { ProxyViews } from '../proxy/views.js';
import { hasNodePort, notProxiedReason } from '../../host/engine/service-port.js';
import { NOT_EXTERNAL, type PortView } from '../proxy/port-view.js';
import { hashString } from '../hash.js';
import { clientHash } from './affinity.js';
import { DEFAULT_BYTES_PER_REQUEST, DEFAULT_REQUESTS_PER_SECOND, type FlowSpec, type TrafficSpec } from './kind.js';

export const LANE_INTERNAL = 0;
export const LANE_EXTERNAL = 1;
/** Cluster semantics for an external address (pod→LB IP, pod→own-node NodePort, host-originated). */
export const LANE_CLUSTER = 2;

export interface FlowGroup {
  /** The Traffic's flow, or null for the default traffic. */
  spec: FlowSpec | null;
  via: FlowVia;
  ports: PortView[];
  /** Hash of each port's key, for affinity picks. */
  portHash: Uint32Array;
  /** Clients. */
  size: number;
  /** Node whose kube-proxy decides. */
  judge: Int32Array;
  /** Node the client runs on; -1 for a client outside the cluster. */
  origin: Int32Array;
  lane: Uint8Array;
  affinity: Uint32Array;
  sources: FlowSource[];
  /** Per client. */
  requestsPerSecond: number;
  bytesPerRequest: number;
}

interface Client {
  node: number;
  source: FlowSource;
  /** The source address kube-proxy's affinity table sees. */
  ip: string;
}

export function planTraffic(
  traffic: TrafficSpec | null,
  cluster: Cluster,
  views: ProxyViews,
  seed: number,
  warnings: Warnings,
): FlowGroup[] {
  if (traffic === null || traffic.flows.length === 0) return [defaultGroup(cluster, views, seed)];
  const groups: FlowGroup[] = [];
  for (const spec of traffic.flows) {
    const group = planFlow(spec, cluster, views, seed, warnings);
    if (group) groups.push(group);
  }
  return groups;
}

/** Total flows of the groups: clients × ports. */
export function flowCount(groups: readonly FlowGroup[]): number {
  let n = 0;
  for (const g of groups) n += g.size * g.ports.length;
  return n;
}

/**
 * docs/contracts.md §5's default: one flow from every Ready node that runs a pod to every Service port, 1
 * request/s of 1 KiB, sent to the ClusterIP. The node stands for its pods: one client per node,
 * whose affinity address is the node's.
 */
function defaultGroup(cluster: Cluster, views: ProxyViews, seed: number): FlowGroup {
  const clients: Client[] = [];
  cluster.nodes.forEach((node, id) => {
    if (!node.ready) return;
    if (!cluster.podsOnNode(node.name).some((p) => p.phase === 'Running')) return;
    clients.push({ node: id, ip: node.ip, source: { node: node.name, zone: node.zone } });
  });
  return makeGroup(
    null,
    'clusterIP',
    [...views.ports()],
    clients,
    () => LANE_INTERNAL,
    () => -2,
    cluster,
    seed,
    DEFAULT_REQUESTS_PER_SECOND,
    DEFAULT_BYTES_PER_REQUEST,
  );
}

function planFlow(spec: FlowSpec, cluster: Cluster, views: ProxyViews, seed: number, warnings: Warnings): FlowGroup | null {
  const where = `Traffic spec.flows[${spec.index}]${spec.name ? ` (${spec.name})` : ''}`;
  const service = cluster.service(spec.to.service);
  if (!service) {
    warnings.add('UnknownService', where, `Service ${spec.to.service} is not in the cluster: the flow is skipped`);
    return null;
  }
  const reason = notProxiedReason(service.model);
  if (reason !== null) {
    warnings.add('NotProxied', where, `Service ${spec.to.service} is ${reason}: the flow is skipped`);
    return null;
  }
  let ports = [...views.portsOf(service.key)];
  if (spec.to.port !== null) {
    const port = views.port(service.key, spec.to.port);
    if (!port) {
      warnings.add(
        'UnknownPort',
        where,
        `Service ${spec.to.service} has no port ${spec.to.port} (ports: ${ports.map((p) => p.portName).join(', ')}): the flow is skipped`,
      );
      return null;
    }
    ports = [port];
  }
  const external = spec.from.kind === 'external';
  const via = spec.to.via ?? (external ? outermost(service.model) : 'clusterIP');
  if (via === null) {
    warnings.add(
      'NotExternallyAccessible',
      where,
      `Service ${spec.to.service} is type ${service.model.type} without externalIPs: a client outside the cluster cannot reach it; the flow is skipped`,
    );
    return null;
  }
  const problem = viaProblem(via, service.model, ports);
  if (problem) {
    warnings.add('NotExternallyAccessible', where, `${problem}: the flow is skipped`);
    return null;
  }
  if (via === 'loadBalancer' && !service.model.loadBalancerIngress.some((i) => i.ip !== null)) {
    warnings.add(
      'NoLoadBalancerIP',
      where,
      `Service ${spec.to.service} has no status.loadBalancer.ingress IP yet: traffic is routed as if its load balancer existed`,
    );
  }

  const clients = resolveClients(spec, cluster, where, warnings);
  if (clients.length === 0) return null;
  let target = -1;
  if (via === 'nodePort' && spec.to.node !== null) {
    const id = cluster.nodeId(spec.to.node);
    if (id === undefined) {
      warnings.add('UnknownNode', where, `to.node ${spec.to.node} is not in the cluster: the flow is skipped`);
      return null;
    }
    target = id;
  }
  const lane = (c: Client): number => {
    if (external) return LANE_EXTERNAL;
    if (via === 'clusterIP') return LANE_INTERNAL;
    if (via === 'nodePort' && target >= 0 && target !== c.node) return LANE_EXTERNAL;
    return LANE_CLUSTER;
  };
  // -2: the client's own node.
  const judge = (): number => (via === 'nodePort' && target >= 0 && !external ? target : -2);
  const perClient =
    spec.from.kind === 'external' && spec.from.node === null ? spec.requestsPerSecond / clients.length : spec.requestsPerSecond;
  return makeGroup(spec, via, ports, clients, lane, judge, cluster, seed, perClient, spec.bytesPerRequest);
}

/** The address an outside client uses by default: the load balancer, else a NodePort, else an externalIP. */
function outermost(model: PortView['service']['model']): FlowVia | null {
  if (model.type === 'LoadBalancer') return 'loadBalancer';
  if (model.type === 'NodePort') return 'nodePort';
  if (model.externalIPs.length > 0) return 'externalIP';
  return null;
}

function viaProblem(via: FlowVia, model: PortView['service']['model'], ports: readonly PortView[]): string | null {
  const name = `Service ${model.namespace}/${model.name}`;
  if (via === 'loadBalancer' && model.type !== 'LoadBalancer')
    return `${name} is type ${model.type}, not LoadBalancer: it has no load-balancer IP`;
  if (via === 'externalIP' && model.externalIPs.length === 0) return `${name} has no spec.externalIPs`;
  if (via === 'nodePort') {
    if (!ports.some((p) => hasNodePort(model, p.port)))
      return `${name} has no NodePort (type ${model.type}${model.type === 'LoadBalancer' ? ', allocateLoadBalancerNodePorts: false' : ''})`;
  }
  if (via !== 'clusterIP' && ports.some((p) => p.externalVerdict[0] === NOT_EXTERNAL && p.rows > 0)) {
    return `${name} is not externally accessible from kube-proxy's point of view (no NodePort, no load-balancer IP in VIP mode, no externalIP of its family; docs/rules.md §11.6)`;
  }
  return null;
}

function resolveClients(spec: FlowSpec, cluster: Cluster, where: string, warnings: Warnings): Client[] {
  const from = spec.from;
  const readyNode = (name: string | null) => {
    const id = name === null ? undefined : cluster.nodeId(name);
    return id !== undefined && cluster.nodes[id]!.ready ? id : undefined;
  };
  switch (from.kind) {
    case 'node': {
      const id = cluster.nodeId(from.node);
      if (id === undefined) {
        warnings.add('UnknownNode', where, `from.node ${from.node} is not in the cluster: the flow is skipped`);
        return [];
      }
      if (!cluster.nodes[id]!.ready) {
        warnings.add(
          'NotReadyNode',
          where,
          `from.node ${from.node} is NotReady: the emulator runs no client on a NotReady node, so the flow is skipped`,
        );
        return [];
      }
      const node = cluster.nodes[id]!;
      return [{ node: id, ip: node.ip, source: { node: node.name, zone: node.zone, hostNetwork: true } }];
    }
    case 'external': {
      if (from.node !== null) {
        const id = cluster.nodeId(from.node);
        if (id === undefined) {
          warnings.add('UnknownNode', where, `from.node ${from.node} is not in the cluster: the flow is skipped`);
          return [];
        }
        const node = cluster.nodes[id]!;
        if (!node.ready) {
          warnings.add(
            'NotReadyNode',
            where,
            `from.node ${from.node} is NotReady: external traffic is not sent through a NotReady node, so the flow is skipped`,
          );
          return [];
        }
        return [{ node: id, ip: `external/${spec.index}`, source: { node: node.name, zone: node.zone, external: true } }];
      }
      const out: Client[] = [];
      cluster.nodes.forEach((node, id) => {
        if (node.ready) out.push({ node: id, ip: `external/${spec.index}`, source: { node: node.name, zone: node.zone, external: true } });
      });
      return out;
    }
    case 'pod':
    case 'pods': {
      const pods =
        from.kind === 'pod'
          ? [cluster.pod(from.pod)].filter((p): p is EmuPod => p !== undefined)
          : cluster.podsMatching(from.namespace, from.selector);
      const out: Client[] = [];
      const onNotReady: string[] = [];
      for (const pod of pods) {
        if (pod.phase !== 'Running') continue;
        const id = readyNode(pod.nodeName);
        if (id === undefined) {
          if (pod.nodeName !== null && cluster.nodeId(pod.nodeName) !== undefined) onNotReady.push(pod.key);
          continue;
        }
        const node = cluster.nodes[id]!;
        const source: FlowSource = { pod: pod.key, node: node.name, zone: node.zone };
        if (pod.hostNetwork) source.hostNetwork = true;
        out.push({ node: id, ip: pod.hostNetwork ? node.ip : (pod.ips[0] ?? node.ip), source });
      }
      if (onNotReady.length > 0) {
        const n = onNotReady.length;
        warnings.add(
          'NotReadyNode',
          where,
          `${n} client pod${n === 1 ? ' runs' : 's run'} on NotReady nodes (${onNotReady.slice(0, 3).join(', ')}${n > 3 ? `, and ${n - 3} more` : ''}): the emulator runs no client there, so ${n === 1 ? 'its flow is' : 'their flows are'} skipped`,
        );
      }
      if (pods.length === 0) {
        const what =
          from.kind === 'pod'
            ? `pod ${from.pod}`
            : `pods${from.namespace !== null ? ` in namespace ${from.namespace}` : ''} with labels ${JSON.stringify(from.selector)}`;
        warnings.add('NoClients', where, `no ${what}: the flow has no clients`);
      }
      return out.sort((a, b) => a.node - b.node || (a.source.pod! < b.source.pod! ? -1 : 1));
    }
  }
}

function makeGroup(
  spec: FlowSpec | null,
  via: FlowVia,
  ports: PortView[],
  clients: readonly Client[],
  laneOf: (c: Client) => number,
  judgeOf: (c: Client) => number,
  cluster: Cluster,
  seed: number,
  requestsPerSecond: number,
  bytesPerRequest: number,
): FlowGroup {
  const n = clients.length;
  const group: FlowGroup = {
    spec,
    via,
    ports,
    portHash: Uint32Array.from(ports.map((p) => hashString(p.key))),
    size: n,
    judge: new Int32Array(n),
    origin: new Int32Array(n),
    lane: new Uint8Array(n),
    affinity: new Uint32Array(n),
    sources: clients.map((c) => c.source),
    requestsPerSecond,
    bytesPerRequest,
  };
  clients.forEach((c, i) => {
    const judged = judgeOf(c);
    const judge = judged >= 0 ? judged : c.node;
    group.judge[i] = judge;
    group.origin[i] = c.source.external ? -1 : c.node;
    group.lane[i] = laneOf(c);
    group.affinity[i] = clientHash(seed, c.ip, cluster.nodes[judge]!.name);
  });
  return group;
}
