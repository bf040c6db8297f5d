// One ingest for every surface: the objects of a dump, a manifest folder or a request body → kinds
// sorted, objects named twice resolved (the later one wins, as `kubectl apply` would apply them),
// Services read and validated, EndpointSlices grouped by the Service they serve (label
// `kubernetes.io/service-name` within the namespace, docs/rules.md §2), Nodes that endpoints name
// but the input lacks inferred, and what is set aside said in one warning model (warnings.ts).
// The cluster snapshot (snapshot.ts) and the emulator (emulator/model/ingest.ts) both build on it.
//
// Where an object came from is data (ObjectOrigin), carried from the reader to every error: a bad
// object is named the same way on every surface — `cluster.yaml (object 3 of 12) (Service shop/web): …`
// — and its causes keep their field paths relative to the object.
import type { Era } from '../engine/eras.js';
import { isObject } from '../objects/fields.js';
import type { EndpointSliceModel, InputWarning, NodeModel, ServiceModel } from '../objects/model.js';
import { latestObjects, splitObjects } from '../objects/parse.js';
import { readEndpointSlice } from '../objects/endpointslice.js';
import { readService } from '../objects/service.js';
import { fieldError, invalid, isStatusError, StatusError, type Status } from '../objects/status.js';
import { LABEL_SERVICE_NAME, LABEL_ZONE } from '../objects/well-known.js';
import type { Warnings } from './warnings.js';

export const TRAFFIC_API_VERSION = 'tpe.dev/v1alpha1';

/** Where an object sits in what the user gave: a file (or `request body`, `stdin`) and its place among that input's objects. */
export interface ObjectOrigin {
  source: string;
  /** 0-based place of the object among the source's objects (Lists flattened). */
  index: number;
  /** Objects in the source. */
  count: number;
}

/** An object of the input with where it came from. */
export interface PlacedObject {
  raw: unknown;
  /** Its place in the whole input (`objects[position]` when the caller named no origin). */
  position: number;
  origin: ObjectOrigin | null;
}

/** The input sorted by kind, objects named twice already resolved. */
export interface SortedInput {
  services: PlacedObject[];
  endpointSlices: PlacedObject[];
  nodes: PlacedObject[];
  pods: PlacedObject[];
  deployments: PlacedObject[];
  daemonSets: PlacedObject[];
  /** tpe's own Traffic objects: questions about the cluster, never resolved against each other. */
  traffic: PlacedObject[];
  /** Legacy v1 Endpoints: kube-proxy reads EndpointSlices only. */
  endpoints: number;
  /** Kinds nothing here reads, with how many of each. */
  others: Map<string, number>;
}

/** `cluster.yaml (object 3 of 12)`, `request body`, or `objects[7]` when the caller named no origin. */
export function describeOrigin(o: PlacedObject): string {
  if (o.origin === null) return `objects[${o.position}]`;
  return o.origin.count === 1 ? o.origin.source : `${o.origin.source} (object ${o.origin.index + 1} of ${o.origin.count})`;
}

/** `Pod shop/web-1`, for messages. */
export function describeObject(raw: unknown, kind: string): string {
  const meta = isObject(raw) && isObject(raw.metadata) ? raw.metadata : {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : '(unnamed)';
  return typeof meta.namespace === 'string' && meta.namespace !== '' ? `${kind} ${meta.namespace}/${name}` : `${kind} ${name}`;
}

/**
 * A Status error with `where: ` in front of its message (and `fieldPrefix` in front of each cause's
 * field, when the fields sit inside a larger document); anything else unchanged.
 */
export function locate(e: unknown, where: string, fieldPrefix = ''): unknown {
  if (!isStatusError(e)) return e;
  const status: Status = { ...e.status, message: `${where}: ${e.status.message}` };
  if (fieldPrefix && e.status.details?.causes) {
    status.details = { ...e.status.details, causes: e.status.details.causes.map((c) => ({ ...c, field: fieldPrefix + c.field })) };
  }
  return new StatusError(status);
}

/** Runs a reader over one object; a Status it throws names the object and where it is. */
export function readPlaced<T>(object: PlacedObject, kind: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw locate(e, `${describeOrigin(object)} (${describeObject(object.raw, kind)})`);
  }
}

