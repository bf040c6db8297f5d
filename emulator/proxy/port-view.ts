// One Service port as kube-proxy sees it on every node, from one engine call (Engine.decideDetached).
// The engine answers a set of "rows": one per zone for the nodes whose answer can only depend on
// their zone, and one per "special" node whose answer may differ from its zone's — a node that
// hosts an endpoint or is named by a node hint, when the port uses a Local policy or node hints
// are read (docs/rules.md §1, §3, §4: a node's name enters the decision only through endpoint
// locality and node hints). Every other node of a zone shares the zone's row, so 5,000 nodes cost
// a handful of rows. Rows hold verdicts and endpoint-index runs, never strings.
import type { Engine } from '../../host/engine/engine.js';
import type { Era } from '../../host/engine/eras.js';
import type { Decoder, DecodedAnswer } from '../../host/engine/decode.js';
import type { NodeQuery } from '../../host/engine/encode.js';
import type { EndpointSliceModel, ServicePortModel } from '../../host/objects/model.js';
import { portRequestFor, type PortRequest } from '../../host/engine/request.js';
import type { Cluster } from '../model/cluster.js';
import { hashString } from '../hash.js';
import type { EmuService } from '../model/types.js';

/** Verdict codes in the typed arrays. */
export const ROUTE = 0;
export const DROP = 1;
export const REJECT = 2;
/** externalVerdict of a port that is not externally accessible. */
export const NOT_EXTERNAL = 255;
const CODES = { route: ROUTE, drop: DROP, reject: REJECT } as const;
const EMPTY = new Uint32Array(0);
const NO_HASHES = new Uint32Array(0);

export interface PortView {
  /** `namespace/name:port`. */
  key: string;
  serviceKey: string;
  service: EmuService;
  /** The port's name, or its number when unnamed (Flow.to.port). */
  portName: string;
  port: ServicePortModel;
  req: PortRequest;
  decoder: Decoder;
  /** The answer depends on more than the node's zone (Local policy or node hints). */
  nodeDependent: boolean;
  /** Row of each zone id for its non-special nodes; -1 when every node of the zone is special. */
  zoneRow: Int32Array;
  /** Special node ids, ascending, and their rows. */
  specialNodes: Int32Array;
  specialRows: Int32Array;
  rows: number;
  internalVerdict: Uint8Array;
  internalRun: Uint32Array[];
  externalVerdict: Uint8Array;
  externalRun: Uint32Array[];
  /** Per endpoint index: cluster node id (-1 unknown), zone id (-1 unknown). */
  epNode: Int32Array;
  epZone: Int32Array;
  /** Per endpoint index: hash of its `ip:port`, for ClientIP affinity picks (empty without ClientIP affinity). */
  epHash: Uint32Array;
  /** Cluster-semantics (short-circuit) runs, made on first use. */
  clusterRuns: Array<{ verdict: number; run: Uint32Array } | undefined>;
}

