// A cluster snapshot kept in step with a stream of watch events (ADDED / MODIFIED / DELETED, and a
// full relist) instead of rebuilt from a whole dump: each object is read once by host/objects when it
// arrives, kept per kind by `namespace/name`, and a batch of events rebuilds only what it touched —
// one EndpointSlice event regroups its Service's slices and nothing else; the unchanged Services,
// slice groups and Nodes of the next snapshot are the very objects of the previous one, so the
// decision cache can keep their PortRequests and results (decisions.ts).
//
// The result is the snapshot snapshotFromObjects builds from the same objects (same maps, same
// order, same groups; test/cluster/incremental.test.ts checks it against a full rebuild), with two
// differences a live source needs: an object the readers refuse is set aside with a warning instead
// of failing the load (the API server validated it; a newer server may send fields tpe does not
// know), and a cluster with no Node yet is a snapshot like any other (its first list may be empty).
import type { Era } from '../engine/eras.js';
import { isObject } from '../objects/fields.js';
import type { EndpointSliceModel, InputWarning, NodeModel, ServiceModel } from '../objects/model.js';
import { LABEL_SERVICE_NAME } from '../objects/well-known.js';
import { inferredNode, namedNodes } from './ingest.js';
import { Warnings, type IngestWarning } from './warnings.js';
import { readEndpointSlice } from '../objects/endpointslice.js';
import { readNode } from '../objects/node.js';
import { readService } from '../objects/service.js';
import { isStatusError } from '../objects/status.js';
import { PatchedMap } from './patched-map.js';
import { serviceKey, type ClusterSnapshot } from './snapshot.js';

/** The kinds a snapshot is made of, as a watch source names them. */
export type WatchedKind = 'Node' | 'Service' | 'EndpointSlice';
export const WATCHED_KINDS: readonly WatchedKind[] = ['Node', 'Service', 'EndpointSlice'];

/** One change from the API server. `replace` is a full list of the kind (the first list, and every relist after a 410 Gone). */
export type ClusterEvent =
  | { type: 'upsert'; kind: WatchedKind; object: unknown }
  | { type: 'delete'; kind: WatchedKind; object: unknown }
  | { type: 'replace'; kind: WatchedKind; objects: readonly unknown[] };

/** What one applied batch changed, for the decision cache and the log. */
export interface IncrementalUpdate {
  snapshot: ClusterSnapshot;
  /** False when every event of the batch repeated what the snapshot already held (same resourceVersion, or a delete of nothing). */
  changed: boolean;
  /** `namespace/name` of every Service whose object or slices changed. */
  changedServices: ReadonlySet<string>;
  /** Any Node added, changed or removed (a node's zone and labels enter every result made from it). */
  nodesChanged: boolean;
}

interface Entry<M> {
  /** metadata.resourceVersion; `""` when the object has none (then it is never taken for a repeat). */
  version: string;
  model: M;
  warnings: readonly InputWarning[];
}

interface SliceEntry extends Entry<EndpointSliceModel> {
  /** The Service key the slice serves, null without the `kubernetes.io/service-name` label. */
  service: string | null;
}

export class IncrementalCluster {
  readonly #era: Era;
  readonly #source: string;
  readonly #nodes = new Map<string, Entry<NodeModel>>();
  readonly #services = new Map<string, Entry<ServiceModel>>();
  readonly #slices = new Map<string, SliceEntry>();
  /** Slice names per Service key, for regrouping one Service without scanning every slice. */
  readonly #sliceIndex = new Map<string, Set<string>>();
  /** Objects the readers refused, by `Kind namespace/name`: not in the snapshot, listed in its warnings. */
  readonly #rejected = new Map<string, IngestWarning>();
  /** The warnings of each object that has any (reader warnings, a slice without a Service label), by `Kind key`. */
  readonly #objectWarnings = new Map<string, IngestWarning[]>();
  /** The warnings of each Service key whose slices name a Service the snapshot does not hold. */
  readonly #orphans = new Map<string, IngestWarning[]>();
  /** Nodes that endpoints name but the source has not listed, inferred as the one ingest does (ingest.ts namedNodes). */
  #inferred = new Map<string, NodeModel>();
  #warningsChanged = false;
  #snapshot: ClusterSnapshot;

