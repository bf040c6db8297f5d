// The picture of a big cluster (above DETAIL_LIMIT pods or FOLD_NODES nodes): node by node it
// would be a hairball, so nodes are folded as the CLI's tables fold them — the nodes that need
// attention (dropping or rejecting traffic, NotReady, cordoned, selected) each get a tile, the rest
// of a zone one tile named by ranges (`node-[00-48]`) — and traffic is drawn zone to zone: an arrow
// per pair of zones whose width is the cross-zone bytes, and the same-node / same-zone bytes
// written in each zone.
import type { Flow } from '../../emulator/document.js';
import { compactNames, formatBytes, naturalCompare } from '../../emulator/text/format.js';
import { localityOf, type Picture } from './locality.js';
import type { ClusterState } from './run.js';

const PAD = 10;
const TILE_H = 24;
/** Tiles of their own per zone, at most; the rest of the nodes needing attention fold together too. */
const MAX_TILES = 10;

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, Math.max(1, n - 1))}…`);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface NodeStat {
  name: string;
  zone: string;
  pods: number;
  drop: number[];
  reject: number[];
  ready: boolean;
  cordoned: boolean;
}

export function drawFolded(cluster: ClusterState, flows: readonly Flow[], selectedNode: string | null, width: number): Picture {
  const WIDTH = Math.max(360, Math.round(width));
  const stats = new Map<string, NodeStat>(
    cluster.nodes.map((n) => [
      n.name,
      { name: n.name, zone: n.zone, pods: 0, drop: [], reject: [], ready: n.ready, cordoned: n.unschedulable },
    ]),
  );
  for (const p of cluster.pods) if (p.node !== null && stats.has(p.node)) stats.get(p.node)!.pods++;
  const zones = [...new Set(cluster.nodes.map((n) => n.zone))].sort(naturalCompare);
  const inZone = new Map(zones.map((z) => [z, { sameNode: 0, sameZone: 0 }]));
  const between = new Map<string, { from: string; to: string; bytes: number; flows: number[] }>();
  flows.forEach((f, i) => {
    const s = stats.get(f.from.node);
    if (f.verdict !== 'route') {
      s?.[f.verdict].push(i);
      return;
    }
    for (const e of f.endpoints) {
      const bytes = f.bytesPerSecond * e.share;
      const locality = localityOf(f.from.node, f.from.zone, e.node, e.zone);
      if (locality === 'same-node') inZone.get(f.from.zone)!.sameNode += bytes;
      else if (locality === 'same-zone') inZone.get(f.from.zone)!.sameZone += bytes;
      else {
        const key = `${f.from.zone}→${e.zone ?? ''}`;
        const pair = between.get(key) ?? between.set(key, { from: f.from.zone, to: e.zone ?? '', bytes: 0, flows: [] }).get(key)!;
        pair.bytes += bytes;
        pair.flows.push(i);
      }
    }
  });

  const zoneCols = Math.min(4, Math.max(1, Math.floor(WIDTH / 170)), Math.max(1, zones.length));
  const zoneW = (WIDTH - PAD * (zoneCols + 1)) / zoneCols;
  const tilesOf = new Map<string, Array<{ nodes: NodeStat[]; folded: boolean }>>();
  for (const z of zones) {
    const nodes = [...stats.values()].filter((s) => s.zone === z).sort((a, b) => naturalCompare(a.name, b.name));
    const attention = nodes.filter((s) => s.drop.length || s.reject.length || !s.ready || s.cordoned || s.name === selectedNode);
    const own = attention.slice(0, MAX_TILES);
    const rest = nodes.filter((s) => !own.includes(s));
    const tiles = own.map((s) => ({ nodes: [s], folded: false }));
    const restAttention = rest.filter((s) => attention.includes(s));
    if (restAttention.length) tiles.push({ nodes: restAttention, folded: true });
    const quiet = rest.filter((s) => !attention.includes(s));
    if (quiet.length) tiles.push({ nodes: quiet, folded: true });
    tilesOf.set(z, tiles);
  }
  const arcRoom = between.size > 0 ? 56 : 0;
  const maxTiles = Math.max(1, ...[...tilesOf.values()].map((t) => t.length));
  const zoneH = 28 + 40 + maxTiles * (TILE_H + 6) + 6;
  const zoneRows = Math.ceil(zones.length / zoneCols);
  const legendY = arcRoom + PAD + zoneRows * (zoneH + PAD) + 8;
  const height = legendY + 24;
  const boxOf = (i: number) => ({ x: PAD + (i % zoneCols) * (zoneW + PAD), y: arcRoom + PAD + Math.floor(i / zoneCols) * (zoneH + PAD) });

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="The cluster folded: zones, nodes in ranges, traffic between zones" class="picture folded">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="context-stroke"/></marker>` +
      `<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#d33a2c" opacity="0.35"/></pattern></defs>`,
  ];
  let drops = 0;
  let rejects = 0;
  zones.forEach((z, i) => {
    const b = boxOf(i);
    const t = inZone.get(z)!;
    const nodes = [...stats.values()].filter((s) => s.zone === z);
    parts.push(
      `<g class="zone" data-zone="${esc(z)}"><rect x="${b.x}" y="${b.y}" width="${zoneW}" height="${zoneH}" rx="8"/>` +
        `<text x="${b.x + 10}" y="${b.y + 19}" class="zone-label">${z === '' ? 'no zone' : `zone ${esc(z)}`} · ${nodes.length} nodes · ${nodes.reduce((n, s) => n + s.pods, 0)} pods</text>` +
        `<g class="flow same-node"><path d="M${b.x + 10},${b.y + 38} h26" stroke-width="2.5"/></g><text x="${b.x + 42}" y="${b.y + 42}">same node ${formatBytes(t.sameNode)}/s</text>` +
        `<g class="flow same-zone"><path d="M${b.x + 10},${b.y + 56} h26" stroke-width="2.5"/></g><text x="${b.x + 42}" y="${b.y + 60}">same zone ${formatBytes(t.sameZone)}/s</text></g>`,
    );
    tilesOf.get(z)!.forEach((tile, k) => {
      const y = b.y + 70 + k * (TILE_H + 6);
      const first = tile.nodes[0]!;
      const pods = tile.nodes.reduce((n, s) => n + s.pods, 0);
      const dropped = tile.nodes.flatMap((s) => s.drop);
      const rejected = tile.nodes.flatMap((s) => s.reject);
      drops += dropped.length;
      rejects += rejected.length;
      const room = Math.floor((zoneW - 40 - (dropped.length ? 44 : 0) - (rejected.length ? 44 : 0)) / 7);
      const full = tile.folded
        ? `${compactNames(
            tile.nodes.map((s) => s.name),
            2,
          )} · ${tile.nodes.length} nodes`
        : first.name;
      const state = !tile.folded && !first.ready ? ' · NotReady' : !tile.folded && first.cordoned ? ' · cordoned' : '';
      const cls = [
        'node',
        'tile',
        dropped.length || rejected.length ? 'losing' : '',
        first.name === selectedNode && !tile.folded ? 'selected' : '',
        !tile.folded && !first.ready ? 'not-ready' : '',
        !tile.folded && first.cordoned ? 'cordoned' : '',
      ]
        .filter(Boolean)
        .join(' ');
      parts.push(
        `<g class="${cls}" data-node="${esc(first.name)}" tabindex="0" role="button" aria-label="${esc(full)}${state}: ${pods} pods; open the kube-proxy view of ${esc(first.name)}">` +
          `<rect x="${b.x + 8}" y="${y}" width="${zoneW - 16}" height="${TILE_H}" rx="5"/>` +
          `<text x="${b.x + 16}" y="${y + 16}" class="node-label">${esc(clip(`${full}${state} · ${pods} pods`, room))}</text><title>${esc(tile.nodes.map((s) => s.name).join(', '))}</title></g>`,
      );
      const marks: Array<['drop' | 'reject', number[]]> = [
        ['drop', dropped],
        ['reject', rejected],
      ];
      let mx = b.x + zoneW - 20;
      for (const [verdict, list] of marks) {
        if (!list.length) continue;
        parts.push(
          `<g class="mark ${verdict}" data-flows="${list.join(',')}" tabindex="0" role="button" aria-label="${list.length} ${verdict === 'drop' ? 'dropped' : 'rejected'} flows; show why">` +
            `<circle cx="${mx}" cy="${y + TILE_H / 2}" r="9"/><text class="glyph" x="${mx}" y="${y + TILE_H / 2 + 4}">${verdict === 'drop' ? '✕' : '⊘'}</text>` +
            `<text class="word" text-anchor="end" x="${mx - 12}" y="${y + TILE_H / 2 + 4}">${list.length}</text></g>`,
        );
        mx -= 44;
      }
    });
  });
  const maxBytes = Math.max(1e-9, ...[...between.values()].map((p) => p.bytes));
  for (const p of [...between.values()].sort((a, c) => a.bytes - c.bytes)) {
    const ia = zones.indexOf(p.from);
    const ib = zones.indexOf(p.to);
    if (ia < 0 || ib < 0) continue;
    const a = boxOf(ia);
    const c = boxOf(ib);
    // Two arrows between a pair of zones: one from each side, offset so both show.
    const ax = a.x + zoneW / 2 + (ia < ib ? 12 : -12);
    const cx = c.x + zoneW / 2 + (ia < ib ? -12 : 12);
    const top = Math.min(a.y, c.y) - 8 - Math.min(arcRoom - 12, Math.abs(cx - ax) / 5) * (ia < ib ? 1 : 0.6);
    const d = `M${ax.toFixed(1)},${a.y} Q${((ax + cx) / 2).toFixed(1)},${top.toFixed(1)} ${cx.toFixed(1)},${c.y}`;
    parts.push(
      `<g class="flow cross-zone" data-flows="${p.flows.slice(0, 200).join(',')}" tabindex="0" role="button" aria-label="cross-zone ${esc(p.from)} to ${esc(p.to)}: ${formatBytes(p.bytes)}/s">` +
        `<path d="${d}" stroke-width="${(1.5 + 4 * Math.sqrt(p.bytes / maxBytes)).toFixed(1)}" marker-end="url(#arrow)"/><path class="hit" d="${d}"/>` +
        `<title>${esc(p.from)} → ${esc(p.to)}: ${formatBytes(p.bytes)}/s cross-zone</title></g>`,
    );
  }
  parts.push(
    `<g class="legend" transform="translate(${PAD},${legendY})"><g class="flow cross-zone"><path d="M0,0 H30" stroke-width="2.5"/></g>` +
      `<text x="36" y="4">cross-zone bytes between zones (width = bytes) · ✕ n: flows dropped from a node · ${cluster.nodes.length} nodes folded</text></g>`,
    '</svg>',
  );
  return { svg: parts.join(''), edges: { 'same-node': 0, 'same-zone': 0, 'cross-zone': between.size }, drops, rejects };
}
