// An EndpointSlice, validated as pkg/apis/discovery/validation ValidateEndpointSlice does and
// defaulted as pkg/apis/discovery/v1 defaults.go does (port name "", protocol TCP). Conditions
// keep `null` for absent: reading them is host/engine's job (docs/rules.md §2). Trimmed dumps
// are common (no metadata, no conditions, no ports), so only what the API server would refuse
// is refused; v1beta1 objects (removed in 1.25) are still read, with a warning.
import type { EndpointConditionsModel, EndpointModel, EndpointPortModel, EndpointSliceModel, InputWarning } from './model.js';
import { fieldError, invalid } from './status.js';
import {
  child,
  index,
  isObject,
  lazyChild,
  lazyIndex,
  prefixOf,
  Reader,
  readObjectMeta,
  requireObject,
  withoutDot,
  type Obj,
  type Path,
} from './fields.js';
import { dns1123Label, dns1123Subdomain, endpointIP, isEndpointIPv4, labelValue, parseIP, portNumber } from './formats.js';
import { LABEL_SERVICE_NAME, LABEL_ZONE } from './well-known.js';

const V1 = 'discovery.k8s.io/v1';
const V1BETA1 = 'discovery.k8s.io/v1beta1';
const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'] as const;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
// Upstream raised the port limit from 100 to 20000; tpe accepts what today's API server accepts.
const MAX_PORTS = 20000;
const MAX_HINTS = 8;
const HOSTNAME_KEY = 'kubernetes.io/hostname';

type AddressType = EndpointSliceModel['addressType'];

export function readEndpointSlice(raw: unknown, path = ''): { slice: EndpointSliceModel; warnings: InputWarning[] } {
  const prefix = prefixOf(path);
  const obj = requireObject(raw, withoutDot(path), 'discovery.k8s.io/v1 EndpointSlice');
  const r = new Reader(prefix);
  const meta = readObjectMeta(r, obj, {
    kind: 'EndpointSlice',
    apiVersions: [V1, V1BETA1],
    nameFormat: dns1123Subdomain,
    nameRequired: false,
    namespaced: true,
  });
  if (meta.apiVersion === V1BETA1)
    r.warn('apiVersion', `${V1BETA1} was removed in Kubernetes 1.25; read as ${V1} (topology → nodeName and zone)`);

  const addressType = r.string(obj, 'addressType', '') ?? '';
  if (addressType === '') r.fail(fieldError.required('addressType'));
  else if (!(ADDRESS_TYPES as readonly string[]).includes(addressType))
    r.fail(fieldError.notSupported('addressType', addressType, ADDRESS_TYPES));

  const namespace = meta.namespaceDefaulted ? (namespaceFromTargets(r, obj) ?? meta.namespace) : meta.namespace;
  const endpoints = readEndpoints(r, obj, addressType, namespace, meta.apiVersion === V1BETA1);
  const ports = readPorts(r, obj);

  if (r.causes.length) throw invalid('EndpointSlice', meta.name, r.causes, prefix);
  return {
    slice: {
      namespace,
      name: meta.name,
      serviceName: meta.labels[LABEL_SERVICE_NAME] ?? null,
      addressType: addressType as AddressType,
      ports,
      endpoints,
    },
    warnings: r.warnings,
  };
}

/**
 * Trimmed dumps (`kubectl get endpointslices -n shop -o yaml` with metadata cut) lose the
 * namespace that the command line gave; the endpoints' Pod targetRefs still carry it.
 */
function namespaceFromTargets(r: Reader, obj: Obj): string | undefined {
  const endpoints = Array.isArray(obj.endpoints) ? obj.endpoints : [];
  // Every endpoint must carry the same one: an endpoint without a targetRef namespace spoils it.
  let only: unknown;
  for (let i = 0; i < endpoints.length; i++) {
    const ep: unknown = endpoints[i];
    const namespace = isObject(ep) && isObject(ep.targetRef) ? ep.targetRef.namespace : undefined;
    if (i === 0) only = namespace;
    else if (namespace !== only) return undefined;
  }
  if (typeof only !== 'string' || only === '') return undefined;
  r.warn('metadata.namespace', `missing; read as ${JSON.stringify(only)}, the namespace of every endpoint's targetRef`);
  return only;
}