  constructor(era: Era, source: string) {
    this.#era = era;
    this.#source = source;
    this.#snapshot = {
      source,
      era,
      services: new Map(),
      slicesByService: new Map(),
      endpointSliceCount: 0,
      nodes: new Map(),
      warnings: [],
      warningCount: 0,
    };
  }

  get snapshot(): ClusterSnapshot {
    return this.#snapshot;
  }

  /** Objects set aside because tpe could not read them. */
  get rejectedCount(): number {
    return this.#rejected.size;
  }

  /** Applies a batch of events in order and builds the next snapshot from the previous one. */
  apply(events: readonly ClusterEvent[]): IncrementalUpdate {
    const touched: Touched = { services: new Set(), slices: new Set(), nodes: new Set(), keysChanged: { s: false, n: false } };
    let changed = false;
    for (const event of events) {
      if (event.type === 'replace') {
        const keep = new Set<string>();
        for (const object of event.objects) {
          keep.add(keyOf(event.kind, object));
          changed = this.#upsert(event.kind, object, touched) || changed;
        }
        for (const key of [...this.#keysOf(event.kind)]) if (!keep.has(key)) changed = this.#delete(event.kind, key, touched) || changed;
      } else if (event.type === 'upsert') {
        changed = this.#upsert(event.kind, event.object, touched) || changed;
      } else {
        changed = this.#delete(event.kind, keyOf(event.kind, event.object), touched) || changed;
      }
    }
    if (!changed) return { snapshot: this.#snapshot, changed, changedServices: new Set(), nodesChanged: false };

    const prev = this.#snapshot;
    const services = touched.keysChanged.s
      ? sortedMap([...this.#services].map(([k, e]) => [k, e.model]))
      : patched(
          prev.services,
          [...touched.services].filter((k) => this.#services.has(k)).map((k) => [k, this.#services.get(k)!.model]),
        );
    const slicesByService = this.#regroup(prev.slicesByService, touched.slices);
    const inferredChanged = (touched.slices.size > 0 || touched.nodes.size > 0) && this.#inferNodes(slicesByService);
    const nodes =
      touched.keysChanged.n || inferredChanged
        ? sortedMap([...[...this.#nodes].map(([k, e]): [string, NodeModel] => [k, e.model]), ...this.#inferred])
        : patched(
            prev.nodes,
            [...touched.nodes].map((k) => [k, this.#nodes.get(k)!.model]),
          );
    const warnings = this.#warnings(prev, services, touched.slices);
    this.#snapshot = {
      source: this.#source,
      era: this.#era,
      services,
      slicesByService,
      endpointSliceCount: this.#slices.size,
      nodes,
      warnings: warnings.list,
      warningCount: warnings.count,
    };
    for (const k of touched.slices) touched.services.add(k);
    return { snapshot: this.#snapshot, changed, changedServices: touched.services, nodesChanged: touched.nodes.size > 0 };
  }

  #keysOf(kind: WatchedKind): Iterable<string> {
    const rejected = [...this.#rejected.keys()].filter((k) => k.startsWith(`${kind} `)).map((k) => k.slice(kind.length + 1));
    const held = kind === 'Node' ? this.#nodes.keys() : kind === 'Service' ? this.#services.keys() : this.#slices.keys();
    return [...held, ...rejected];
  }

  #upsert(kind: WatchedKind, object: unknown, touched: Touched): boolean {
    const key = keyOf(kind, object);
    const version = versionOf(object);
    const held = kind === 'Node' ? this.#nodes.get(key) : kind === 'Service' ? this.#services.get(key) : this.#slices.get(key);
    if (held && version !== '' && held.version === version) return false;
    let read: { model: NodeModel | ServiceModel | EndpointSliceModel; warnings: InputWarning[] };
    try {
      read = this.#read(kind, object);
    } catch (e) {
      if (!isStatusError(e)) throw e;
      // The object as it now is cannot be read: the version before it is gone too, so no decision
      // is made from a state of it the server no longer holds.
      const wasHeld = this.#delete(kind, key, touched);
      const warning = {
        code: 'ObjectSetAside',
        object: `${kind} ${key}`,
        message: `set aside: tpe cannot read this ${kind} as the API server sent it (${e.status.message}); it is left out of the snapshot until a version tpe can read arrives`,
      };
      const before = this.#rejected.get(`${kind} ${key}`);
      this.#rejected.set(`${kind} ${key}`, warning);
      this.#warningsChanged = true;
      return wasHeld || before?.message !== warning.message;
    }
    if (this.#rejected.delete(`${kind} ${key}`)) this.#warningsChanged = true;
    if (kind === 'Node') {
      if (!held) touched.keysChanged.n = true;
      this.#nodes.set(key, { version, model: read.model as NodeModel, warnings: read.warnings });
      this.#noteWarnings(kind, key, read.warnings);
      touched.nodes.add(key);
    } else if (kind === 'Service') {
      if (!held) touched.keysChanged.s = true;
      this.#services.set(key, { version, model: read.model as ServiceModel, warnings: read.warnings });
      this.#noteWarnings(kind, key, read.warnings);
      touched.services.add(key);
      // A Service appearing or going changes whether its slices are orphans (a warning).
      touched.slices.add(key);
    } else {
      const slice = read.model as EndpointSliceModel;
      const service = slice.serviceName === null ? null : serviceKey(slice.namespace, slice.serviceName);
      const before = this.#slices.get(key);
      if (before?.service != null) {
        this.#unindex(before.service, key);
        touched.slices.add(before.service);
      }
      this.#slices.set(key, { version, model: slice, warnings: read.warnings, service });
      this.#noteWarnings(
        kind,
        key,
        read.warnings,
        service === null
          ? [
              {
                code: 'OrphanEndpointSlice',
                object: `EndpointSlice ${key}`,
                message: `no ${LABEL_SERVICE_NAME} label: kube-proxy ignores it, and so does tpe`,
              },
            ]
          : [],
      );
      if (service !== null) {
        let names = this.#sliceIndex.get(service);
        if (!names) this.#sliceIndex.set(service, (names = new Set()));
        names.add(key);
        touched.slices.add(service);
      }
    }
    return true;
  }

  #delete(kind: WatchedKind, key: string, touched: Touched): boolean {
    const wasRejected = this.#rejected.delete(`${kind} ${key}`);
    if (wasRejected) this.#warningsChanged = true;
    this.#noteWarnings(kind, key, []);
    if (kind === 'Node') {
      if (!this.#nodes.delete(key)) return wasRejected;
      touched.nodes.add(key);
      touched.keysChanged.n = true;
    } else if (kind === 'Service') {
      if (!this.#services.delete(key)) return wasRejected;
      touched.services.add(key);
      touched.slices.add(key);
      touched.keysChanged.s = true;
    } else {
      const before = this.#slices.get(key);
      if (!before) return wasRejected;
      this.#slices.delete(key);
      if (before.service !== null) {
        this.#unindex(before.service, key);
        touched.slices.add(before.service);
      }
    }
    return true;
  }

  #unindex(service: string, sliceKey: string): void {
    const names = this.#sliceIndex.get(service);
    names?.delete(sliceKey);
    if (names?.size === 0) this.#sliceIndex.delete(service);
  }

  #read(kind: WatchedKind, object: unknown): { model: NodeModel | ServiceModel | EndpointSliceModel; warnings: InputWarning[] } {
    if (kind === 'Node') {
      const r = readNode(object);
      return { model: r.node, warnings: r.warnings };
    }
    if (kind === 'Service') {
      const r = readService(object, { minor: this.#era.minor, gates: this.#era.gates });
      return { model: r.service, warnings: r.warnings };
    }
    const r = readEndpointSlice(object);
    return { model: r.slice, warnings: r.warnings };
  }

  /** The previous groups with every touched Service's slices gathered again (name order, as snapshotFromObjects sorts them). */
  #regroup(
    prev: ReadonlyMap<string, readonly EndpointSliceModel[]>,
    touched: ReadonlySet<string>,
  ): ReadonlyMap<string, readonly EndpointSliceModel[]> {
    if (touched.size === 0) return prev;
    let keysChanged = false;
    const updates: [string, readonly EndpointSliceModel[]][] = [];
    for (const key of touched) {
      // Slices of a Service the snapshot does not hold are set aside with a warning, as the one ingest does.
      const names = this.#services.has(key) ? this.#sliceIndex.get(key) : undefined;
      if (!names) {
        if (prev.has(key)) keysChanged = true;
        continue;
      }
      if (!prev.has(key)) keysChanged = true;
      const group = [...names].map((n) => this.#slices.get(n)!.model);
      group.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      updates.push([key, group]);
    }
    if (!keysChanged) return patched(prev, updates);
    const next = new Map(prev);
    for (const key of touched) if (!this.#sliceIndex.has(key) || !this.#services.has(key)) next.delete(key);
    for (const [k, v] of updates) next.set(k, v);
    return sortedMap([...next]);
  }

  /** The previous warnings, or (when an object's warnings or an orphan group changed) the list gathered again, folded as the one ingest folds them. */
  #warnings(
    prev: ClusterSnapshot,
    services: ReadonlyMap<string, ServiceModel>,
    touchedGroups: ReadonlySet<string>,
  ): { list: readonly IngestWarning[]; count: number } {
    for (const key of touchedGroups) {
      const names = this.#sliceIndex.get(key);
      const orphan = names !== undefined && !services.has(key);
      if (!orphan) {
        if (this.#orphans.delete(key)) this.#warningsChanged = true;
        continue;
      }
      const group = [...names].map((n) => this.#slices.get(n)!.model);
      this.#orphans.set(
        key,
        group.map((slice) => ({
          code: 'OrphanEndpointSlice',
          object: `EndpointSlice ${slice.namespace}/${slice.name}`,
          message: `its Service ${key} is not in the input: no decision reads it`,
        })),
      );
      this.#warningsChanged = true;
    }
    if (!this.#warningsChanged) return { list: prev.warnings, count: prev.warningCount };
    this.#warningsChanged = false;
    const warnings = new Warnings();
    const all = [
      ...this.#rejected.values(),
      ...[...this.#objectWarnings.values()].flat(),
      ...[...this.#orphans.values()].flat(),
      ...[...this.#inferred.values()].map((n) => ({
        code: 'InferredNode',
        object: `Node ${n.name}`,
        message: `named by an endpoint but not in the dump: decided ${n.zone ? `in zone ${n.zone} (from the EndpointSlice)` : 'without a zone label'}`,
      })),
    ];
    for (const w of all) warnings.add(w.code, w.object, w.message);
    return { list: warnings.list(), count: warnings.size };
  }

  /** Nodes named by endpoints of held Services but not listed; true when that set changed. */
  #inferNodes(slicesByService: ReadonlyMap<string, readonly EndpointSliceModel[]>): boolean {
    const next = new Map<string, NodeModel>();
    for (const [name, zone] of namedNodes(slicesByService)) {
      if (this.#nodes.has(name)) continue;
      next.set(name, inferredNode(name, zone));
    }
    const same = next.size === this.#inferred.size && [...next].every(([k, n]) => this.#inferred.get(k)?.zone === n.zone);
    if (same) return false;
    this.#inferred = next;
    this.#warningsChanged = true;
    return true;
  }

  /** Records the warnings an object was read with (none: forgets them). */
  #noteWarnings(kind: WatchedKind, key: string, warnings: readonly InputWarning[], extra: IngestWarning[] = []): void {
    const all = [
      ...warnings.map((w) => ({ code: `${kind}Field`, object: `${kind} ${key}`, message: `${w.field}: ${w.message}` })),
      ...extra,
    ];
    const had = this.#objectWarnings.delete(`${kind} ${key}`);
    if (all.length) this.#objectWarnings.set(`${kind} ${key}`, all);
    if (had || all.length) this.#warningsChanged = true;
  }
}

interface Touched {
  services: Set<string>;
  slices: Set<string>;
  nodes: Set<string>;
  keysChanged: { s: boolean; n: boolean };
}

/** `namespace/name`, or `name` for a Node (cluster-scoped); read before validation, so a refused object can still be deleted. */
function keyOf(kind: WatchedKind, object: unknown): string {
  const meta = isObject(object) && isObject(object.metadata) ? object.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (kind === 'Node') return name;
  return serviceKey(typeof meta.namespace === 'string' ? meta.namespace : '', name);
}

function versionOf(object: unknown): string {
  const meta = isObject(object) && isObject(object.metadata) ? object.metadata : {};
  return typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '';
}

function sortedMap<V>(entries: [string, V][]): Map<string, V> {
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `prev` with some values replaced; every key already in `prev`, so the order stays. */
function patched<V>(prev: ReadonlyMap<string, V>, updates: readonly (readonly [string, V])[]): ReadonlyMap<string, V> {
  return PatchedMap.of(prev, updates);
}
