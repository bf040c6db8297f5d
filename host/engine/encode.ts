// Model → linear memory: one Service port's endpoints and the nodes to decide for, interned and
// written struct-of-arrays into the kernel's layout (assembly/abi.ts).
import type { Kernel, Views } from './kernel.js';
import type { Era } from './eras.js';
import type { ProxyEndpoint } from './endpoints.js';
import { Interner } from './intern.js';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE, type ServicePortFacts } from './service-port.js';

export interface NodeQuery {
  name: string;
  /** Value of label topology.kubernetes.io/zone, `""` when missing. */
  zone: string;
}

export interface PortInput {
  era: Era;
  facts: ServicePortFacts;
  annotations: Readonly<Record<string, string>>;
  endpoints: readonly ProxyEndpoint[];
}

export function annotationClass(abi: Kernel['abi'], value: string | undefined): number {
  switch (value) {
    case undefined: return abi.ANN_ABSENT!;
    case '': return abi.ANN_EMPTY!;
    case 'Auto': return abi.ANN_AUTO_UPPER!;
    case 'auto': return abi.ANN_AUTO_LOWER!;
    case 'Disabled': return abi.ANN_DISABLED_UPPER!;
    case 'disabled': return abi.ANN_DISABLED_LOWER!;
    default: return abi.ANN_OTHER!;
  }
}

/** Lays out and fills the kernel's memory; returns the views to read the answers from. */
export function encode(kernel: Kernel, input: PortInput, nodes: readonly NodeQuery[], zones = new Interner(), nodeNames = new Interner()): Views {
  const abi = kernel.abi;
  const { endpoints } = input;
  let zoneHints = 0;
  let nodeHints = 0;
  for (const ep of endpoints) {
    zoneHints += ep.zoneHints.length;
    nodeHints += ep.nodeHints.length;
    for (const z of ep.zoneHints) zones.id(z);
    for (const h of ep.nodeHints) nodeNames.id(h);
    nodeNames.id(ep.nodeName);
  }
  for (const q of nodes) {
    zones.id(q.zone);
    nodeNames.id(q.name);
  }
  const v = kernel.layout({
    endpoints: endpoints.length,
    zoneHints,
    nodeHints,
    zoneLimit: zones.size,
    nodeLimit: nodeNames.size,
    nodes: nodes.length,
  });
  const p = v.params;
  p[abi.P_MINOR!] = input.era.minor;
  p[abi.P_GATES!] = input.era.gateBits;
  p[abi.P_SERVICE!] =
    (input.facts.itpLocal ? abi.SVC_ITP_LOCAL! : 0) |
    (input.facts.etpLocal ? abi.SVC_ETP_LOCAL! : 0) |
    (input.facts.externallyAccessible ? abi.SVC_EXTERNAL! : 0);
  p[abi.P_ANN_HINTS!] = annotationClass(abi, input.annotations[ANNOTATION_TOPOLOGY_AWARE_HINTS]);
  p[abi.P_ANN_MODE!] = annotationClass(abi, input.annotations[ANNOTATION_TOPOLOGY_MODE]);
  const READY = abi.COND_READY!, SERVING = abi.COND_SERVING!, TERMINATING = abi.COND_TERMINATING!;
  let zh = 0;
  let nh = 0;
  for (let i = 0; i < endpoints.length; i++) {
    const ep = endpoints[i]!;
    v.cond[i] = (ep.ready ? READY : 0) | (ep.serving ? SERVING : 0) | (ep.terminating ? TERMINATING : 0);
    v.epNode[i] = nodeNames.id(ep.nodeName);
    v.zoneHintStart[i] = zh;
    for (const z of ep.zoneHints) v.zoneHintIds[zh++] = zones.id(z);
    v.nodeHintStart[i] = nh;
    for (const h of ep.nodeHints) v.nodeHintIds[nh++] = nodeNames.id(h);
  }
  v.zoneHintStart[endpoints.length] = zh;
  v.nodeHintStart[endpoints.length] = nh;
  for (let j = 0; j < nodes.length; j++) {
    v.queryNode[j] = nodeNames.id(nodes[j]!.name);
    v.queryZone[j] = zones.id(nodes[j]!.zone);
  }
  return v;
}