// The per-endpoint readers below run a thousand times for a full slice: fields read by name,
// plain loops, no per-entry closures, and paths (LazyPath) spelled out only for a cause or warning.

function readEndpoints(r: Reader, obj: Obj, addressType: string, namespace: string, v1beta1: boolean): EndpointModel[] {
  const endpoints: EndpointModel[] = [];
  if (tooMany(r, obj.endpoints, 'endpoints', '', MAX_ENDPOINTS)) return endpoints;
  const list = r.listValue(obj.endpoints, 'endpoints', '') ?? [];
  for (let i = 0; i < list.length; i++) {
    const path = lazyIndex('endpoints', i);
    const ep = r.entry(list[i], path);
    if (ep) endpoints.push(readEndpoint(r, ep, path, addressType, namespace, v1beta1));
  }
  return endpoints;
}

/** One endpoint; its fields are read in upstream's order, which is the order of the causes. */
function readEndpoint(r: Reader, ep: Obj, path: Path, addressType: string, namespace: string, v1beta1: boolean): EndpointModel {
  const addresses = readAddresses(r, ep, path, addressType);
  const nodeName = r.stringValue(ep.nodeName, 'nodeName', path) ?? null;
  if (nodeName !== null) r.check(lazyChild(path, 'nodeName'), nodeName, dns1123Subdomain(nodeName));
  const hostname = r.stringValue(ep.hostname, 'hostname', path);
  if (hostname !== undefined) r.check(lazyChild(path, 'hostname'), hostname, dns1123Label(hostname));
  const topology = readTopology(r, ep, path, v1beta1);
  const hints = r.objectValue(ep.hints, 'hints', path);
  const hintsPath = lazyChild(path, 'hints');
  return {
    addresses,
    conditions: readConditions(r, ep, path),
    // v1beta1 carried the node in topology; a v1beta1 nodeName field (1.20+) wins over it.
    nodeName: nodeName ?? topology.nodeName,
    zone: r.stringValue(ep.zone, 'zone', path) ?? topology.zone,
    forZones: hints ? readHints(r, hints.forZones, hintsPath, 'forZones', labelValue) : [],
    forNodes: hints ? readHints(r, hints.forNodes, hintsPath, 'forNodes', dns1123Subdomain) : [],
    targetPod: readTargetPod(r, ep, path, namespace),
  };
}

function readAddresses(r: Reader, ep: Obj, path: Path, addressType: string): string[] {
  const addresses = r.stringsValue(ep.addresses, 'addresses', path) ?? [];
  if (addresses.length === 0) r.fail(fieldError.required(child(path, 'addresses'), 'must contain at least 1 address'));
  else if (addresses.length > MAX_ADDRESSES) r.fail(fieldError.tooMany(child(path, 'addresses'), addresses.length, MAX_ADDRESSES));
  for (let i = 0; i < addresses.length; i++) {
    const address = addresses[i]!;
    // The common case, a usable dotted-quad address in an IPv4 slice, needs nothing built.
    if (addressType === 'IPv4' && isEndpointIPv4(address)) continue;
    checkAddress(r, index(child(path, 'addresses'), i), address, addressType);
  }
  return addresses;
}

function checkAddress(r: Reader, at: string, address: string, addressType: string): void {
  if (addressType === 'FQDN') {
    const name = address.replace(/\.$/, '');
    if (r.check(at, name, dns1123Subdomain(name)) && !name.includes('.')) {
      r.fail(fieldError.invalid(at, name, 'should be a domain with at least two segments separated by dots'));
    }
    return;
  }
  if (addressType !== 'IPv4' && addressType !== 'IPv6') return;
  const ip = parseIP(address);
  if (!ip || ip.family !== addressType) r.fail(fieldError.invalid(at, address, `must be a valid ${addressType} address`));
  else r.check(at, address, endpointIP(address, ip));
}

function readConditions(r: Reader, ep: Obj, path: Path): EndpointConditionsModel {
  const c = r.objectValue(ep.conditions, 'conditions', path);
  if (!c) return { ready: null, serving: null, terminating: null };
  const p = lazyChild(path, 'conditions');
  return {
    ready: r.boolValue(c.ready, 'ready', p) ?? null,
    serving: r.boolValue(c.serving, 'serving', p) ?? null,
    terminating: r.boolValue(c.terminating, 'terminating', p) ?? null,
  };
}

