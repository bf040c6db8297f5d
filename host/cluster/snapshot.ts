// A cluster snapshot: the Services, EndpointSlices and Nodes of a dump (`kubectl get
// nodes,services,endpointslices -A -o yaml`), read through the one ingest every surface uses
// (ingest.ts): each object validated exactly as a categorize request's objects are, then indexed
// the way kube-proxy's caches are: slices grouped by Service (docs/rules.md §2). All or nothing: one
// invalid object fails the whole load with a Status naming it and where it is.
import type { Era } from '../engine/eras.js';
import type { EndpointSliceModel, NodeModel, ServiceModel } from '../objects/model.js';
import { parseDocuments } from '../objects/parse.js';
import { readNode } from '../objects/node.js';
import { badRequest, isStatusError, StatusError, type Status } from '../objects/status.js';
import {
  addFieldWarnings,
  inferredNode,
  duplicate,
  groupSlices,
  namedNodes,
  readPlaced,
  readServices,
  sortInput,
  warnLegacyEndpoints,
  warnOtherKinds,
  type ObjectOrigin,
} from './ingest.js';
import { Warnings, type IngestWarning } from './warnings.js';

export interface ClusterSnapshot {
  /** Where the objects came from: a path, `demo`, `PUT /v1/snapshot`, `request body`. */
  source: string;
  /** The era the objects were validated in, and every decision against them is made in. */
  era: Era;
  /** By `namespace/name`, in that order. */
  services: ReadonlyMap<string, ServiceModel>;
  /** By `namespace/service-name`, for the Services the snapshot holds; a Service's slices in name order. */
  slicesByService: ReadonlyMap<string, readonly EndpointSliceModel[]>;
  /** Every slice read, also those that serve no Service. */
  endpointSliceCount: number;
  /** By name, in name order (inferred ones too). */
  nodes: ReadonlyMap<string, NodeModel>;
  /** Objects read but odd (defaulted, trimmed, inferred) and objects set aside (legacy Endpoints, orphan slices, other kinds). */
  warnings: readonly IngestWarning[];
  /** How many warnings there were before folding (warnings.ts keeps a few per code). */
  warningCount: number;
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
  const origins: ObjectOrigin[] = [];
  for (const file of files) {
    let parsed: unknown[];
    try {
      parsed = parseDocuments(file.text, file.name.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
    } catch (e) {
      throw inSource(e, source, files.length > 1 || file.name !== source ? `${file.name}: ` : '');
    }
    parsed.forEach((doc, index) => {
      docs.push(doc);
      origins.push({ source: file.name, index, count: parsed.length });
    });
  }
  return snapshotFromObjects(docs, era, source, origins);
}

/**
 * Already-parsed objects (Lists flattened) → a snapshot; `origins[i]` says where `objects[i]` came
 * from. Kinds kube-proxy does not read for its decision are set aside with a warning; legacy v1
 * Endpoints are ignored because kube-proxy reads only EndpointSlices (docs/rules.md §2). Nodes that
 * endpoints name but the dump lacks are inferred, as the emulator infers them (ingest.ts).
 */
export function snapshotFromObjects(
  objects: readonly unknown[],
  era: Era,
  source: string,
  origins?: readonly ObjectOrigin[],
): ClusterSnapshot {
  // A dump of nothing is a truncated write or a wrong file, never a cluster to swap in.
  if (objects.length === 0) {
    throw inSource(
      badRequest('the dump holds no objects: expected the output of kubectl get nodes,services,endpointslices -A -o yaml'),
      source,
      '',
    );
  }
  const warnings = new Warnings();
  try {
    const input = sortInput(objects, origins, warnings);
    const services = readServices(input.services, era, warnings);
    const slicesByService = groupSlices(input.endpointSlices, services, warnings);

    const nodes = new Map<string, NodeModel>();
    for (const o of input.nodes) {
      const { node, warnings: w } = readPlaced(o, 'Node', () => readNode(o.raw));
      if (nodes.has(node.name)) throw duplicate(o, 'Node', node.name);
      nodes.set(node.name, node);
      addFieldWarnings(warnings, 'NodeField', `Node ${node.name}`, w);
    }
    for (const [name, zone] of namedNodes(slicesByService)) {
      if (nodes.has(name)) continue;
      nodes.set(name, inferredNode(name, zone));
      warnings.add(
        'InferredNode',
        `Node ${name}`,
        `named by an endpoint but not in the dump: decided ${zone ? `in zone ${zone} (from the EndpointSlice)` : 'without a zone label'}`,
      );
    }

    warnLegacyEndpoints(input, warnings);
    if (input.pods.length) {
      const n = input.pods.length;
      warnings.add(
        'KindIgnored',
        `${n} Pod`,
        `${n} Pod${n > 1 ? 's' : ''} ignored: decisions read EndpointSlices (use tpe simulate to derive slices from Pods)`,
      );
    }
    for (const [kind, list] of [
      ['Deployment', input.deployments],
      ['DaemonSet', input.daemonSets],
      ['Traffic', input.traffic],
    ] as const) {
      if (list.length) input.others.set(kind, (input.others.get(kind) ?? 0) + list.length);
    }
    warnOtherKinds(input, warnings, 'a snapshot holds Services, EndpointSlices and Nodes');
    if (input.services.length + input.endpointSlices.length + input.nodes.length === 0) {
      throw badRequest(
        `the dump holds no Service, EndpointSlice or Node (${objects.length} object${objects.length > 1 ? 's' : ''} of other kinds): expected the output of kubectl get nodes,services,endpointslices -A -o yaml`,
      );
    }
    return {
      source,
      era,
      services: new Map([...services].map(([key, s]) => [key, s.model])),
      slicesByService,
      endpointSliceCount: input.endpointSlices.length,
      nodes: new Map([...nodes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      warnings: warnings.list(),
      warningCount: warnings.size,
    };
  } catch (e) {
    throw inSource(e, source, '');
  }
}

function inSource(e: unknown, source: string, where: string): unknown {
  if (!isStatusError(e)) return e;
  const status: Status = { ...e.status, message: `cluster snapshot from ${source} rejected: ${where}${e.status.message}` };
  return new StatusError(status);
}
