// Pods over time: graceful termination (serving and terminating until the grace period ends,
// then gone — docs/rules.md §2, KEP-1669), deletion, and what the ReplicaSet and DaemonSet
// controllers do about it (replace a Deployment's missing pods, remove its extra ones, run a
// DaemonSet pod on each node it fits). Each function returns one-line descriptions for the report's
// steps.
import type { Cluster } from './cluster.js';
import { assignAddress, daemonSetNodes, makeWorkloadPod, nextNodeFor } from './schedule.js';
import type { EmuPod, Workload } from './types.js';
import type { Warnings } from '../../host/cluster/warnings.js';

/**
 * Sets the pod's deletionTimestamp: it keeps running (and serving, if it was Ready) until
 * `nowMs + grace`, then it is gone. A grace period of 0 deletes it at once.
 */
export function terminatePod(cluster: Cluster, key: string, nowMs: number, graceSeconds?: number): string | null {
  const pod = cluster.pod(key);
  if (!pod || pod.terminating) return null;
  const grace = graceSeconds ?? pod.terminationGracePeriodSeconds;
  if (grace === 0) return deletePod(cluster, key);
  cluster.updatePod(key, { terminating: true, goneAt: nowMs + grace * 1000 });
  return `pod ${key} terminating (grace period ${grace}s)`;
}

export function deletePod(cluster: Cluster, key: string): string | null {
  return cluster.removePod(key) ? `pod ${key} deleted` : null;
}

/** Removes terminating pods whose grace period has ended by `nowMs`. */
export function expirePods(cluster: Cluster, nowMs: number): string[] {
  const out: string[] = [];
  for (const pod of cluster.expiringPods()) {
    if (pod.goneAt !== null && pod.goneAt <= nowMs) {
      cluster.removePod(pod.key);
      out.push(`pod ${pod.key} gone (grace period ended)`);
    }
  }
  return out;
}

/** The earliest time a terminating pod will be gone, after `afterMs`; null when none is pending. */
export function nextExpiry(cluster: Cluster, afterMs: number): number | null {
  let next: number | null = null;
  for (const pod of cluster.expiringPods()) {
    if (pod.goneAt !== null && pod.goneAt > afterMs && (next === null || pod.goneAt < next)) next = pod.goneAt;
  }
  return next;
}

/** Workload pods, oldest first (a pod's name ends in its creation ordinal for Deployments). */
function podsOf(cluster: Cluster, workload: Workload): EmuPod[] {
  const ordinal = (p: EmuPod) => Number(/-(\d+)$/.exec(p.name)?.[1] ?? 0);
  return cluster
    .podsMatching(workload.namespace, workload.template.labels)
    .filter((p) => p.owner === workload.key)
    .sort((a, b) => ordinal(a) - ordinal(b) || (a.key < b.key ? -1 : 1));
}

/**
 * The workload controllers' reaction to the cluster as it is now:
 * - Deployment: Pending pods are placed when a node became eligible; missing replicas (terminating
 *   pods do not count, so a replacement starts while the old pod drains) are created; extra ones
 *   terminate — Pending first, then not Ready, then the newest (as the ReplicaSet controller ranks them).
 * - DaemonSet: a pod on every node it fits that has none (a terminating one still counts).
 */
export function reconcileWorkloads(cluster: Cluster, nowMs: number, warnings: Warnings): string[] {
  const out: string[] = [];
  for (const workload of [...cluster.workloads.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const what = `${workload.kind} ${workload.namespace}/${workload.name}`;
    const pods = podsOf(cluster, workload);
    if (workload.kind === 'DaemonSet') {
      // A node whose daemon pod is terminating gets its new one only once the old one is gone.
      const covered = new Set(pods.map((p) => p.nodeName));
      for (const node of daemonSetNodes(cluster, workload)) {
        if (covered.has(node.name)) continue;
        const pod = makeWorkloadPod(cluster, workload, node, warnings);
        out.push(`${what}: pod ${pod.key} created on ${node.name}`);
      }
      continue;
    }
    for (const pod of pods) {
      if (pod.nodeName !== null || pod.terminating) continue;
      const node = nextNodeFor(cluster, workload);
      if (!node) break;
      cluster.removePod(pod.key);
      const placed: EmuPod = { ...pod, nodeName: node.name, phase: 'Running', ready: node.ready };
      assignAddress(cluster, placed, node, warnings);
      cluster.addPod(placed);
      out.push(`${what}: pod ${pod.key} scheduled on ${node.name}`);
    }
    const active = podsOf(cluster, workload).filter((p) => !p.terminating);
    for (let missing = workload.replicas - active.length; missing > 0; missing--) {
      const node = nextNodeFor(cluster, workload);
      const pod = makeWorkloadPod(cluster, workload, node, warnings);
      out.push(`${what}: pod ${pod.key} created${node ? ` on ${node.name}` : ' (Pending: no eligible node)'}`);
    }
    const rank = (p: EmuPod) => (p.nodeName === null ? 0 : !p.ready ? 1 : 2);
    const victims = [...active].sort((a, b) => rank(a) - rank(b) || active.indexOf(b) - active.indexOf(a));
    for (const pod of victims.slice(0, Math.max(0, active.length - workload.replicas))) {
      const line = pod.nodeName === null ? deletePod(cluster, pod.key) : terminatePod(cluster, pod.key, nowMs);
      if (line) out.push(`${what}: ${line}`);
    }
  }
  return out;
}
