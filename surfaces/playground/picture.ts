// The picture: zones containing nodes containing pods, and the traffic drawn over them — from each
// client to the endpoints it reaches. Every distinction has a shape as well as a colour: routed
// traffic on the same node is a solid line, within the zone a dashed one, across zones a dotted
// thick one labelled "cross-zone"; a dropped flow is a ✕ on its client with the word DROP, a
// rejected one a ⊘ with REJECT. Big clusters draw pods as dots and the traffic node to node.
import type { Flow } from '../../emulator/document.js';
import { naturalCompare } from '../../emulator/text/format.js';
import type { ClusterState, NodeState, PodState } from './run.js';

export type Locality = 'same-node' | 'same-zone' | 'cross-zone';

/** Above this many pods the picture draws pods as dots and the traffic between nodes. */
export const DETAIL_LIMIT = 120;
const ZONES_PER_ROW = 4;
const PAD = 10;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Edge {
  from: string;
  to: string;
  locality: Locality;
  rps: number;
  flows: number[];
}

interface Mark {
  at: string;
  verdict: 'drop' | 'reject';
  flows: number[];
}

export interface Picture {
  svg: string;
  /** Counted for tests and the figures' legend. */
  edges: Record<Locality, number>;
  drops: number;
  rejects: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const short = (pod: string) => pod.slice(pod.indexOf('/') + 1);

export function localityOf(fromNode: string, fromZone: string, toNode: string | null, toZone: string | null): Locality {
  if (toNode !== null && toNode === fromNode) return 'same-node';
  if (toZone !== null && toZone === fromZone && fromZone !== '') return 'same-zone';
  return 'cross-zone';
}

/** `width`: the pixels the picture gets, so text stays at its CSS size (the SVG is drawn 1:1). */
export function drawPicture(cluster: ClusterState, flows: readonly Flow[], selectedNode: string | null, width = 960): Picture {
  const WIDTH = Math.max(360, Math.round(width));
  const detailed = cluster.pods.length <= DETAIL_LIMIT;
  const zones = [...new Set(cluster.nodes.map((n) => n.zone))].sort(naturalCompare);
  const nodesOf = new Map<string, NodeState[]>(zones.map((z) => [z, []]));
  for (const n of [...cluster.nodes].sort((a, b) => naturalCompare(a.name, b.name))) nodesOf.get(n.zone)!.push(n);
  const podsOf = new Map<string, PodState[]>();
  for (const p of cluster.pods) if (p.node !== null) (podsOf.get(p.node) ?? podsOf.set(p.node, []).get(p.node)!).push(p);
  for (const list of podsOf.values()) list.sort((a, b) => naturalCompare(a.key, b.key));

  // Layout: zones in rows of four; nodes in a grid inside their zone; pods in a grid inside their node.
  const zoneCols = Math.min(ZONES_PER_ROW, Math.max(1, Math.floor(WIDTH / 170)), Math.max(1, zones.length));
  const zoneW = (WIDTH - PAD * (zoneCols + 1)) / zoneCols;
  const maxNodes = Math.max(1, ...zones.map((z) => nodesOf.get(z)!.length));
  const nodeCols = maxNodes <= 3 ? 1 : maxNodes <= 8 ? 2 : Math.ceil(Math.sqrt(maxNodes));
  const nodeW = (zoneW - PAD * (nodeCols + 1)) / nodeCols;
  const chipW = Math.max(40, Math.min(118, nodeW - 12));
  const chipH = 20;
  const dot = 7;
  const podCols = detailed ? Math.max(1, Math.floor((nodeW - 8) / (chipW + 6))) : Math.max(1, Math.floor((nodeW - 8) / (dot + 3)));
  const maxPods = Math.max(1, ...cluster.nodes.map((n) => podsOf.get(n.name)?.length ?? 0));
  const podRows = Math.ceil(maxPods / podCols);
  const nodeH = 26 + podRows * (detailed ? chipH + 6 : dot + 3) + 10;
  const nodeRows = Math.ceil(maxNodes / nodeCols);
  const zoneH = 28 + nodeRows * (nodeH + PAD) + 4;

  const zoneBox = new Map<string, Box>();
  const nodeBox = new Map<string, Box>();
  const podAt = new Map<string, { x: number; y: number }>();
  zones.forEach((z, i) => {
    const box = { x: PAD + (i % zoneCols) * (zoneW + PAD), y: PAD + Math.floor(i / zoneCols) * (zoneH + PAD), w: zoneW, h: zoneH };
    zoneBox.set(z, box);
    nodesOf.get(z)!.forEach((n, j) => {
      const nb = {
        x: box.x + PAD + (j % nodeCols) * (nodeW + PAD),
        y: box.y + 28 + Math.floor(j / nodeCols) * (nodeH + PAD),
        w: nodeW,
        h: nodeH,
      };
      nodeBox.set(n.name, nb);
      (podsOf.get(n.name) ?? []).forEach((p, k) => {
        const col = k % podCols;
        const row = Math.floor(k / podCols);
        podAt.set(
          p.key,
          detailed
            ? { x: nb.x + 6 + col * (chipW + 6), y: nb.y + 26 + row * (chipH + 6) }
            : { x: nb.x + 6 + col * (dot + 3), y: nb.y + 26 + row * (dot + 3) },
        );
      });
    });
  });
  const height = PAD + Math.ceil(zones.length / zoneCols) * (zoneH + PAD) + 34;

  // Traffic: routed shares as edges (pod to pod, or node to node when folded), drops and rejects as marks.
  const edges = new Map<string, Edge>();
  const marks = new Map<string, Mark>();
  const anchorOf = (pod: string | undefined, node: string | null) =>
    detailed && pod !== undefined && podAt.has(pod) ? `pod:${pod}` : node !== null && nodeBox.has(node) ? `node:${node}` : null;
  flows.forEach((f, i) => {
    const from = f.from.external ? `ext:${f.from.node}` : anchorOf(f.from.pod, f.from.node);
    if (from === null) return;
    if (f.verdict !== 'route') {
      const at = f.from.external ? `node:${f.from.node}` : from;
      const key = `${at}|${f.verdict}`;
      const mark = marks.get(key) ?? marks.set(key, { at, verdict: f.verdict, flows: [] }).get(key)!;
      mark.flows.push(i);
      return;
    }
    for (const e of f.endpoints) {
      const to = anchorOf(e.pod ?? undefined, e.node);
      if (to === null || e.share <= 0) continue;
      const locality = localityOf(f.from.node, f.from.zone, e.node, e.zone);
      const key = `${from}|${to}|${locality}`;
      const edge = edges.get(key) ?? edges.set(key, { from, to, locality, rps: 0, flows: [] }).get(key)!;
      edge.rps += f.requestsPerSecond * e.share;
      if (edge.flows[edge.flows.length - 1] !== i) edge.flows.push(i);
    }
  });

  const point = (anchor: string): { x: number; y: number } => {
    const [kind, name] = [anchor.slice(0, anchor.indexOf(':')), anchor.slice(anchor.indexOf(':') + 1)];
    if (kind === 'pod') {
      const p = podAt.get(name)!;
      return detailed ? { x: p.x + chipW / 2, y: p.y + chipH / 2 } : { x: p.x + dot / 2, y: p.y + dot / 2 };
    }
    const b = nodeBox.get(name)!;
    return kind === 'ext' ? { x: b.x + b.w - 14, y: b.y + 4 } : { x: b.x + b.w / 2, y: b.y + 13 };
  };

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="The cluster: zones, nodes, pods and the traffic between them" class="picture">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="context-stroke"/></marker>` +
      `<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#d33a2c" opacity="0.35"/></pattern></defs>`,
  );
  for (const z of zones) {
    const b = zoneBox.get(z)!;
    parts.push(
      `<g class="zone" data-zone="${esc(z)}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"/>` +
        `<text x="${b.x + 10}" y="${b.y + 19}" class="zone-label">${z === '' ? 'no zone' : `zone ${esc(z)}`}</text></g>`,
    );
  }
  const dropsOn = new Map<string, number>();
  for (const m of marks.values()) {
    const node = m.at.startsWith('node:') ? m.at.slice(5) : (cluster.pods.find((p) => `pod:${p.key}` === m.at)?.node ?? '');
    dropsOn.set(node, (dropsOn.get(node) ?? 0) + m.flows.length);
  }
  for (const n of cluster.nodes) {
    const b = nodeBox.get(n.name)!;
    const state = !n.ready ? ' · NotReady' : n.unschedulable ? ' · cordoned' : '';
    const cls = [
      'node',
      n.ready ? '' : 'not-ready',
      n.unschedulable ? 'cordoned' : '',
      selectedNode === n.name ? 'selected' : '',
      dropsOn.has(n.name) ? 'losing' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const pods = podsOf.get(n.name) ?? [];
    parts.push(
      `<g class="${cls}" data-node="${esc(n.name)}" tabindex="0" role="button" aria-label="node ${esc(n.name)}${state}: ${pods.length} pods; open its kube-proxy view">` +
        `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6"/>` +
        `<text x="${b.x + 8}" y="${b.y + 17}" class="node-label">${esc(n.name)}${state}${detailed ? '' : ` · ${pods.length} pods`}</text></g>`,
    );
    for (const p of pods) {
      const at = podAt.get(p.key)!;
      const pcls = ['pod', p.ready ? '' : 'not-ready', p.terminating ? 'terminating' : '', p.hostNetwork ? 'host' : '']
        .filter(Boolean)
        .join(' ');
      parts.push(
        detailed
          ? `<g class="${pcls}" data-pod="${esc(p.key)}" data-node="${esc(n.name)}"><rect x="${at.x}" y="${at.y}" width="${chipW}" height="${chipH}" rx="4"/>` +
              `<text x="${at.x + 6}" y="${at.y + 14}">${esc(short(p.key).slice(0, 18))}${p.terminating ? ' ⌛' : ''}</text><title>${esc(p.key)}${p.terminating ? ' (terminating)' : ''}${p.ready ? '' : ' (not ready)'}</title></g>`
          : `<rect class="${pcls}" x="${at.x}" y="${at.y}" width="${dot}" height="${dot}"><title>${esc(p.key)}</title></rect>`,
      );
    }
  }

  const maxRps = Math.max(1e-9, ...[...edges.values()].map((e) => e.rps));
  const sorted = [...edges.values()].sort((a, b) => a.rps - b.rps);
  const labelled = sorted.length <= 40;
  const counts: Record<Locality, number> = { 'same-node': 0, 'same-zone': 0, 'cross-zone': 0 };
  for (const e of sorted) {
    counts[e.locality]++;
    const a = point(e.from);
    const b = point(e.to);
    const width = (1.5 + 3.5 * Math.sqrt(e.rps / maxRps)).toFixed(1);
    let d: string;
    if (Math.hypot(b.x - a.x, b.y - a.y) < 1) {
      // A node's traffic to itself when folded: a loop above its header.
      d = `M${a.x - 10},${a.y - 4} C${a.x - 24},${a.y - 30} ${a.x + 24},${a.y - 30} ${a.x + 10},${a.y - 4}`;
    } else {
      const mx = (a.x + b.x) / 2;
      const my = (a.y + b.y) / 2;
      const bend = Math.min(60, Math.hypot(b.x - a.x, b.y - a.y) / 4);
      const nx = -(b.y - a.y) / Math.hypot(b.x - a.x, b.y - a.y);
      const ny = (b.x - a.x) / Math.hypot(b.x - a.x, b.y - a.y);
      d = `M${a.x.toFixed(1)},${a.y.toFixed(1)} Q${(mx + nx * bend).toFixed(1)},${(my + ny * bend).toFixed(1)} ${b.x.toFixed(1)},${b.y.toFixed(1)}`;
    }
    const label =
      e.locality === 'cross-zone' && labelled
        ? `<text class="flow-label" x="${((a.x + b.x) / 2).toFixed(1)}" y="${((a.y + b.y) / 2 - 4).toFixed(1)}">cross-zone</text>`
        : '';
    parts.push(
      `<g class="flow ${e.locality}" data-flows="${e.flows.join(',')}" tabindex="0" role="button" aria-label="${e.locality} traffic, ${e.rps.toFixed(1)} requests/s; show why">` +
        `<path d="${d}" stroke-width="${width}" marker-end="url(#arrow)"/><path class="hit" d="${d}"/>${label}<title>${e.locality}: ${e.rps.toFixed(1)} req/s</title></g>`,
    );
  }
  for (const m of marks.values()) {
    const p = point(m.at);
    const word = m.verdict === 'drop' ? 'DROP' : 'REJECT';
    const glyph = m.verdict === 'drop' ? '✕' : '⊘';
    const box = m.at.startsWith('pod:') && detailed ? podAt.get(m.at.slice(4))! : null;
    const outline = box
      ? `<rect x="${box.x - 2}" y="${box.y - 2}" width="${chipW + 4}" height="${chipH + 4}" rx="5" class="mark-outline"/>`
      : '';
    parts.push(
      `<g class="mark ${m.verdict}" data-flows="${m.flows.join(',')}" tabindex="0" role="button" aria-label="${m.flows.length} ${m.verdict === 'drop' ? 'dropped' : 'rejected'} flow(s); show why">` +
        `${outline}<circle cx="${(box ? box.x + chipW - 2 : p.x + 8).toFixed(1)}" cy="${(box ? box.y + 2 : p.y - 6).toFixed(1)}" r="9"/>` +
        `<text class="glyph" x="${(box ? box.x + chipW - 2 : p.x + 8).toFixed(1)}" y="${(box ? box.y + 6 : p.y - 2).toFixed(1)}">${glyph}</text>` +
        `<text class="word" x="${(box ? box.x + chipW + 10 : p.x + 20).toFixed(1)}" y="${(box ? box.y + 6 : p.y - 2).toFixed(1)}">${word}</text>` +
        `<title>${m.flows.length} ${m.verdict === 'drop' ? 'dropped' : 'rejected'} flow(s)</title></g>`,
    );
  }
  const ly = height - 16;
  parts.push(
    `<g class="legend" transform="translate(${PAD},${ly})">` +
      `<g class="flow same-node"><path d="M0,0 H34" stroke-width="2.5"/></g><text x="40" y="4">same node</text>` +
      `<g class="flow same-zone"><path d="M130,0 H164" stroke-width="2.5"/></g><text x="170" y="4">same zone (dashed)</text>` +
      `<g class="flow cross-zone"><path d="M310,0 H344" stroke-width="2.5"/></g><text x="350" y="4">cross-zone (dotted)</text>` +
      `<g class="mark drop"><circle cx="486" cy="0" r="8"/><text class="glyph" x="486" y="4">✕</text></g><text x="500" y="4">dropped</text>` +
      `<g class="mark reject"><circle cx="578" cy="0" r="8"/><text class="glyph" x="578" y="4">⊘</text></g><text x="592" y="4">rejected</text>` +
      `<text x="680" y="4">${detailed ? 'click a node or a flow' : `${cluster.pods.length} pods: traffic drawn node to node`}</text></g>`,
    '</svg>',
  );
  const drops = [...marks.values()].filter((m) => m.verdict === 'drop').reduce((n, m) => n + m.flows.length, 0);
  const rejects = [...marks.values()].filter((m) => m.verdict === 'reject').reduce((n, m) => n + m.flows.length, 0);
  return { svg: parts.join(''), edges: counts, drops, rejects };
}
