// A cluster snapshot: the Services, EndpointSlices and Nodes of a dump (`kubectl get
// nodes,services,endpointslices -A -o yaml`), each read and validated by host/objects exactly as a
// categorize request's objects are, then indexed the way kube-proxy's caches are: slices grouped
// by Service (label `kubernetes.io/service-name` within the namespace, docs/rules.md §2).
// All or nothing: one invalid object fails the whole load with a Status naming it.
import type { Era } from '../engine/eras.js';
import { isObject } from '../objects/fields.js';
import type { EndpointSliceModel, InputWarning, NodeModel, ServiceModel } from '../objects/model.js';
import { latestObjects, parseDocuments, splitObjects } from '../objects/parse.js';
import { readEndpointSlice } from '../objects/endpointslice.js';
import { readNode } from '../objects/node.js';
import { readService } from '../objects/service.js';
import { LABEL_SERVICE_NAME } from '../objects/well-known.js';
import { badRequest, fieldError, invalid, isStatusError, StatusError, type Status } from '../objects/status.js';

export interface ClusterSnapshot {
  /** Where the objects came from: a path, `demo`, `PUT /v1/snapshot`, `request body`. */
  source: string;
  /** The era the objects were validated in, and every decision against them is made in. */
  era: Era;
  /** By `namespace/name`, in that order. */
  services: ReadonlyMap<string, ServiceModel>;
  /** By `namespace/service-name`; a Service's slices in name order. Keys may name no Service (see warnings). */
  slicesByService: ReadonlyMap<string, readonly EndpointSliceModel[]>;
  /** Every slice, also those that serve no Service. */
  endpointSliceCount: number;
  /** By name, in name order. */
  nodes: ReadonlyMap<string, NodeModel>;
  /** Objects read but odd (defaulted, trimmed) and objects kept aside (legacy Endpoints, orphan slices, other kinds). */
  warnings: readonly InputWarning[];
}

const EMPTY: readonly EndpointSliceModel[] = [];

export const serviceKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** The slices of a Service, or none. */
export function slicesOf(snapshot: ClusterSnapshot, service: ServiceModel): readonly EndpointSliceModel[] {
  return snapshot.slicesByService.get(serviceKey(service.namespace, service.name)) ?? EMPTY;
}

/** One file of a dump: its name (for messages and its format: `.json` is JSON, anything else YAML) and text. */
export interface DumpFile {
  name: string;
  text: string;
}

/**
 * A dump's files → a snapshot: `--cluster FILE` is one file, `--cluster DIR` every `.yaml`, `.yml`
 * and `.json` in it. An unreadable file fails the load with a Status naming the file.
 */
export function snapshotFromFiles(files: readonly DumpFile[], era: Era, source: string): ClusterSnapshot {
  const docs: unknown[] = [];
  for (const file of files) {
    try {
      docs.push(...parseDocuments(file.text, file.name.toLowerCase().endsWith('.json') ? 'json' : 'yaml'));
    } catch (e) {
      throw inSource(e, source, files.length > 1 || file.name !== source ? `${file.name}: ` : '');
    }
  }
  return snapshotFromObjects(docs, era, source);
}

/**
 * Already-parsed objects (Lists flattened) → a snapshot. Kinds kube-proxy does not read for its
 * decision are set aside with a warning; legacy v1 Endpoints are ignored because kube-proxy reads
 * only EndpointSlices (docs/rules.md §2).
 */
