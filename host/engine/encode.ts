// Model → linear memory, in two steps (README "How it is built": validated model → encoded port → WASM decision):
//   encodePort    one Service port's endpoints, interned and laid out struct-of-arrays in plain typed
//                 arrays — once per PortRequest, however many nodes ask about it;
//   decidePort    copies an encoded port into the kernel's layout (assembly/abi.ts) with the nodes to
//                 decide for — a few block copies and one id lookup per node; the copies (and the
//                 kernel's prepare) are skipped while the port is still resident from the last call.
import type { Kernel, Views } from './kernel.js';
import { gateWord, type Era } from './eras.js';
import type { ProxyEndpoint } from './endpoints.js';
import { Interner } from './intern.js';
import type { ServicePortFacts } from './service-port.js';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE } from '../objects/well-known.js';

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

/** One Service port as the engine reads it: names interned, every array ready to copy. */
export interface EncodedPort {
  /** P_MINOR, P_GATES, P_SERVICE, P_ANN_HINTS, P_ANN_MODE. */
  minor: number;
  gates: number;
  service: number;
  annHints: number;
  annMode: number;
  cond: Uint8Array;
  epNode: Uint32Array;
  /** CSR: hints of endpoint i are ids[start[i] .. start[i+1]). */
  zoneHintStart: Uint32Array;
  zoneHintIds: Uint32Array;
  nodeHintStart: Uint32Array;
  nodeHintIds: Uint32Array;
  /**
   * The names behind the ids: the engine's interners, shared by the ports it encodes (a cluster's
   * ports name the same nodes and zones). Ids below the limits were known when the port was encoded;
   * the engine reads any id at or past a limit (a name interned later, or never: it gets the limit)
   * as a node or zone without endpoints.
   */
  zones: Interner;
  nodeNames: Interner;
  zoneLimit: number;
  nodeLimit: number;
}

/** The interners a port is encoded with; fresh ones by default. */
export interface Names {
  zones: Interner;
  nodeNames: Interner;
}

export function freshNames(): Names {
  return { zones: new Interner(), nodeNames: new Interner() };
}

export function annotationClass(abi: Kernel['abi'], value: string | undefined): number {
  switch (value) {
    case undefined:
      return abi.ANN_ABSENT;
    case '':
      return abi.ANN_EMPTY;
    case 'Auto':
      return abi.ANN_AUTO_UPPER;
    case 'auto':
      return abi.ANN_AUTO_LOWER;
    case 'Disabled':
      return abi.ANN_DISABLED_UPPER;
    case 'disabled':
      return abi.ANN_DISABLED_LOWER;
    default:
      return abi.ANN_OTHER;
  }
}

export function encodePort(abi: Kernel['abi'], input: PortInput, names: Names = freshNames()): EncodedPort {
  const { endpoints } = input;
  const { zones, nodeNames } = names;
  const n = endpoints.length;
  let zoneHints = 0;
  let nodeHints = 0;
  for (let i = 0; i < n; i++) {
    zoneHints += endpoints[i]!.zoneHints.length;
    nodeHints += endpoints[i]!.nodeHints.length;
  }
  const cond = new Uint8Array(n);
  const epNode = new Uint32Array(n);
  const zoneHintStart = new Uint32Array(n + 1);
  const zoneHintIds = new Uint32Array(zoneHints);
  const nodeHintStart = new Uint32Array(n + 1);
  const nodeHintIds = new Uint32Array(nodeHints);
  const READY = abi.COND_READY,
    SERVING = abi.COND_SERVING,
    TERMINATING = abi.COND_TERMINATING;
  let zh = 0;
  let nh = 0;
  for (let i = 0; i < n; i++) {
    const ep = endpoints[i]!;
    cond[i] = (ep.ready ? READY : 0) | (ep.serving ? SERVING : 0) | (ep.terminating ? TERMINATING : 0);
    epNode[i] = nodeNames.id(ep.nodeName);
    zoneHintStart[i] = zh;
    const zoneHintsOf = ep.zoneHints;
    for (let k = 0; k < zoneHintsOf.length; k++) zoneHintIds[zh++] = zones.id(zoneHintsOf[k]!);
    nodeHintStart[i] = nh;
    const nodeHintsOf = ep.nodeHints;
    for (let k = 0; k < nodeHintsOf.length; k++) nodeHintIds[nh++] = nodeNames.id(nodeHintsOf[k]!);
  }
  zoneHintStart[n] = zh;
  nodeHintStart[n] = nh;
  return {
    minor: input.era.minor,
    gates: gateWord(abi, input.era.gates),
    service:
      (input.facts.itpLocal ? abi.SVC_ITP_LOCAL : 0) |
      (input.facts.etpLocal ? abi.SVC_ETP_LOCAL : 0) |
      (input.facts.externallyAccessible ? abi.SVC_EXTERNAL : 0),
    annHints: annotationClass(abi, input.annotations[ANNOTATION_TOPOLOGY_AWARE_HINTS]),
    annMode: annotationClass(abi, input.annotations[ANNOTATION_TOPOLOGY_MODE]),
    cond,
    epNode,
    zoneHintStart,
    zoneHintIds,
    nodeHintStart,
    nodeHintIds,
    zones,
    nodeNames,
    zoneLimit: zones.size,
    nodeLimit: nodeNames.size,
  };
}

/** Decides `port` for `nodes`: the kernel lays its memory out, this fills it; the views hold the answers. */
export function decidePort(kernel: Kernel, port: EncodedPort, nodes: readonly NodeQuery[]): Views {
  const abi = kernel.abi;
  const { zoneLimit, nodeLimit } = port;
  const size = {
    endpoints: port.cond.length,
    zoneHints: port.zoneHintIds.length,
    nodeHints: port.nodeHintIds.length,
    zoneLimit,
    nodeLimit,
    nodes: nodes.length,
  };
  return kernel.decide(size, port, (v, resident) => {
    if (!resident) {
      const p = v.params;
      p[abi.P_MINOR] = port.minor;
      p[abi.P_GATES] = port.gates;
      p[abi.P_SERVICE] = port.service;
      p[abi.P_ANN_HINTS] = port.annHints;
      p[abi.P_ANN_MODE] = port.annMode;
      v.cond.set(port.cond);
      v.epNode.set(port.epNode);
      v.zoneHintStart.set(port.zoneHintStart);
      v.zoneHintIds.set(port.zoneHintIds);
      v.nodeHintStart.set(port.nodeHintStart);
      v.nodeHintIds.set(port.nodeHintIds);
    }
    for (let j = 0; j < nodes.length; j++) {
      v.queryNode[j] = port.nodeNames.find(nodes[j]!.name) ?? nodeLimit;
      v.queryZone[j] = port.zones.find(nodes[j]!.zone) ?? zoneLimit;
    }
  });
}