/** A second object of one kind and name that `kubectl apply` could not have made. */
export function duplicate(object: PlacedObject, kind: string, name: string): unknown {
  return readPlaced(object, kind, () => {
    throw invalid(kind, name, [fieldError.duplicate('metadata.name', name)]);
  });
}

/**
 * Every object, sorted by kind. `origins[i]` says where `objects[i]` came from (absent: its
 * position). Objects named again by a later document are dropped with a `ReplacedObject` warning.
 */
export function sortInput(objects: readonly unknown[], origins: readonly ObjectOrigin[] | undefined, warnings: Warnings): SortedInput {
  const out: SortedInput = {
    services: [],
    endpointSlices: [],
    nodes: [],
    pods: [],
    deployments: [],
    daemonSets: [],
    traffic: [],
    endpoints: 0,
    others: new Map(),
  };
  const placed = new Map<unknown, PlacedObject>();
  const cluster: unknown[] = [];
  objects.forEach((raw, position) => {
    const object: PlacedObject = { raw, position, origin: origins?.[position] ?? null };
    const obj = isObject(raw) ? raw : {};
    if (obj.kind === 'Traffic' && (obj.apiVersion === TRAFFIC_API_VERSION || obj.apiVersion === undefined)) {
      out.traffic.push(object);
      return;
    }
    placed.set(raw, object);
    cluster.push(raw);
  });
  const latest = latestObjects(cluster);
  for (const r of latest.replaced) {
    const dropped = placed.get(cluster[r.index])!;
    const by = placed.get(cluster[r.by])!;
    warnings.add(
      'ReplacedObject',
      r.what,
      `${describeOrigin(dropped)} is named again by ${describeOrigin(by)}: the later document wins, as kubectl apply would apply them in order`,
    );
  }
  const rest: unknown[] = [];
  for (const raw of latest.objects) {
    const obj = isObject(raw) ? raw : {};
    if (obj.apiVersion === 'apps/v1' && obj.kind === 'Deployment') out.deployments.push(placed.get(raw)!);
    else if (obj.apiVersion === 'apps/v1' && obj.kind === 'DaemonSet') out.daemonSets.push(placed.get(raw)!);
    else rest.push(raw);
  }
  const split = splitObjects(rest);
  const of = (list: unknown[]) => list.map((raw) => placed.get(raw)!);
  out.services = of(split.services);
  out.endpointSlices = of(split.endpointSlices);
  out.nodes = of(split.nodes);
  out.pods = of(split.pods);
  out.endpoints = split.endpoints.length;
  for (const o of split.others) out.others.set(o.kind || '(no kind)', (out.others.get(o.kind || '(no kind)') ?? 0) + 1);
  return out;
}

/** A reader's field warnings as ingest warnings about one object. */
export function addFieldWarnings(warnings: Warnings, code: string, object: string, fields: readonly InputWarning[]): void {
  for (const w of fields) warnings.add(code, object, `${w.field}: ${w.message}`);
}

export interface ReadService {
  model: ServiceModel;
  raw: unknown;
}

/** Services by `namespace/name`, in that order; a name given twice is refused. */
export function readServices(list: readonly PlacedObject[], era: Era, warnings: Warnings): Map<string, ReadService> {
  const services = new Map<string, ReadService>();
  for (const o of list) {
    const { service, warnings: w } = readPlaced(o, 'Service', () => readService(o.raw, { minor: era.minor, gates: era.gates }));
    const key = `${service.namespace}/${service.name}`;
    if (services.has(key)) throw duplicate(o, 'Service', key);
    addFieldWarnings(warnings, 'ServiceField', `Service ${key}`, w);
    services.set(key, { model: service, raw: o.raw });
  }
  return sortedByKey(services);
}

