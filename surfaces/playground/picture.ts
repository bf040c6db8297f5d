// The picture: zones containing nodes containing pods, and the traffic drawn over them — from each
// client to the endpoints it reaches. Every distinction has a shape as well as a colour: routed
// traffic on the same node is a solid line, within the zone a dashed one, across zones a dotted
// thick one labelled "cross-zone"; a dropped flow is a ✕ on its client with the word DROP, a
// rejected one a ⊘ with REJECT. Big clusters draw pods as dots and the traffic node to node.
import type { Flow } from '../../emulator/document.js';
import { naturalCompare } from '../../emulator/text/format.js';
import type { ClusterState, NodeState, PodState } from './run.js';
import { drawFolded } from './folded.js';
import { localityOf, type Locality, type Picture } from './locality.js';

/** Above this many pods or nodes the picture folds (folded.ts). */
export const DETAIL_LIMIT = 120;
export const FOLD_NODES = 24;
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

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const short = (pod: string) => pod.slice(pod.indexOf('/') + 1);
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, Math.max(1, n - 1))}…`);

/** `width`: the pixels the picture gets, so text stays at its CSS size (the SVG is drawn 1:1). */
export function drawPicture(cluster: ClusterState, flows: readonly Flow[], selectedNode: string | null, width = 960): Picture {
  if (cluster.pods.length > DETAIL_LIMIT || cluster.nodes.length > FOLD_NODES) return drawFolded(cluster, flows, selectedNode, width);
  const WIDTH = Math.max(360, Math.round(width));
  const detailed = true;
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
  // Room right of the chips for the arcs of same-node traffic.
  const chipW = Math.max(40, Math.min(132, nodeW - 12 - 36));
  const chipH = 22;
  const chipGap = 16;
  const dot = 7;
  const podCols = detailed ? Math.max(1, Math.floor((nodeW - 44) / (chipW + 8))) : Math.max(1, Math.floor((nodeW - 8) / (dot + 3)));
  const maxPods = Math.max(1, ...cluster.nodes.map((n) => podsOf.get(n.name)?.length ?? 0));
  const podRows = Math.ceil(maxPods / podCols);
  const nodeH = 28 + podRows * (detailed ? chipH + chipGap : dot + 3) + 6;
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
            ? { x: nb.x + 8 + col * (chipW + 8), y: nb.y + 28 + row * (chipH + chipGap) }
            : { x: nb.x + 6 + col * (dot + 3), y: nb.y + 26 + row * (dot + 3) },
        );
      });
    });
  });
  const legendRows = WIDTH < 720 ? 2 : 1;
  const height = PAD + Math.ceil(zones.length / zoneCols) * (zoneH + PAD) + 14 + legendRows * 20;

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
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="context-stroke"/></marker>` +
      `<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#d33a2c" opacity="0.35"/></pattern></defs>`,
  );
  for (const z of zones) {
    const b = zoneBox.get(z)!;
    parts.push(
      `<g class="zone" data-zone="${esc(z)}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"/>` +
        `<text x="${b.x + 10}" y="${b.y + 19}" class="zone-label">${z === '' ? 'no zone' : `zone ${esc(z)}`}</text></g>`,
    );
  }
  const marked = new Set([...marks.values()].filter((m) => m.at.startsWith('pod:')).map((m) => m.at.slice(4)));
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
              `<text x="${at.x + 6}" y="${at.y + 15}">${esc(clip(short(p.key), Math.floor((chipW - 12) / 6.6)))}</text>${p.terminating && !marked.has(p.key) ? `<text class="pod-state" text-anchor="end" x="${at.x + chipW}" y="${at.y + chipH + 12}">terminating</text>` : ''}<title>${esc(p.key)}${p.terminating ? ' (terminating)' : ''}${p.ready ? '' : ' (not ready)'}</title></g>`
          : `<rect class="${pcls}" x="${at.x}" y="${at.y}" width="${dot}" height="${dot}"><title>${esc(p.key)}</title></rect>`,
      );
    }
  }

  /** Endpoints and path of an edge: between chips' sides (same-node traffic arcs out to the right), or between node headers when folded. */
  const geometry = (e: Edge): [{ x: number; y: number }, { x: number; y: number }, string] => {
    const f = (n: number) => n.toFixed(1);
    if (detailed && e.from.startsWith('pod:') && e.to.startsWith('pod:')) {
      const p = podAt.get(e.from.slice(4))!;
      const q = podAt.get(e.to.slice(4))!;
      const ay = p.y + chipH / 2;
      const by = q.y + chipH / 2;
      if (Math.abs(q.x - p.x) < 1) {
        const a = { x: p.x + chipW, y: ay };
        const b = { x: q.x + chipW + 2, y: by };
        const out = 20 + Math.min(40, Math.abs(by - ay) / 3);
        return [a, b, `M${f(a.x)},${f(a.y)} C${f(a.x + out)},${f(a.y)} ${f(b.x + out)},${f(b.y)} ${f(b.x + 6)},${f(b.y)}`];
      }
      const right = q.x > p.x;
      const a = { x: right ? p.x + chipW : p.x, y: ay };
      const b = { x: right ? q.x - 2 : q.x + chipW + 2, y: by };
      const lift = Math.min(70, Math.abs(b.x - a.x) / 3);
      const top = Math.min(a.y, b.y) - lift;
      return [
        a,
        b,
        `M${f(a.x)},${f(a.y)} C${f(a.x + (right ? 40 : -40))},${f(top)} ${f(b.x + (right ? -40 : 40))},${f(top)} ${f(b.x)},${f(b.y)}`,
      ];
    }
    const a = point(e.from);
    const b = point(e.to);
    if (Math.hypot(b.x - a.x, b.y - a.y) < 1) {
      // A node's traffic to itself when folded: a loop above its header.
      return [
        a,
        b,
        `M${f(a.x - 10)},${f(a.y - 4)} C${f(a.x - 24)},${f(a.y - 30)} ${f(a.x + 24)},${f(a.y - 30)} ${f(a.x + 10)},${f(a.y - 4)}`,
      ];
    }
    const top = Math.min(a.y, b.y) - Math.min(60, Math.hypot(b.x - a.x, b.y - a.y) / 4);
    return [a, b, `M${f(a.x)},${f(a.y)} Q${f((a.x + b.x) / 2)},${f(top)} ${f(b.x)},${f(b.y)}`];
  };

  const maxRps = Math.max(1e-9, ...[...edges.values()].map((e) => e.rps));
  const sorted = [...edges.values()].sort((a, b) => a.rps - b.rps);
  const labelled = sorted.filter((e) => e.locality === 'cross-zone').length <= 6;
  const counts: Record<Locality, number> = { 'same-node': 0, 'same-zone': 0, 'cross-zone': 0 };
  for (const e of sorted) {
    counts[e.locality]++;
    const [a, b, d] = geometry(e);
    const label =
      e.locality === 'cross-zone' && labelled
        ? `<text class="flow-label" x="${((a.x + b.x) / 2).toFixed(1)}" y="${(Math.min(a.y, b.y) - Math.min(50, Math.abs(b.x - a.x) / 4)).toFixed(1)}">cross-zone</text>`
        : '';
    parts.push(
      `<g class="flow ${e.locality}" data-flows="${e.flows.join(',')}" tabindex="0" role="button" aria-label="${e.locality} traffic, ${e.rps.toFixed(1)} requests/s; show why">` +
        `<path d="${d}" stroke-width="${(1.5 + 3 * Math.sqrt(e.rps / maxRps)).toFixed(1)}" marker-end="url(#arrow)"/><path class="hit" d="${d}"/>${label}<title>${e.locality}: ${e.rps.toFixed(1)} req/s</title></g>`,
    );
  }
  for (const m of marks.values()) {
    const word = m.verdict === 'drop' ? 'DROP' : 'REJECT';
    const glyph = m.verdict === 'drop' ? '✕' : '⊘';
    const chip = m.at.startsWith('pod:') && detailed ? podAt.get(m.at.slice(4))! : null;
    // On a pod: inside its chip, at the right; on a folded node: at the right of its header.
    const header = chip ? null : nodeBox.get(m.at.slice(m.at.indexOf(':') + 1));
    // On a pod: the glyph right of its chip and the word under it; on a folded node: at its header's right.
    const cx = chip ? chip.x + chipW + 13 : header ? header.x + header.w - 14 : 0;
    const cy = chip ? chip.y + chipH / 2 : header ? header.y + 13 : 0;
    const outline = chip
      ? `<rect x="${chip.x - 3}" y="${chip.y - 3}" width="${chipW + 6}" height="${chipH + 6}" rx="6" class="mark-outline"/>`
      : '';
    const wordAt = chip
      ? `text-anchor="end" x="${chip.x + chipW}" y="${chip.y + chipH + 12}"`
      : `text-anchor="end" x="${(cx - 12).toFixed(1)}" y="${(cy + 4).toFixed(1)}"`;
    parts.push(
      `<g class="mark ${m.verdict}" data-flows="${m.flows.join(',')}" tabindex="0" role="button" aria-label="${m.flows.length} ${m.verdict === 'drop' ? 'dropped' : 'rejected'} flow(s); show why">` +
        `${outline}<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="9"/>` +
        `<text class="glyph" x="${cx.toFixed(1)}" y="${(cy + 4).toFixed(1)}">${glyph}</text>` +
        `<text class="word" ${wordAt}>${chip ? (m.verdict === 'drop' ? 'DROPPED' : 'REJECTED') : word}${chip || m.flows.length === 1 ? '' : ` ×${m.flows.length}`}</text>` +
        `<title>${m.flows.length} ${m.verdict === 'drop' ? 'dropped' : 'rejected'} flow(s)</title></g>`,
    );
  }
  const items: Array<[number, string]> = [
    [116, `<g class="flow same-node"><path d="M0,0 H30" stroke-width="2.5"/></g><text x="36" y="4">same node</text>`],
    [170, `<g class="flow same-zone"><path d="M0,0 H30" stroke-width="2.5"/></g><text x="36" y="4">same zone (dashed)</text>`],
    [170, `<g class="flow cross-zone"><path d="M0,0 H30" stroke-width="2.5"/></g><text x="36" y="4">cross-zone (dotted)</text>`],
    [90, `<g class="mark drop"><circle cx="8" cy="0" r="8"/><text class="glyph" x="8" y="4">✕</text></g><text x="22" y="4">dropped</text>`],
    [
      90,
      `<g class="mark reject"><circle cx="8" cy="0" r="8"/><text class="glyph" x="8" y="4">⊘</text></g><text x="22" y="4">rejected</text>`,
    ],
    [
      240,
      `<text x="0" y="4">${detailed ? 'click a node, a pod or a flow' : `${cluster.pods.length} pods as dots: traffic node to node`}</text>`,
    ],
  ];
  let lx = PAD;
  let ly = height - legendRows * 20 + 4;
  parts.push('<g class="legend">');
  for (const [w, svg] of items) {
    if (lx + w > WIDTH) {
      lx = PAD;
      ly += 20;
    }
    parts.push(`<g transform="translate(${lx},${ly})">${svg}</g>`);
    lx += w;
  }
  parts.push('</g>');
  parts.push('</svg>');
  const drops = [...marks.values()].filter((m) => m.verdict === 'drop').reduce((n, m) => n + m.flows.length, 0);
  const rejects = [...marks.values()].filter((m) => m.verdict === 'reject').reduce((n, m) => n + m.flows.length, 0);
  return { svg: parts.join(''), edges: counts, drops, rejects };
}
