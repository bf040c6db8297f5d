// The hot loop: every flow of every group gets its verdict from the port view's row for its
// deciding node, and its requests and bytes are added up — per verdict, per zone pair, per node
// pair (small clusters), same-node / same-zone / cross-zone, per endpoint. No object per flow:
// without session affinity a flow's requests spread evenly over its row's endpoints (docs/rules.md
// §6: uniform choice), so flows are summed per (lane, row) and spread once per row; with ClientIP
// affinity each flow lands on its one pinned endpoint. Every flow is also counted per (port,
// outcome) with the set of nodes it comes from (outcomes.ts): what lint and the report read above
// maxFlows. Flows to list in the report are kept as (group, port, client) references and built by
// flows.ts.
import type { Cluster } from '../model/cluster.js';
import { clusterRun, DROP, REJECT, ROUTE, type PortView } from '../proxy/port-view.js';
import { affinityPick } from './affinity.js';
import { CLASS_EXTERNAL, CLASS_INTERNAL, CLASS_SHORT_CIRCUIT, outcomeCode, OutcomeTally, topologyModeOf, VIAS } from './outcomes.js';
import { flowCount, LANE_CLUSTER, LANE_EXTERNAL, LANE_INTERNAL, type FlowGroup } from './plan.js';

/** Node pairs are tallied only up to this many nodes (a 5,000-node matrix would be 25M cells). */
export const NODE_MATRIX_LIMIT = 200;

export interface FlowRef {
  group: number;
  port: number;
  client: number;
}

export interface Tally {
  flows: number;
  route: number;
  drop: number;
  reject: number;
  requestsRouted: number;
  requestsDropped: number;
  requestsRejected: number;
  bytesSameNode: number;
  bytesSameZone: number;
  bytesCrossZone: number;
  /** Bytes/s between different nodes where either side's zone is unknown (no zone label, or a node the cluster does not know). */
  bytesUnknownZone: number;
  /** Bytes/s from zone i to zone j at [i * (Z + 1) + j]; index Z is "zone unknown". */
  zoneBytes: Float64Array;
  /** Bytes/s from node i to node j at [i * N + j]; null above NODE_MATRIX_LIMIT nodes. */
  nodeBytes: Float64Array | null;
  /** Requests/s per endpoint of a Service port: `loadPorts[i]`'s endpoints from `loadStarts[i]` on. */
  endpointLoad: Float64Array;
  loadPorts: PortView[];
  loadStarts: Int32Array;
  /** Every flow per (Service port, outcome): counts, requests and source nodes. */
  outcomes: OutcomeTally;
  listed: FlowRef[];
  /** Flows not listed (the report aggregates them). */
  unlisted: number;
}

/** The verdict and endpoint run of one flow: what the loop and the listing share. */
export interface FlowDecision {
  verdict: number;
  run: Uint32Array;
}

export function decideFlow(view: PortView, row: number, lane: number): FlowDecision {
  if (lane === LANE_CLUSTER) return clusterRun(view, row);
  if (lane === LANE_EXTERNAL) return { verdict: view.externalVerdict[row]!, run: view.externalRun[row]! };
  return { verdict: view.internalVerdict[row]!, run: view.internalRun[row]! };
}

