// The input of a simulation sorted by kind: the core kinds host/objects reads (splitObjects), the
// apps/v1 workloads and tpe's own Traffic. Each object keeps its position, so an error can say
// `objects[12] (Pod shop/web-1): …`.
import { latestObjects, splitObjects, type ReplacedObject } from '../../host/objects/parse.js';
import { isObject } from '../../host/objects/fields.js';
import { badRequest, isStatusError, StatusError, type Status } from '../../host/objects/status.js';

export const TRAFFIC_API_VERSION = 'tpe.dev/v1alpha1';

export interface Positioned {
  raw: unknown;
  /** `objects[i]`: where the object sits in the input. */
  at: string;
}

export interface SimulationObjects {
  services: Positioned[];
  endpointSlices: Positioned[];
  nodes: Positioned[];
  pods: Positioned[];
  deployments: Positioned[];
  daemonSets: Positioned[];
  traffic: Positioned | null;
  /** Legacy v1 Endpoints: kube-proxy reads EndpointSlices only. */
  endpoints: number;
  /** Kinds the emulator does not read, with how many of each. */
  others: Map<string, number>;
  /** Objects named again by a later document, which wins (latestObjects). */
  replaced: ReplacedObject[];
}

export function sortObjects(objects: readonly unknown[]): SimulationObjects {
  const out: SimulationObjects = {
    services: [],
    endpointSlices: [],
    nodes: [],
    pods: [],
    deployments: [],
    daemonSets: [],
    traffic: null,
    endpoints: 0,
    others: new Map(),
    replaced: [],
  };
  // The Traffic is the question, not part of the cluster: a second one is a mistake (two example
  // folders read at once), never a newer state of the first.
  const cluster: unknown[] = [];
  const index = new Map<unknown, number>();
  objects.forEach((raw, i) => {
    const obj = isObject(raw) ? raw : {};
    if (obj.kind === 'Traffic' && (obj.apiVersion === TRAFFIC_API_VERSION || obj.apiVersion === undefined)) {
      if (out.traffic) throw badRequest(`objects[${i}]: a simulation takes at most one Traffic object (another one is ${out.traffic.at})`);
      out.traffic = { raw, at: `objects[${i}]` };
    } else {
      cluster.push(raw);
      index.set(raw, i);
    }
  });
  const latest = latestObjects(cluster);
  out.replaced = latest.replaced.map((r) => ({ ...r, index: index.get(cluster[r.index])!, by: index.get(cluster[r.by])! }));
  const rest: unknown[] = [];
  const position = new Map<unknown, string>();
  for (const raw of latest.objects) {
    const at = `objects[${index.get(raw)!}]`;
    const obj = isObject(raw) ? raw : {};
    if (obj.apiVersion === 'apps/v1' && obj.kind === 'Deployment') out.deployments.push({ raw, at });
    else if (obj.apiVersion === 'apps/v1' && obj.kind === 'DaemonSet') out.daemonSets.push({ raw, at });
    else {
      rest.push(raw);
      position.set(raw, at);
    }
  }
  const split = splitObjects(rest);
  const placed = (list: unknown[]) => list.map((raw) => ({ raw, at: position.get(raw)! }));
  out.services = placed(split.services);
  out.endpointSlices = placed(split.endpointSlices);
  out.nodes = placed(split.nodes);
  out.pods = placed(split.pods);
  out.endpoints = split.endpoints.length;
  for (const o of split.others) out.others.set(o.kind || '(no kind)', (out.others.get(o.kind || '(no kind)') ?? 0) + 1);
  return out;
}

/** `Pod shop/web-1`, for messages. */
export function describeObject(raw: unknown, kind: string): string {
  const meta = isObject(raw) && isObject(raw.metadata) ? raw.metadata : {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : '(unnamed)';
  return typeof meta.namespace === 'string' && meta.namespace !== '' ? `${kind} ${meta.namespace}/${name}` : `${kind} ${name}`;
}

/**
 * Runs a reader; a Status it throws gets `objects[i] (Kind ns/name): ` in front of its message and
 * `objects[i].` in front of each cause's field, so the user finds the object in a dump of thousands.
 */
export function readAt<T>(object: Positioned, kind: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw locate(e, `${object.at} (${describeObject(object.raw, kind)})`, `${object.at}.`);
  }
}

export function locate(e: unknown, where: string, fieldPrefix: string): unknown {
  if (!isStatusError(e)) return e;
  const status: Status = { ...e.status, message: `${where}: ${e.status.message}` };
  if (e.status.details?.causes) {
    status.details = { ...e.status.details, causes: e.status.details.causes.map((c) => ({ ...c, field: fieldPrefix + c.field })) };
  }
  return new StatusError(status);
}
