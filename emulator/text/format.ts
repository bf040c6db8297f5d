// Numbers and names as a person reads them in a terminal: bytes in binary units, money in dollars,
// and long lists of node names folded into ranges (`node-[1-12,15]`, the hostlist form cluster
// operators know from Slurm and pdsh), so 5,000 nodes fit on one line.
import type { Flow } from '../document.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `1536` → `1.5 KiB`; whole numbers of bytes stay whole. */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const sign = bytes < 0 ? '-' : '';
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${sign}${trimZeros(value.toFixed(digits))} ${BYTE_UNITS[unit]}`;
}

export const formatRate = (bytesPerSecond: number): string => `${formatBytes(bytesPerSecond)}/s`;

/** Counts and rates: thousands separated, at most two decimals, no trailing zeros. */
export function formatNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatUsd(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  return `${sign}$${Math.abs(usd).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A share of a whole as `37.5%`; `–` when the whole is zero. */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '–';
  return `${trimZeros(((part / whole) * 100).toFixed(1))}%`;
}

/** A signed change: `+1.2 KiB/s`, `-$3.00`, `±0`. */
export function signed(delta: number, format: (n: number) => string): string {
  if (delta === 0) return '±0';
  return delta > 0 ? `+${format(delta)}` : format(delta);
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Natural order: `node-2` before `node-10`. */
export const naturalCompare = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

const NUMBERED = /^(.*?)(\d+)([^\d]*)$/;

/**
 * Names folded into ranges: `["node-1","node-2","node-3","node-7","db"]` → `db, node-[1-3,7]`.
 * Zero-padded numbers keep their width (`node-[01-12]`). At most `maxItems` names or ranges are
 * shown, then `… (+N more)` counts the names left out.
 */
export function compactNames(names: readonly string[], maxItems = 6): string {
  const unique = [...new Set(names)].sort(naturalCompare);
  const groups = new Map<string, { prefix: string; suffix: string; width: number; numbers: number[] }>();
  const parts: Array<{ prefix: string; suffix: string; ranges: Array<{ text: string; count: number }> }> = [];
  for (const name of unique) {
    const m = NUMBERED.exec(name);
    if (!m) {
      parts.push({ prefix: name, suffix: '', ranges: [] });
      continue;
    }
    const [, prefix = '', digits = '', suffix = ''] = m;
    // Padded and unpadded numbers are different names (`node-01` ≠ `node-1`): separate groups.
    const width = digits.length > 1 && digits.startsWith('0') ? digits.length : 0;
    const key = `${prefix}\u0000${suffix}\u0000${width}`;
    const group = groups.get(key) ?? { prefix, suffix, width, numbers: [] };
    group.numbers.push(Number(digits));
    groups.set(key, group);
  }
  for (const { prefix, suffix, width, numbers } of groups.values()) {
    const ranges = toRanges(numbers.sort((a, b) => a - b)).map(([lo, hi]) => ({
      text: lo === hi ? pad(lo, width) : `${pad(lo, width)}-${pad(hi, width)}`,
      count: hi - lo + 1,
    }));
    parts.push({ prefix, suffix, ranges });
  }
  parts.sort((a, b) => naturalCompare(a.prefix + (a.ranges[0]?.text ?? ''), b.prefix + (b.ranges[0]?.text ?? '')));
  const shown: string[] = [];
  let budget = maxItems;
  let hidden = 0;
  // A part cut short ends in `…]`, which already says more follow.
  let cutInside = false;
  for (const part of parts) {
    if (part.ranges.length === 0) {
      if (budget > 0) shown.push(part.prefix);
      else hidden += 1;
      budget -= 1;
      continue;
    }
    const visible = part.ranges.slice(0, Math.max(0, budget));
    hidden += part.ranges.slice(visible.length).reduce((n, r) => n + r.count, 0);
    budget -= visible.length;
    if (visible.length === 0) continue;
    if (visible.length < part.ranges.length) cutInside = true;
    const single = part.ranges.length === 1 && part.ranges[0]!.count === 1;
    const body = visible.map((r) => r.text).join(',');
    shown.push(
      single
        ? `${part.prefix}${body}${part.suffix}`
        : `${part.prefix}[${body}${visible.length < part.ranges.length ? ',…' : ''}]${part.suffix}`,
    );
  }
  if (hidden === 0) return shown.join(', ');
  return `${shown.join(', ')}${cutInside ? '' : shown.length ? ', …' : '…'} (+${formatNumber(hidden)} more)`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function toRanges(sorted: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else if (!last || n !== last[1]) ranges.push([n, n]);
  }
  return ranges;
}

/** Where a flow's bytes land relative to its source: the split the summary reports, per flow. */
export interface Landing {
  sameNode: number;
  sameZone: number;
  crossZone: number;
  /** To another node where either side's zone is unknown (no zone label, or the endpoint's node is not known). */
  unknownZone: number;
}

/**
 * The flow's bytes per second split by where each endpoint is: on the source node, elsewhere in
 * the source zone, in another zone, or where a zone is unknown — as the summary counts them
 * (emulator/traffic/route.ts): a source node without a zone label, or an endpoint without a zone,
 * is neither same- nor cross-zone. Only routed flows carry bytes to an endpoint.
 */
export function landing(flow: Flow): Landing {
  const out: Landing = { sameNode: 0, sameZone: 0, crossZone: 0, unknownZone: 0 };
  if (flow.verdict !== 'route') return out;
  for (const ep of flow.endpoints) {
    const bytes = flow.bytesPerSecond * ep.share;
    if (ep.node !== null && ep.node === flow.from.node) out.sameNode += bytes;
    else if (ep.zone === null || ep.zone === '' || flow.from.zone === '') out.unknownZone += bytes;
    else if (ep.zone === flow.from.zone) out.sameZone += bytes;
    else out.crossZone += bytes;
  }
  return out;
}

/** `same node 80%, same zone 20%`: the non-zero parts of a landing split. */
export function formatLanding(l: Landing): string {
  const total = l.sameNode + l.sameZone + l.crossZone + l.unknownZone;
  if (total === 0) return '–';
  const parts: string[] = [];
  if (l.sameNode > 0) parts.push(`same node ${formatPercent(l.sameNode, total)}`);
  if (l.sameZone > 0) parts.push(`same zone ${formatPercent(l.sameZone, total)}`);
  if (l.crossZone > 0) parts.push(`cross-zone ${formatPercent(l.crossZone, total)}`);
  if (l.unknownZone > 0) parts.push(`zone unknown ${formatPercent(l.unknownZone, total)}`);
  return parts.join(', ');
}
