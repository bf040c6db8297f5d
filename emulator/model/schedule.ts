// Where new pods go. A deterministic stand-in for the scheduler, documented so that a report can be
// checked by hand:
//   - a node is eligible for a Deployment pod when it is Ready, not cordoned, every NoSchedule and
//     NoExecute taint is tolerated and the template's nodeSelector matches its labels
//     (PreferNoSchedule is a preference: ignored; resource requests are not modelled);
//   - among eligible nodes, a Deployment pod goes to the zone holding the fewest of the workload's
//     running (not terminating) pods, then to that zone's node holding the fewest, ties broken by
//     zone name and node name — zone-then-node spreading, like a topology spread constraint with
//     maxSkew 1 on zone and hostname;
//   - a DaemonSet runs one pod on every node whose taints it tolerates and whose labels match its
//     nodeSelector, cordoned or not Ready included (the DaemonSet controller adds tolerations for
//     both);
//   - a bare Pod manifest without spec.nodeName goes to the eligible node with the fewest pods.
// Pod addresses come from the node's /24 (Cluster.allocatePodIP); host-network pods use the node's.
import type { Cluster } from './cluster.js';
import type { EmuNode, EmuPod, PodTemplate, Toleration, Workload } from './types.js';
import type { Warnings } from '../../host/cluster/warnings.js';

function tolerates(tolerations: readonly Toleration[], taint: EmuNode['taints'][number]): boolean {
  return tolerations.some(
    (t) =>
      (t.effect === '' || t.effect === taint.effect) &&
      (t.operator === 'Exists' ? t.key === '' || t.key === taint.key : t.key === taint.key && t.value === taint.value),
  );
}

/** Taints and nodeSelector only: what a DaemonSet checks. */
function fits(node: EmuNode, template: Pick<PodTemplate, 'nodeSelector' | 'tolerations'>): boolean {
  for (const taint of node.taints) {
    if (taint.effect !== 'PreferNoSchedule' && !tolerates(template.tolerations, taint)) return false;
  }
  for (const [k, v] of Object.entries(template.nodeSelector)) if (node.labels[k] !== v) return false;
  return true;
}

/** What the scheduler checks for a Deployment's or a bare manifest's pod. */
export function schedulable(node: EmuNode, template: Pick<PodTemplate, 'nodeSelector' | 'tolerations'>): boolean {
  return node.ready && !node.unschedulable && fits(node, template);
}

/** Nodes a DaemonSet runs a pod on. */
export function daemonSetNodes(cluster: Cluster, workload: Workload): EmuNode[] {
  return cluster.nodes.filter((n) => fits(n, workload.template));
}

/** Makes a pod of `workload` on `node` (or Pending when node is null) and adds it to the cluster. */
export function makeWorkloadPod(cluster: Cluster, workload: Workload, node: EmuNode | null, warnings: Warnings): EmuPod {
  let name =
    workload.kind === 'DaemonSet' && node
      ? `${workload.name}-${node.name}`.slice(0, 253).replace(/[-.]+$/, '')
      : `${workload.name}-${workload.made}`;
  workload.made += 1;
  // A pod of the input may already hold the name: take the next ordinal.
  while (cluster.pod(`${workload.namespace}/${name}`)) name = `${workload.name}-${workload.made++}`;
  const pod: EmuPod = {
    namespace: workload.namespace,
    name,
    key: `${workload.namespace}/${name}`,
    labels: { ...workload.template.labels },
    nodeName: node?.name ?? null,
    ips: [],
    phase: node ? 'Running' : 'Pending',
    // A pod on a node that is not Ready does not pass its readiness probe (the node is unreachable).
    ready: node ? node.ready : false,
    terminating: false,
    hostNetwork: workload.template.hostNetwork,
    containerPorts: workload.template.containerPorts,
    terminationGracePeriodSeconds: workload.template.terminationGracePeriodSeconds,
    owner: workload.key,
    goneAt: null,
  };
  if (node) assignAddress(cluster, pod, node, warnings);
  else
    warnings.add(
      'UnschedulablePod',
      `Pod ${pod.key}`,
      `no node can run ${workload.kind} ${workload.namespace}/${workload.name}'s pod (Ready, not cordoned, taints tolerated, nodeSelector matched): it stays Pending`,
    );
  cluster.addPod(pod);
  return pod;
}

/** Gives a placed pod its address: the node's for host-network pods, else one from the node's pod range. */
export function assignAddress(cluster: Cluster, pod: EmuPod, node: EmuNode, warnings: Warnings): void {
  if (pod.hostNetwork) {
    pod.ips = [node.ip];
    return;
  }
  const ip = cluster.allocatePodIP(node.name);
  if (ip !== null) {
    pod.ips = [ip];
    return;
  }
  pod.phase = 'Pending';
  pod.ready = false;
  warnings.add(
    'PodRangeExhausted',
    `Pod ${pod.key}`,
    `node ${node.name}'s pod range ${node.podPrefix}.0/24 is full: the pod has no address and stays Pending`,
  );
}

/**
 * The node for the next pod of a Deployment: fewest of its running pods per zone, then per node,
 * ties by name (see the header). Null when no node is eligible.
 */
export function nextNodeFor(cluster: Cluster, workload: Workload): EmuNode | null {
  const perNode = new Map<string, number>();
  for (const pod of cluster.podsMatching(workload.namespace, workload.template.labels)) {
    if (pod.owner === workload.key && !pod.terminating && pod.nodeName !== null)
      perNode.set(pod.nodeName, (perNode.get(pod.nodeName) ?? 0) + 1);
  }
  const count = (n: EmuNode) => perNode.get(n.name) ?? 0;
  let best: EmuNode | null = null;
  let bestZoneCount = Infinity;
  cluster.zones.forEach((_, zone) => {
    const nodes = cluster.nodesOfZone(zone).map((id) => cluster.nodes[id]!);
    const eligible = nodes.filter((n) => schedulable(n, workload.template));
    if (eligible.length === 0) return;
    // The zone's pods count wherever they run in it, as a topology spread constraint counts them.
    const zoneCount = nodes.reduce((sum, n) => sum + count(n), 0);
    if (zoneCount >= bestZoneCount) return;
    best = eligible.reduce((pick, n) => (count(n) < count(pick) ? n : pick));
    bestZoneCount = zoneCount;
  });
  return best;
}

/** A bare Pod manifest without spec.nodeName: the Ready, schedulable, untainted node with the fewest pods. */
export function nodeForManifest(cluster: Cluster): EmuNode | null {
  let best: EmuNode | null = null;
  for (const node of cluster.nodes) {
    if (!schedulable(node, { nodeSelector: {}, tolerations: [] })) continue;
    if (!best || cluster.podCountOnNode(node.name) < cluster.podCountOnNode(best.name)) best = node;
  }
  return best;
}