/**
 * EndpointSlices by `namespace/service-name`, each Service's in name order (the order duplicates
 * are resolved in, docs/eras.md "Inputs"). Slices without the label, or for a Service the input
 * lacks, are set aside with an `OrphanEndpointSlice` warning: no decision can read them.
 */
export function groupSlices(
  list: readonly PlacedObject[],
  services: ReadonlyMap<string, unknown>,
  warnings: Warnings,
): Map<string, EndpointSliceModel[]> {
  const out = new Map<string, EndpointSliceModel[]>();
  const names = new Set<string>();
  for (const o of list) {
    const { slice, warnings: w } = readPlaced(o, 'EndpointSlice', () => readEndpointSlice(o.raw));
    const what = `EndpointSlice ${slice.namespace}/${slice.name}`;
    addFieldWarnings(warnings, 'EndpointSliceField', what, w);
    // Trimmed dumps may carry unnamed slices; only named ones can be duplicates.
    if (slice.name !== '') {
      const name = `${slice.namespace}/${slice.name}`;
      if (names.has(name)) throw duplicate(o, 'EndpointSlice', name);
      names.add(name);
    }
    if (slice.serviceName === null) {
      warnings.add('OrphanEndpointSlice', what, `no ${LABEL_SERVICE_NAME} label: kube-proxy ignores it, and so does tpe`);
      continue;
    }
    const key = `${slice.namespace}/${slice.serviceName}`;
    if (!services.has(key)) {
      warnings.add('OrphanEndpointSlice', what, `its Service ${key} is not in the input: no decision reads it`);
      continue;
    }
    const group = out.get(key) ?? [];
    group.push(slice);
    out.set(key, group);
  }
  for (const group of out.values()) group.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sortedByKey(out);
}

/**
 * Nodes that endpoints (or the caller's `alsoNamed`, e.g. pods) name but the input does not hold,
 * with the zone the first endpoint on them gives. Both the snapshot and the emulator infer them the
 * same way (`InferredNode` warning): a dump of Services and EndpointSlices alone is read, not refused.
 */
export function namedNodes(
  slices: ReadonlyMap<string, readonly EndpointSliceModel[]>,
  alsoNamed: Iterable<string | null> = [],
): Map<string, string> {
  const zones = new Map<string, string>();
  for (const group of slices.values()) {
    for (const slice of group) {
      for (const ep of slice.endpoints) {
        if (ep.nodeName && (!zones.has(ep.nodeName) || (zones.get(ep.nodeName) === '' && ep.zone))) zones.set(ep.nodeName, ep.zone ?? '');
      }
    }
  }
  for (const name of alsoNamed) if (name && !zones.has(name)) zones.set(name, '');
  return sortedByKey(zones);
}

/** A Node that endpoints name but the input lacks, as a snapshot decides from it: its zone label from the slice, nothing else known. */
export function inferredNode(name: string, zone: string): NodeModel {
  return {
    name,
    labels: zone ? { [LABEL_ZONE]: zone } : {},
    zone,
    controlPlane: false,
    allocatableMilliCPU: null,
    ready: null,
    unschedulable: false,
    taints: [],
  };
}

/** The warning for legacy Endpoints: kube-proxy reads EndpointSlices only (docs/rules.md §2). */
export function warnLegacyEndpoints(input: SortedInput, warnings: Warnings): void {
  if (input.endpoints) {
    warnings.add(
      'LegacyEndpointsIgnored',
      `${input.endpoints} Endpoints`,
      `${input.endpoints} legacy v1 Endpoints object${input.endpoints > 1 ? 's' : ''} ignored: kube-proxy reads EndpointSlices only`,
    );
  }
}

/** The warnings for kinds nothing here reads (`reads` says what is read). */
export function warnOtherKinds(input: SortedInput, warnings: Warnings, reads: string): void {
  for (const [kind, n] of input.others) {
    warnings.add('KindIgnored', `${n} ${kind}`, `${n} object${n > 1 ? 's' : ''} of kind ${kind} ignored: ${reads}`);
  }
}

function sortedByKey<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