export function routeFlows(groups: readonly FlowGroup[], cluster: Cluster, maxFlows: number): Tally {
  const N = cluster.nodes.length;
  const Z = cluster.zones.length;
  const ZU = Z + 1;
  const zoneOf = cluster.zoneOf;
  // Zone ids that say nothing about where a node is: nodes without a zone label, and Z (an endpoint on
  // a node the cluster does not know): traffic to or from them is neither same- nor cross-zone.
  const noZone = cluster.zones.indexOf('');
  const unknownZone = (z: number) => z === noZone || z === Z;
  const total = flowCount(groups);
  const listAll = total <= maxFlows;
  // Each Service port's endpoints get a stretch of the load array.
  const loadOffset = new Map<PortView, number>();
  const loadPorts: PortView[] = [];
  let endpoints = 0;
  for (const g of groups)
    for (const view of g.ports) {
      if (loadOffset.has(view)) continue;
      loadOffset.set(view, endpoints);
      loadPorts.push(view);
      endpoints += view.req.endpoints.length;
    }
  const t: Tally = {
    flows: total,
    route: 0,
    drop: 0,
    reject: 0,
    requestsRouted: 0,
    requestsDropped: 0,
    requestsRejected: 0,
    bytesSameNode: 0,
    bytesSameZone: 0,
    bytesCrossZone: 0,
    bytesUnknownZone: 0,
    zoneBytes: new Float64Array(ZU * ZU),
    nodeBytes: N <= NODE_MATRIX_LIMIT ? new Float64Array(N * N) : null,
    endpointLoad: new Float64Array(endpoints),
    loadPorts,
    loadStarts: Int32Array.from(loadPorts, (v) => loadOffset.get(v)!),
    outcomes: new OutcomeTally(N),
    listed: [],
    unlisted: 0,
  };
  const nodeBytes = t.nodeBytes;
  const zoneBytes = t.zoneBytes;
  const load = t.endpointLoad;
  const outcomes = t.outcomes;
  const cellBits = outcomes.nodes;

  // Scratch, reset after each port: the special-node overrides, and per lane the node weights.
  const override = new Int32Array(N).fill(-1);
  const nodeW = [new Float64Array(N), new Float64Array(N), new Float64Array(N)];
  const nodeR = [new Float64Array(N), new Float64Array(N), new Float64Array(N)];
  const touched = [new Int32Array(N), new Int32Array(N), new Int32Array(N)];
  const touchedCount = [0, 0, 0];
  const touchedMark = [new Uint8Array(N), new Uint8Array(N), new Uint8Array(N)];
  let rowR = new Float64Array(64);
  let rowZW = new Float64Array(64 * ZU);
  let rowMark = new Uint8Array(64);
  let usedRows = new Int32Array(64);
  // Per (lane, row) of the current port: its outcome cell (-1 none yet) and flows; the cell is the
  // same for every client of a (lane, row), so it is looked up once and counted once.
  let rowCell = new Int32Array(64).fill(-1);
  let rowFlows = new Float64Array(64);
  let cellRows = new Int32Array(64);

  const addHop = (from: number, to: number, bytes: number) => {
    const zf = zoneOf[from]!;
    const zt = zoneOf[to]!;
    zoneBytes[zf * ZU + zt] = zoneBytes[zf * ZU + zt]! + bytes;
    if (nodeBytes) nodeBytes[from * N + to] = nodeBytes[from * N + to]! + bytes;
    if (from === to) t.bytesSameNode += bytes;
    else if (unknownZone(zf) || unknownZone(zt)) t.bytesUnknownZone += bytes;
    else if (zf === zt) t.bytesSameZone += bytes;
    else t.bytesCrossZone += bytes;
  };

  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    const rps = g.requestsPerSecond;
    const w = rps * g.bytesPerRequest;
    const via = VIAS.indexOf(g.via);
    for (let pi = 0; pi < g.ports.length; pi++) {
      const view = g.ports[pi]!;
      const affinity = view.service.model.sessionAffinity === 'ClientIP';
      const portHash = g.portHash[pi]!;
      const epNode = view.epNode;
      const epZone = view.epZone;
      const base = loadOffset.get(view)!;
      const rows = view.rows;
      const cells = outcomes.cellsOf(view);
      // Cluster semantics on an ETP=Local port is the short-circuit (docs/rules.md §6); otherwise plain external traffic.
      const clusterClass = view.req.facts.etpLocal ? CLASS_SHORT_CIRCUIT : CLASS_EXTERNAL;
      if (rowCell.length < 3 * rows) {
        rowCell = new Int32Array(3 * rows * 2).fill(-1);
        rowFlows = new Float64Array(3 * rows * 2);
        cellRows = new Int32Array(3 * rows * 2);
      }
      let cellRowCount = 0;
      for (let i = 0; i < view.specialNodes.length; i++) override[view.specialNodes[i]!] = view.specialRows[i]!;

      for (let c = 0; c < g.size; c++) {
        const J = g.judge[c]!;
        let row = override[J]!;
        if (row < 0) row = view.zoneRow[zoneOf[J]!]!;
        const lane = g.lane[c]!;
        // decideFlow, inlined: no object per flow.
        let verdict: number;
        let run: Uint32Array;
        if (lane === LANE_INTERNAL) {
          verdict = view.internalVerdict[row]!;
          run = view.internalRun[row]!;
        } else if (lane === LANE_EXTERNAL) {
          verdict = view.externalVerdict[row]!;
          run = view.externalRun[row]!;
        } else {
          const d = clusterRun(view, row);
          verdict = d.verdict;
          run = d.run;
        }
        const O = g.origin[c]!;
        // The client's own hop to the receiving node happens whatever that node then decides.
        if (O >= 0 && O !== J) addHop(O, J, w);
        const laneRow = lane * rows + row;
        let cell = rowCell[laneRow]!;
        if (cell < 0) {
          const cls = lane === LANE_INTERNAL ? CLASS_INTERNAL : lane === LANE_EXTERNAL ? CLASS_EXTERNAL : clusterClass;
          cell = outcomes.cell(view, cells, outcomeCode(via, cls, verdict, topologyModeOf(view, row)));
          rowCell[laneRow] = cell;
          cellRows[cellRowCount++] = laneRow;
        }
        rowFlows[laneRow] = rowFlows[laneRow]! + 1;
        // The flow comes from the client's node, or for an outside client from the node it enters through.
        const from = O >= 0 ? O : J;
        const bits = cellBits[cell]!;
        bits[from >>> 5] = bits[from >>> 5]! | (1 << (from & 31));
        if (listAll || (verdict !== ROUTE && t.listed.length < maxFlows)) t.listed.push({ group: gi, port: pi, client: c });
        if (verdict === DROP) {
          t.drop++;
          t.requestsDropped += rps;
          continue;
        }
        if (verdict === REJECT) {
          t.reject++;
          t.requestsRejected += rps;
          continue;
        }
        t.route++;
        t.requestsRouted += rps;
        if (affinity) {
          const e = affinityPick(g.affinity[c]!, portHash, run, view.epHash);
          load[base + e] = load[base + e]! + rps;
          const n = epNode[e]!;
          if (n >= 0) addHop(J, n, w);
          else {
            // An endpoint on a node the cluster does not know: its slice's zone, if any, decides.
            const zE = epZone[e]! >= 0 ? epZone[e]! : Z;
            zoneBytes[zoneOf[J]! * ZU + zE] = zoneBytes[zoneOf[J]! * ZU + zE]! + w;
            if (unknownZone(zE) || unknownZone(zoneOf[J]!)) t.bytesUnknownZone += w;
            else if (zE === zoneOf[J]) t.bytesSameZone += w;
            else t.bytesCrossZone += w;
          }
          continue;
        }
        if (touchedMark[lane]![J] === 0) {
          touchedMark[lane]![J] = 1;
          touched[lane]![touchedCount[lane]!++] = J;
        }
        const weights = nodeW[lane]!;
        const requests = nodeR[lane]!;
        weights[J] = weights[J]! + w;
        requests[J] = requests[J]! + rps;
      }

      // Spread the routed requests evenly over each row's endpoints: first per (lane, row) and
      // deciding zone, then once per endpoint — O(rows × endpoints × zones) per port, however many
      // nodes sent. Same-node bytes need only the nodes that host one of the row's endpoints.
      for (let u = 0; u < cellRowCount; u++) {
        const laneRow = cellRows[u]!;
        outcomes.count(rowCell[laneRow]!, rowFlows[laneRow]!, rowFlows[laneRow]! * rps);
        rowCell[laneRow] = -1;
        rowFlows[laneRow] = 0;
      }
      if (rowR.length < 3 * rows) {
        rowR = new Float64Array(3 * rows * 2);
        rowZW = new Float64Array(3 * rows * 2 * ZU);
        rowMark = new Uint8Array(3 * rows * 2);
        usedRows = new Int32Array(3 * rows * 2);
      }
      let used = 0;
      for (let lane = 0; lane < 3; lane++) {
        const list = touched[lane]!;
        for (let i = 0; i < touchedCount[lane]!; i++) {
          const J = list[i]!;
          let row = override[J]!;
          if (row < 0) row = view.zoneRow[zoneOf[J]!]!;
          const idx = lane * rows + row;
          if (rowMark[idx] === 0) {
            rowMark[idx] = 1;
            usedRows[used++] = idx;
          }
          rowR[idx] = rowR[idx]! + nodeR[lane]![J]!;
          const cell = idx * ZU + zoneOf[J]!;
          rowZW[cell] = rowZW[cell]! + nodeW[lane]![J]!;
        }
      }
      for (let u = 0; u < used; u++) {
        const idx = usedRows[u]!;
        const lane = (idx / rows) | 0;
        const row = idx - lane * rows;
        const run = decideFlow(view, row, lane).run;
        const share = 1 / run.length;
        const reqs = rowR[idx]! * share;
        const weights = nodeW[lane]!;
        for (let k = 0; k < run.length; k++) {
          const e = run[k]!;
          load[base + e] = load[base + e]! + reqs;
          const zE = epZone[e]! >= 0 ? epZone[e]! : Z;
          for (let zJ = 0; zJ < Z; zJ++) {
            const bytes = rowZW[idx * ZU + zJ]! * share;
            if (bytes === 0) continue;
            zoneBytes[zJ * ZU + zE] = zoneBytes[zJ * ZU + zE]! + bytes;
            if (unknownZone(zJ) || unknownZone(zE)) t.bytesUnknownZone += bytes;
            else if (zJ === zE) t.bytesSameZone += bytes;
            else t.bytesCrossZone += bytes;
          }
          const n = epNode[e]!;
          if (n >= 0 && weights[n]! > 0) {
            let nodeRow = override[n]!;
            if (nodeRow < 0) nodeRow = view.zoneRow[zoneOf[n]!]!;
            if (nodeRow === row) {
              const bytes = weights[n]! * share;
              t.bytesSameNode += bytes;
              // Counted above in the client's and endpoint's (one) zone: same zone, or unknown.
              if (unknownZone(zoneOf[n]!)) t.bytesUnknownZone -= bytes;
              else t.bytesSameZone -= bytes;
            }
          }
        }
        rowR[idx] = 0;
        rowMark[idx] = 0;
        rowZW.fill(0, idx * ZU, idx * ZU + ZU);
      }
      for (let lane = 0; lane < 3; lane++) {
        const list = touched[lane]!;
        for (let i = 0; i < touchedCount[lane]!; i++) {
          const J = list[i]!;
          if (nodeBytes) {
            let row = override[J]!;
            if (row < 0) row = view.zoneRow[zoneOf[J]!]!;
            const run = decideFlow(view, row, lane).run;
            const bytes = nodeW[lane]![J]! / run.length;
            for (let k = 0; k < run.length; k++) {
              const n = epNode[run[k]!]!;
              if (n >= 0) nodeBytes[J * N + n] = nodeBytes[J * N + n]! + bytes;
            }
          }
          nodeW[lane]![J] = 0;
          nodeR[lane]![J] = 0;
          touchedMark[lane]![J] = 0;
        }
        touchedCount[lane] = 0;
      }
      for (let i = 0; i < view.specialNodes.length; i++) override[view.specialNodes[i]!] = -1;
    }
  }
  t.unlisted = total - t.listed.length;
  return t;
}
