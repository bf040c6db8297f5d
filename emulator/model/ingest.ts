// Kubernetes objects → the emulated cluster (model/types.ts). Every object is read and validated by
// host/objects (or workload.ts for apps/v1), so an invalid object is a Status naming it and its
// field. What a dump or a hand-written manifest leaves out is filled in with a warning:
//   - Nodes that pods or EndpointSlices name but the input does not hold are inferred (zone from the
//     slices' `zone` field, Ready, default CPU);
//   - a Service with EndpointSlices and a selector but no pod of the input behind it (a dump of
//     `kubectl get svc,endpointslices`) gets its pods inferred from the slices — address, node,
//     conditions, ports — so that faults can act on them;
//   - pods of Deployments and DaemonSets are made and placed (schedule.ts).
import type { EndpointSliceModel } from '../../host/objects/model.js';
import { fieldError, invalid } from '../../host/objects/status.js';
import type { Era } from '../../host/engine/eras.js';
import { hasSelector, LABEL_ZONE } from '../../host/objects/well-known.js';
import {
  duplicate,
  groupSlices,
  namedNodes,
  readPlaced,
  readServices,
  warnLegacyEndpoints,
  warnOtherKinds,
  type ReadService,
  type SortedInput,
} from '../../host/cluster/ingest.js';
import { Cluster } from './cluster.js';
import { DEFAULT_MILLI_CPU, ingestNode } from './node.js';
import { DEFAULT_GRACE_SECONDS, ingestPod } from './pod.js';
import { readWorkload } from './workload.js';
import { assignAddress, nodeForManifest } from './schedule.js';
import { reconcileWorkloads } from './lifecycle.js';
import type { EmuNode, EmuPod, EmuService } from './types.js';
import type { Warnings } from '../../host/cluster/warnings.js';

export function ingest(objects: SortedInput, era: Era, warnings: Warnings): Cluster {
  const services = readServices(objects.services, era, warnings);
  const slices = groupSlices(objects.endpointSlices, services, warnings);

  const nodes = new Map<string, EmuNode>();
  for (const o of objects.nodes) {
    const node = readPlaced(o, 'Node', () => ingestNode(o.raw, warnings));
    if (nodes.has(node.name)) throw duplicate(o, 'Node', node.name);
    nodes.set(node.name, node);
  }
  const pods = new Map<string, { pod: EmuPod; manifest: boolean }>();
  for (const o of objects.pods) {
    const read = readPlaced(o, 'Pod', () => ingestPod(o.raw, warnings));
    if (pods.has(read.pod.key)) throw duplicate(o, 'Pod', read.pod.key);
    pods.set(read.pod.key, read);
  }
  const workloads = [
    ...objects.deployments.map((o) => readPlaced(o, 'Deployment', () => readWorkload(o.raw, 'Deployment', warnings))),
    ...objects.daemonSets.map((o) => readPlaced(o, 'DaemonSet', () => readWorkload(o.raw, 'DaemonSet', warnings))),
  ];

  const inferredPods = inferPods(services, slices, pods, workloads, warnings);
  const podNodes = [...pods.values()].map((p) => p.pod.nodeName).concat(inferredPods.map((p) => p.nodeName));
  inferNodes(nodes, namedNodes(slices, podNodes), warnings);

  const cluster = new Cluster([...nodes.values()]);
  for (const { pod, manifest } of [...pods.values()].sort((a, b) => (a.pod.key < b.pod.key ? -1 : 1))) {
    if (manifest) runManifest(cluster, pod, warnings);
    else if (pod.nodeName !== null && pod.ips.length === 0 && pod.phase === 'Running') {
      assignAddress(cluster, pod, cluster.node(pod.nodeName)!, warnings);
      warnings.add(
        'AssignedPodIP',
        `Pod ${pod.key}`,
        `Running but status.podIP is missing; given ${pod.ips[0] ?? 'no address'} from node ${pod.nodeName}'s pod range`,
      );
    }
    cluster.addPod(pod);
  }
  for (const pod of inferredPods) cluster.addPod(pod);
  for (const workload of workloads) {
    if (cluster.workloads.has(workload.key))
      throw invalid(workload.kind, workload.name, [fieldError.duplicate('metadata.name', `${workload.namespace}/${workload.name}`)]);
    cluster.workloads.set(workload.key, workload);
  }
  reconcileWorkloads(cluster, 0, warnings);

  for (const [key, { model, raw }] of services) {
    const service: EmuService = { model, key, givenSlices: slices.get(key) ?? null };
    cluster.setService(service, raw);
  }
  warnLegacyEndpoints(objects, warnings);
  warnOtherKinds(objects, warnings, 'the emulator reads Nodes, Pods, Deployments, DaemonSets, Services, EndpointSlices and one Traffic');
  cluster.track();
  return cluster;
}

/**
 * Pods behind a Service whose slices are given but whose pods are not: one per endpoint (merged by
 * target pod across the IPv4 and IPv6 slices), labelled with the Service's selector so that the
 * controller finds them again after a fault, with the endpoint's conditions as pod state
 * (ready → Ready, terminating → deletionTimestamp, serving while terminating → Ready).
 */
