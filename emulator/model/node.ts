// A v1 Node → EmuNode: host/objects reads and validates it (readNode); this adds what only the
// emulator needs — the node's InternalIP (the source of host-network traffic) and its pod range
// (spec.podCIDR, where generated pods get addresses) — and fills what a hand-written or trimmed
// Node lacks, with a warning each: allocatable CPU (read by the hints heuristic, docs/rules.md §5)
// and the Ready condition.
import { readNode } from '../../host/objects/node.js';
import { isObject, Reader } from '../../host/objects/fields.js';
import { fieldError, invalid } from '../../host/objects/status.js';
import { parseIP, INVALID_IP } from '../../host/objects/formats.js';
import type { EmuNode } from './types.js';
import type { Warnings } from '../../host/cluster/warnings.js';

/** Allocatable CPU assumed for a Node that reports none: equal weights for every zone's nodes. */
export const DEFAULT_MILLI_CPU = 4000;

/** `ip` and `podPrefix` are `""` when the object has none: the Cluster assigns them (cluster.ts). */
export function ingestNode(raw: unknown, warnings: Warnings): EmuNode {
  const { node } = readNode(raw);
  const obj = raw as Record<string, unknown>;
  const r = new Reader('');
  const spec = isObject(obj.spec) ? obj.spec : {};
  const status = isObject(obj.status) ? obj.status : {};
  const podCIDR = r.string(spec, 'podCIDR', 'spec') ?? '';
  let podPrefix = '';
  if (podCIDR !== '') {
    podPrefix = prefix24(podCIDR);
    if (podPrefix === '')
      r.fail(fieldError.invalid('spec.podCIDR', podCIDR, 'must be an IPv4 CIDR of prefix length 24 or shorter, e.g. 10.244.1.0/24'));
  }
  let ip = '';
  for (const [address, at] of r.objects(status, 'addresses', 'status')) {
    if (r.string(address, 'type', at) !== 'InternalIP' || ip !== '') continue;
    const value = r.string(address, 'address', at) ?? '';
    if (parseIP(value)) ip = value;
    else r.fail(fieldError.invalid(`${String(at)}.address`, value, INVALID_IP));
  }
  if (r.causes.length) throw invalid('Node', node.name, r.causes);

  const what = `Node ${node.name}`;
  if (node.allocatableMilliCPU === null) {
    warnings.add(
      'DefaultedNodeCPU',
      what,
      `status.allocatable.cpu is missing; assumed ${DEFAULT_MILLI_CPU / 1000} CPUs (only the topology-mode: Auto hints heuristic reads it)`,
    );
  }
  if (node.ready === null) {
    warnings.add('DefaultedNodeReady', what, 'status.conditions has no Ready condition; the node is assumed Ready');
  }
  return {
    name: node.name,
    labels: node.labels,
    zone: node.zone,
    ip,
    podPrefix,
    controlPlane: node.controlPlane,
    milliCPU: node.allocatableMilliCPU ?? DEFAULT_MILLI_CPU,
    ...(node.allocatableMilliCPU === null ? { cpuDefaulted: true } : {}),
    ready: node.ready ?? true,
    unschedulable: node.unschedulable,
    taints: node.taints,
  };
}

/** `10.244.1.0/24` → `10.244.1`: the first /24 of an IPv4 range of prefix length ≤ 24; `""` otherwise. */
function prefix24(cidr: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return '';
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 24 || bits < 8) return '';
  return octets.slice(0, 3).join('.');
}