const NO_TOPOLOGY: { readonly nodeName: null; readonly zone: null } = { nodeName: null, zone: null };

/**
 * v1beta1 `topology` (kubernetes.io/hostname, topology.kubernetes.io/zone). Real dumps also show
 * it on objects labelled v1, where a v1 API server would drop it: read it the same way, and say so.
 */
function readTopology(r: Reader, ep: Obj, path: Path, v1beta1: boolean): { nodeName: string | null; zone: string | null } {
  const topology = r.stringMapValue(ep.topology, 'topology', path);
  if (!topology) return NO_TOPOLOGY;
  const field = child(path, 'topology');
  if (!v1beta1)
    r.warn(
      field,
      `topology is a ${V1BETA1} field that ${V1} does not have (a relabelled v1beta1 object?); read as v1beta1: ${HOSTNAME_KEY} → nodeName, ${LABEL_ZONE} → zone`,
    );
  const nodeName = topology[HOSTNAME_KEY] ?? null;
  if (nodeName !== null) r.check(`${field}[${HOSTNAME_KEY}]`, nodeName, dns1123Subdomain(nodeName));
  return { nodeName, zone: topology[LABEL_ZONE] ?? null };
}

/** validateHints: `list` is hints[key]; at most 8 entries, names unique and well-formed. */
function readHints(r: Reader, list: unknown, path: Path, key: 'forZones' | 'forNodes', format: (v: string) => string[]): string[] {
  const names: string[] = [];
  if (tooMany(r, list, key, path, MAX_HINTS)) return names;
  const entries = r.listValue(list, key, path) ?? [];
  const listPath = lazyChild(path, key);
  for (let i = 0; i < entries.length; i++) {
    const at = lazyIndex(listPath, i);
    const hint = r.entry(entries[i], at);
    if (!hint) continue;
    const name = r.stringValue(hint.name, 'name', at) ?? '';
    if (name === '') {
      r.fail(fieldError.required(child(at, 'name')));
      continue;
    }
    // At most 8 names: a linear search beats a Set. Every name read so far is in `names`.
    if (names.includes(name)) r.fail(fieldError.duplicate(child(at, 'name'), name));
    r.check(lazyChild(at, 'name'), name, format(name));
    names.push(name);
  }
  return names;
}

function readTargetPod(r: Reader, ep: Obj, path: Path, namespace: string): string | null {
  const ref = r.objectValue(ep.targetRef, 'targetRef', path);
  if (!ref) return null;
  const at = lazyChild(path, 'targetRef');
  const kind = r.stringValue(ref.kind, 'kind', at);
  const name = r.stringValue(ref.name, 'name', at);
  if (kind !== 'Pod' || !name) return null;
  return `${r.stringValue(ref.namespace, 'namespace', at) || namespace}/${name}`;
}

/** validatePorts, after SetDefaults_EndpointPort (name "", protocol TCP). */
function readPorts(r: Reader, obj: Obj): EndpointPortModel[] {
  const ports: EndpointPortModel[] = [];
  if (tooMany(r, obj.ports, 'ports', '', MAX_PORTS)) return ports;
  const names = new Set<string>();
  for (const [p, path] of r.objects(obj, 'ports', '')) {
    const name = r.string(p, 'name', path) ?? '';
    if (name !== '') r.check(lazyChild(path, 'name'), name, dns1123Label(name));
    if (names.has(name)) r.fail(fieldError.duplicate(child(path, 'name'), name));
    names.add(name);
    const protocol = r.string(p, 'protocol', path) || 'TCP';
    if (!(PROTOCOLS as readonly string[]).includes(protocol)) r.fail(fieldError.notSupported(child(path, 'protocol'), protocol, PROTOCOLS));
    const port = r.int(p, 'port', path) ?? null;
    if (port !== null) r.check(lazyChild(path, 'port'), port, portNumber(port));
    ports.push({ name, port, protocol: protocol as EndpointPortModel['protocol'] });
  }
  return ports;
}

/** Upstream checks a list's length first and skips its entries when there are too many. `list` is the field `key`. */
function tooMany(r: Reader, list: unknown, key: string, path: Path, max: number): boolean {
  if (!Array.isArray(list) || list.length <= max) return false;
  r.fail(fieldError.tooMany(child(path, key), list.length, max));
  return true;
}