export function buildPortView(
  engine: Engine,
  era: Era,
  cluster: Cluster,
  service: EmuService,
  port: ServicePortModel,
  slices: readonly EndpointSliceModel[],
): PortView {
  const req = portRequestFor({ era, service: service.model, slices, port: port.name !== '' ? port.name : port.port });
  const { facts, endpoints } = req;
  const nodeHints = era.gates.PreferSameTrafficDistribution && endpoints.some((e) => e.nodeHints.length > 0);
  const nodeDependent = facts.itpLocal || facts.etpLocal || nodeHints;

  const epNode = new Int32Array(endpoints.length);
  const epZone = new Int32Array(endpoints.length);
  for (let i = 0; i < endpoints.length; i++) {
    const ep = endpoints[i]!;
    const id = cluster.nodeId(ep.nodeName);
    epNode[i] = id ?? -1;
    // The zone the endpoint really runs in is its node's; the slice's zone field stands in for an unknown node.
    epZone[i] = id !== undefined ? cluster.zoneOf[id]! : ep.zone !== null ? cluster.zoneId(ep.zone) : -1;
  }
  // Affinity picks hash each endpoint's address; only ClientIP Services need it.
  const epHash = service.model.sessionAffinity === 'ClientIP' ? Uint32Array.from(endpoints, (ep) => hashString(ep.key)) : NO_HASHES;

  const special = new Set<number>();
  if (nodeDependent) {
    for (let i = 0; i < endpoints.length; i++) {
      if (epNode[i]! >= 0) special.add(epNode[i]!);
      for (const h of endpoints[i]!.nodeHints) {
        const hinted = cluster.nodeId(h);
        if (hinted !== undefined) special.add(hinted);
      }
    }
  }
  const specialNodes = Int32Array.from([...special].sort((a, b) => a - b));
  const queries: NodeQuery[] = [];
  const zoneRow = new Int32Array(cluster.zones.length).fill(-1);
  cluster.zones.forEach((zone, z) => {
    const rep = cluster.nodesOfZone(z).find((id) => !special.has(id));
    if (rep === undefined) return;
    zoneRow[z] = queries.length;
    queries.push({ name: cluster.nodes[rep]!.name, zone });
  });
  const specialRows = new Int32Array(specialNodes.length);
  specialNodes.forEach((id, i) => {
    specialRows[i] = queries.length;
    const node = cluster.nodes[id]!;
    queries.push({ name: node.name, zone: node.zone });
  });

  const decoder = engine.decideDetached(req, queries);
  const rows = queries.length;
  const internalVerdict = new Uint8Array(rows);
  const externalVerdict = new Uint8Array(rows).fill(NOT_EXTERNAL);
  const internalRun: Uint32Array[] = new Array(rows);
  const externalRun: Uint32Array[] = new Array(rows);
  for (let j = 0; j < rows; j++) {
    const internal = decoder.traffic(j, 'internal')!;
    internalVerdict[j] = CODES[internal.verdict];
    internalRun[j] = internal.endpoints;
    const external = decoder.traffic(j, 'external');
    externalRun[j] = external ? external.endpoints : EMPTY;
    if (external) externalVerdict[j] = CODES[external.verdict];
  }

  const portName = port.name !== '' ? port.name : String(port.port);
  return {
    key: `${service.key}:${portName}`,
    serviceKey: service.key,
    service,
    portName,
    port,
    req,
    decoder,
    nodeDependent,
    zoneRow,
    specialNodes,
    specialRows,
    rows,
    internalVerdict,
    internalRun,
    externalVerdict,
    externalRun,
    epNode,
    epZone,
    epHash,
    clusterRuns: new Array(rows),
  };
}

/** The row a node's kube-proxy answers from; -1 for a node id the view does not know. */
export function rowOf(view: PortView, nodeId: number, zoneOf: Int32Array): number {
  const s = view.specialNodes;
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = s[mid]!;
    if (v === nodeId) return view.specialRows[mid]!;
    if (v < nodeId) lo = mid + 1;
    else hi = mid - 1;
  }
  const z = zoneOf[nodeId];
  return z === undefined ? -1 : view.zoneRow[z]!;
}

/** The whole decision of a row (strings, topology mode): for reports, lint and diff. */
export function answerOf(view: PortView, row: number): DecodedAnswer {
  return view.decoder.answer(row);
}

/**
 * The Cluster chain of a row: what pod→LB IP, pod→externalIP, pod→own-node NodePort and
 * host-originated external traffic reach under ETP=Local (docs/rules.md §6, §11.7), as the engine
 * decided it. The EXT chain exists only while the Service has endpoints: without any, the address
 * REJECTs (§6).
 */
export function clusterRun(view: PortView, row: number): { verdict: number; run: Uint32Array } {
  let found = view.clusterRuns[row];
  if (found) return found;
  const chain = view.decoder.traffic(row, 'cluster')!;
  found = { verdict: CODES[chain.verdict], run: chain.endpoints };
  view.clusterRuns[row] = found;
  return found;
}
