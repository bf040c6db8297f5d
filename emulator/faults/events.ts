// One event of the fake clock applied to the cluster. Events change nodes and pods (and Services,
// by patch); the EndpointSlice store and the proxy views then catch up from the cluster's recorded
// changes (simulate.ts), exactly as the controllers and kube-proxy react to the API server.
//   cordon / uncordon   spec.unschedulable: new pods avoid the node; running pods stay
//   drain               cordon, then every pod but DaemonSet pods terminates with its grace period
//                       (or the event's); Deployments start replacements elsewhere
//   nodeDown / nodeUp   condition Ready; the node's pods turn not Ready (and back) — they are not
//                       evicted (the 5-minute eviction is left to explicit deletePod events)
//   zoneDown / zoneUp   nodeDown / nodeUp for every node of the zone
//   deletePod           gone at once (a Deployment replaces it)
//   terminatePod        deletionTimestamp set: serving and terminating until the grace period
//                       (the pod's, or the event's) ends, then gone
//   scale               a Deployment's replicas
//   patch               a JSON merge patch of a Service, validated as the API server would
import { readService } from '../../host/objects/service.js';
import { badRequest } from '../../host/objects/status.js';
import type { Era } from '../../host/engine/eras.js';
import type { Cluster } from '../model/cluster.js';
import { deletePod, terminatePod } from '../model/lifecycle.js';
import { locate } from '../../host/cluster/ingest.js';
import type { Warnings } from '../../host/cluster/warnings.js';
import type { EventSpec } from '../traffic/kind.js';
import { mergePatch } from './merge-patch.js';

export function applyEvent(cluster: Cluster, event: EventSpec, era: Era, warnings: Warnings): string[] {
  const a = event.action;
  const where = `Traffic spec.events[${event.index}] (${a.type} at ${event.at})`;
  const unknown = (what: string) => {
    warnings.add('UnknownEventTarget', where, `${what} is not in the cluster: the event does nothing`);
    return [];
  };
  switch (a.type) {
    case 'cordon':
    case 'uncordon': {
      if (!cluster.node(a.node)) return unknown(`node ${a.node}`);
      cluster.updateNode(a.node, { unschedulable: a.type === 'cordon' });
      return [`${a.type} node ${a.node}`];
    }
    case 'nodeDown':
    case 'nodeUp':
      if (!cluster.node(a.node)) return unknown(`node ${a.node}`);
      return setNodeReady(cluster, a.node, a.type === 'nodeUp');
    case 'zoneDown':
    case 'zoneUp': {
      const zone = cluster.zoneId(a.zone);
      if (zone < 0) return unknown(`zone ${JSON.stringify(a.zone)}`);
      return cluster.nodesOfZone(zone).flatMap((id) => setNodeReady(cluster, cluster.nodes[id]!.name, a.type === 'zoneUp'));
    }
    case 'drain': {
      if (!cluster.node(a.node)) return unknown(`node ${a.node}`);
      cluster.updateNode(a.node, { unschedulable: true });
      const out = [`drain node ${a.node}: cordoned`];
      for (const pod of cluster.podsOnNode(a.node)) {
        if (pod.owner?.startsWith('DaemonSet/')) continue;
        const line = terminatePod(cluster, pod.key, event.atMs, a.gracePeriodSeconds ?? undefined);
        if (line) out.push(`drain node ${a.node}: ${line}`);
      }
      return out;
    }
    case 'deletePod': {
      const line = deletePod(cluster, a.pod);
      return line ? [line] : unknown(`pod ${a.pod}`);
    }
    case 'terminatePod': {
      if (!cluster.pod(a.pod)) return unknown(`pod ${a.pod}`);
      const line = terminatePod(cluster, a.pod, event.atMs, a.gracePeriodSeconds ?? undefined);
      return line ? [line] : [`pod ${a.pod} already terminating`];
    }
    case 'scale': {
      const [namespace, name] = a.deployment.split('/') as [string, string];
      const workload = cluster.workloads.get(`Deployment/${namespace}/${name}`);
      if (!workload) return unknown(`Deployment ${a.deployment}`);
      const before = workload.replicas;
      workload.replicas = a.replicas;
      return [`scale Deployment ${a.deployment} from ${before} to ${a.replicas} replicas`];
    }
    case 'patch': {
      const service = cluster.service(a.service);
      if (!service) return unknown(`Service ${a.service}`);
      const raw = mergePatch(cluster.rawService(a.service), a.patch);
      let model;
      try {
        model = readService(raw, { minor: era.minor, gates: era.gates }).service;
      } catch (e) {
        throw locate(e, `${where}: the patched Service ${a.service} is invalid`, `spec.events[${event.index}].patch.`);
      }
      if (`${model.namespace}/${model.name}` !== a.service) {
        throw badRequest(`${where}: a patch may not change the Service's name or namespace`);
      }
      cluster.setService({ ...service, model }, raw);
      return [`patch Service ${a.service}: ${JSON.stringify(a.patch)}`];
    }
  }
}

function setNodeReady(cluster: Cluster, name: string, ready: boolean): string[] {
  const node = cluster.node(name)!;
  if (node.ready === ready) return [];
  cluster.updateNode(name, { ready });
  for (const pod of cluster.podsOnNode(name)) if (pod.phase === 'Running') cluster.updatePod(pod.key, { ready });
  return [`node ${name} ${ready ? 'Ready again' : 'NotReady (down)'}`];
}