function inferPods(
  services: ReadonlyMap<string, { model: EmuService['model'] }>,
  slices: ReadonlyMap<string, EndpointSliceModel[]>,
  given: ReadonlyMap<string, { pod: EmuPod }>,
  workloads: readonly { namespace: string; template: { labels: Record<string, string> } }[],
  warnings: Warnings,
): EmuPod[] {
  const inferred = new Map<string, EmuPod>();
  // Label templates of the input (pods and workloads) by namespace and one label, to find a Service's
  // backing pods without scanning every pod for every Service.
  const byLabel = new Map<string, Record<string, string>[]>();
  const index = (namespace: string, labels: Record<string, string>) => {
    for (const [k, v] of Object.entries(labels)) {
      const at = `${namespace}\u0000${k}\u0000${v}`;
      const list = byLabel.get(at);
      if (list) list.push(labels);
      else byLabel.set(at, [labels]);
    }
  };
  for (const { pod } of given.values()) index(pod.namespace, pod.labels);
  for (const w of workloads) index(w.namespace, w.template.labels);
  for (const [key, { model }] of services) {
    const group = slices.get(key);
    if (!group || !hasSelector(model)) continue;
    const selector = model.selector;
    const entries = Object.entries(selector);
    const [k0, v0] = entries[0]!;
    const candidates = byLabel.get(`${model.namespace}\u0000${k0}\u0000${v0}`) ?? [];
    if (candidates.some((labels) => entries.every(([k, v]) => labels[k] === v))) continue;
    let count = 0;
    for (const slice of group) {
      if (slice.addressType === 'FQDN') continue;
      for (const [i, ep] of slice.endpoints.entries()) {
        if (ep.addresses.length === 0) continue;
        const podKey = ep.targetPod ?? `${model.namespace}/${slice.name}-${i}`;
        if (given.has(podKey)) continue;
        const existing = inferred.get(podKey);
        if (existing) {
          for (const ip of ep.addresses) if (!existing.ips.includes(ip)) existing.ips.push(ip);
          Object.assign(existing.labels, selector);
          continue;
        }
        const terminating = ep.conditions.terminating ?? false;
        const ready = terminating ? (ep.conditions.serving ?? true) : (ep.conditions.ready ?? true);
        const [namespace, name] = podKey.split('/') as [string, string];
        inferred.set(podKey, {
          namespace,
          name,
          key: podKey,
          labels: { ...selector },
          nodeName: ep.nodeName,
          ips: [...ep.addresses],
          phase: 'Running',
          ready,
          terminating,
          hostNetwork: false,
          containerPorts: slice.ports.flatMap((sp) => {
            const servicePort = model.ports.find((p) => p.name === (sp.name ?? '') && p.protocol === sp.protocol);
            if (!servicePort || sp.port === null) return [];
            const name = typeof servicePort.targetPort === 'string' ? servicePort.targetPort : '';
            return [{ name, containerPort: sp.port, protocol: sp.protocol }];
          }),
          terminationGracePeriodSeconds: DEFAULT_GRACE_SECONDS,
          owner: null,
          goneAt: null,
        });
        count++;
      }
    }
    if (count)
      warnings.add(
        'InferredPods',
        `Service ${key}`,
        `the input has EndpointSlices but no Pods for this Service: ${count} pod${count > 1 ? 's' : ''} inferred from its endpoints, so that faults can act on them`,
      );
  }
  return [...inferred.values()];
}

/** Nodes named by pods or endpoints but absent from the input (host/cluster/ingest.ts namedNodes), as emulated nodes. */
function inferNodes(nodes: Map<string, EmuNode>, named: ReadonlyMap<string, string>, warnings: Warnings): void {
  for (const [name, zone] of named) {
    if (nodes.has(name)) continue;
    nodes.set(name, {
      name,
      labels: zone ? { [LABEL_ZONE]: zone } : {},
      zone,
      ip: '',
      podPrefix: '',
      controlPlane: false,
      milliCPU: DEFAULT_MILLI_CPU,
      cpuDefaulted: true,
      ready: true,
      unschedulable: false,
      taints: [],
    });
    warnings.add(
      'InferredNode',
      `Node ${name}`,
      `named by a pod or an endpoint but not in the input: assumed Ready, ${zone ? `in zone ${zone} (from the EndpointSlice)` : 'without a zone label'}, ${DEFAULT_MILLI_CPU / 1000} CPUs`,
    );
  }
}

/** A Pod manifest: placed if it names no node, Running and Ready, given an address. */
function runManifest(cluster: Cluster, pod: EmuPod, warnings: Warnings): void {
  const node = pod.nodeName !== null ? cluster.node(pod.nodeName) : nodeForManifest(cluster);
  if (!node) {
    pod.phase = 'Pending';
    pod.ready = false;
    warnings.add('UnschedulablePod', `Pod ${pod.key}`, 'no Ready, schedulable, untainted node for this Pod manifest: it stays Pending');
    return;
  }
  pod.nodeName = node.name;
  pod.ready = node.ready;
  if (pod.ips.length === 0) assignAddress(cluster, pod, node, warnings);
}