export function snapshotFromObjects(objects: readonly unknown[], era: Era, source: string): ClusterSnapshot {
  const latest = latestObjects(objects);
  const split = splitObjects(latest.objects);
  // Every decision is made from a Node of the snapshot, and a real cluster always has one: a dump
  // without any is a truncated write, a wrong file or a forgotten kind, never a cluster to swap in.
  if (split.nodes.length === 0) {
    const what = objects.length === 0 ? 'holds no objects' : 'holds no Nodes (decisions are made from a node)';
    throw inSource(badRequest(`the dump ${what}: expected the output of kubectl get nodes,services,endpointslices -A -o yaml`), source, '');
  }
  const warnings: InputWarning[] = latest.replaced.map((r) => ({
    field: `objects[${r.index}]`,
    message: `${r.what} is named again by objects[${r.by}]: the later document wins, as kubectl apply would apply them in order`,
  }));
  const position = new Map(objects.map((o, i) => [o, i]));
  const at = (o: unknown) => `objects[${position.get(o) ?? 0}]`;

  const services = new Map<string, ServiceModel>();
  for (const raw of split.services) {
    const where = at(raw);
    const { service, warnings: w } = readOrName(raw, source, where, 'Service', () =>
      readService(raw, { minor: era.minor, gates: era.gates }),
    );
    const key = serviceKey(service.namespace, service.name);
    if (services.has(key)) throw duplicate(source, where, 'Service', key);
    services.set(key, service);
    warnings.push(...prefixed(w, `${where}.`));
  }

  const slices = new Map<string, EndpointSliceModel[]>();
  const sliceNames = new Set<string>();
  let endpointSliceCount = 0;
  for (const raw of split.endpointSlices) {
    const where = at(raw);
    const { slice, warnings: w } = readOrName(raw, source, where, 'EndpointSlice', () => readEndpointSlice(raw));
    warnings.push(...prefixed(w, `${where}.`));
    endpointSliceCount += 1;
    // Trimmed dumps may carry unnamed slices; only named ones can be duplicates.
    if (slice.name !== '') {
      const name = serviceKey(slice.namespace, slice.name);
      if (sliceNames.has(name)) throw duplicate(source, where, 'EndpointSlice', name);
      sliceNames.add(name);
    }
    if (slice.serviceName === null) {
      warnings.push({
        field: `${where}.metadata.labels`,
        message: `EndpointSlice ${slice.namespace}/${slice.name} has no ${LABEL_SERVICE_NAME} label: kube-proxy ignores it, and so does tpe`,
      });
      continue;
    }
    const key = serviceKey(slice.namespace, slice.serviceName);
    const group = slices.get(key) ?? [];
    group.push(slice);
    slices.set(key, group);
  }
  for (const [key, group] of slices) {
    // The order endpointsForPort resolves duplicates in (docs/eras.md "Inputs").
    group.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!services.has(key)) {
      warnings.push({
        field: 'endpointSlices',
        message: `${group.length} EndpointSlice${group.length > 1 ? 's' : ''} (${group.map((s) => s.name).join(', ')}) for Service ${key}, which the snapshot does not hold: kept, but no decision reads them`,
      });
    }
  }

  const nodes = new Map<string, NodeModel>();
  for (const raw of split.nodes) {
    const where = at(raw);
    const { node, warnings: w } = readOrName(raw, source, where, 'Node', () => readNode(raw));
    if (nodes.has(node.name)) throw duplicate(source, where, 'Node', node.name);
    nodes.set(node.name, node);
    warnings.push(...prefixed(w, `${where}.`));
  }

  if (split.endpoints.length) {
    warnings.push({
      field: 'objects',
      message: `${split.endpoints.length} legacy v1 Endpoints object${split.endpoints.length > 1 ? 's' : ''} ignored: kube-proxy reads EndpointSlices only`,
    });
  }
  if (split.pods.length) {
    warnings.push({
      field: 'objects',
      message: `${split.pods.length} Pod${split.pods.length > 1 ? 's' : ''} ignored: decisions read EndpointSlices (use tpe simulate to derive slices from Pods)`,
    });
  }
  const others = new Map<string, number>();
  for (const o of split.others) others.set(o.kind || '(no kind)', (others.get(o.kind || '(no kind)') ?? 0) + 1);
  for (const [kind, n] of others)
    warnings.push({
      field: 'objects',
      message: `${n} object${n > 1 ? 's' : ''} of kind ${kind} ignored: a snapshot holds Services, EndpointSlices and Nodes`,
    });

  return {
    source,
    era,
    services: sorted(services),
    slicesByService: sorted(slices),
    endpointSliceCount,
    nodes: sorted(nodes),
    warnings,
  };
}

function sorted<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function prefixed(warnings: readonly InputWarning[], prefix: string): InputWarning[] {
  return warnings.map((w) => ({ ...w, field: prefix + w.field }));
}

/** Runs a reader; its Status error gets the source and the object's name in front of the message. */
function readOrName<T>(raw: unknown, source: string, where: string, kind: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw inSource(e, source, `${where} (${kind} ${describe(raw)}): `);
  }
}

function describe(raw: unknown): string {
  const meta = isObject(raw) && isObject(raw.metadata) ? raw.metadata : {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : '(unnamed)';
  return typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/${name}` : name;
}

function inSource(e: unknown, source: string, where: string): unknown {
  if (!isStatusError(e)) return e;
  const status: Status = { ...e.status, message: `cluster snapshot from ${source} rejected: ${where}${e.status.message}` };
  return new StatusError(status);
}

function duplicate(source: string, where: string, kind: string, name: string): unknown {
  return inSource(invalid(kind, name, [fieldError.duplicate('metadata.name', name)]), source, `${where}: `);
}
