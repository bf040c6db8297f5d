// A v1 Pod, for the emulator (docs/contracts.md §1, §5): what its EndpointSlice controller reads to make
// endpoints (EP, docs/rules.md §2: ready, terminating, node, IPs, named container ports).
// Validation is light: the shapes the API server would refuse among those fields.
import type { InputWarning, IPFamily } from './model.js';
import { fieldError, invalid } from './status.js';
import { child, prefixOf, Reader, readObjectMeta, requireObject, withoutDot, type Obj } from './fields.js';
import { dns1123Subdomain, INVALID_IP, parseIP, portName, portNumber } from './formats.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface ContainerPortModel {
  /** `""` when unnamed. */
  name: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface PodModel {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** `spec.nodeName`; null while unscheduled. */
  nodeName: string | null;
  /** `status.podIPs[].ip`, else `[status.podIP]`; at most one per family. */
  podIPs: string[];
  /** Defaults to Pending, as the API server sets on create. */
  phase: PodPhase;
  /** Condition Ready == True. */
  ready: boolean;
  /** `metadata.deletionTimestamp` is set. */
  terminating: boolean;
  hostNetwork: boolean;
  /** Every container's ports, in order: named targetPorts resolve against these. */
  containerPorts: ContainerPortModel[];
}

const PHASES: readonly PodPhase[] = ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

export function readPod(raw: unknown, path = ''): { pod: PodModel; warnings: InputWarning[] } {
  const prefix = prefixOf(path);
  const obj = requireObject(raw, withoutDot(path), 'v1 Pod');
  const r = new Reader(prefix);
  const meta = readObjectMeta(r, obj, {
    kind: 'Pod',
    apiVersions: ['v1'],
    nameFormat: dns1123Subdomain,
    nameRequired: true,
    namespaced: true,
  });
  const metadata = r.object(obj, 'metadata', '') ?? {};
  const spec = r.object(obj, 'spec', '') ?? {};
  const status = r.object(obj, 'status', '') ?? {};

  const nodeName = r.string(spec, 'nodeName', 'spec') || null;
  if (nodeName !== null) r.check('spec.nodeName', nodeName, dns1123Subdomain(nodeName));
  const phase = r.string(status, 'phase', 'status') || 'Pending';
  if (!(PHASES as readonly string[]).includes(phase)) r.fail(fieldError.notSupported('status.phase', phase, PHASES));
  let ready = false;
  for (const [condition, at] of r.objects(status, 'conditions', 'status')) {
    if (r.string(condition, 'type', at) === 'Ready') ready = r.string(condition, 'status', at) === 'True';
  }
  const pod: PodModel = {
    namespace: meta.namespace,
    name: meta.name,
    labels: meta.labels,
    nodeName,
    podIPs: readPodIPs(r, status),
    phase: phase as PodPhase,
    ready,
    terminating: metadata.deletionTimestamp !== undefined && metadata.deletionTimestamp !== null,
    hostNetwork: r.bool(spec, 'hostNetwork', 'spec') ?? false,
    containerPorts: readContainerPorts(r, spec),
  };
  if (r.causes.length) throw invalid('Pod', meta.name, r.causes, prefix);
  return { pod, warnings: r.warnings };
}

/** validatePodIPs: valid IPs, at most one per family; podIP alone stands for podIPs[0]. */
function readPodIPs(r: Reader, status: Obj): string[] {
  const listed = r.objects(status, 'podIPs', 'status').map(([entry, at]) => [r.string(entry, 'ip', at) ?? '', child(at, 'ip')] as const);
  const podIP = r.string(status, 'podIP', 'status');
  const ips: ReadonlyArray<readonly [string, string]> = listed.length > 0 ? listed : podIP ? [[podIP, 'status.podIP']] : [];
  const families: IPFamily[] = [];
  for (const [ip, at] of ips) {
    const parsed = parseIP(ip);
    if (!parsed) r.fail(fieldError.invalid(at, ip, INVALID_IP));
    else if (families.includes(parsed.family))
      r.fail(
        fieldError.invalid(
          'status.podIPs',
          ips.map(([v]) => v),
          'may specify no more than one IP for each IP family',
        ),
      );
    else families.push(parsed.family);
  }
  return ips.map(([ip]) => ip);
}

function readContainerPorts(r: Reader, spec: Obj): ContainerPortModel[] {
  return r.objects(spec, 'containers', 'spec').flatMap(([container, cpath]) =>
    r.objects(container, 'ports', cpath).map(([p, at]) => {
      const name = r.string(p, 'name', at) ?? '';
      if (name !== '') r.check(child(at, 'name'), name, portName(name));
      const given = r.int(p, 'containerPort', at);
      const containerPort = given ?? 0;
      if (given !== undefined || p.containerPort === undefined || p.containerPort === null)
        r.check(child(at, 'containerPort'), containerPort, portNumber(containerPort));
      const protocol = r.string(p, 'protocol', at) || 'TCP';
      if (!(PROTOCOLS as readonly string[]).includes(protocol)) r.fail(fieldError.notSupported(child(at, 'protocol'), protocol, PROTOCOLS));
      return { name, containerPort, protocol: protocol as ContainerPortModel['protocol'] };
    }),
  );
}
