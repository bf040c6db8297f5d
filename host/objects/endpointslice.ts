// An EndpointSlice, validated as pkg/apis/discovery/validation ValidateEndpointSlice does and
// defaulted as pkg/apis/discovery/v1 defaults.go does (port name "", protocol TCP). Conditions
// keep `null` for absent: reading them is host/engine's job (semantics.md §2). Trimmed dumps
// are common (no metadata, no conditions, no ports), so only what the API server would refuse
// is refused; v1beta1 objects (removed in 1.25) are still read, with a warning.
import type { EndpointConditionsModel, EndpointModel, EndpointPortModel, EndpointSliceModel, InputWarning } from './model.js';
import { fieldError, invalid } from './status.js';
import { child, isObject, prefixOf, Reader, readObjectMeta, requireObject, type Obj } from './fields.js';
import { dns1123Label, dns1123Subdomain, endpointIP, labelValue, parseIP, portNumber } from './formats.js';

const V1 = 'discovery.k8s.io/v1';
const V1BETA1 = 'discovery.k8s.io/v1beta1';
const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'] as const;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
// Upstream raised the port limit from 100 to 20000; tpe accepts what today's API server accepts.
const MAX_PORTS = 20000;
const MAX_HINTS = 8;
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const HOSTNAME_KEY = 'kubernetes.io/hostname';
const ZONE_KEY = 'topology.kubernetes.io/zone';

type AddressType = EndpointSliceModel['addressType'];

export function readEndpointSlice(raw: unknown, path = ''): { slice: EndpointSliceModel; warnings: InputWarning[] } {
  const prefix = prefixOf(path);
  const obj = requireObject(raw, path.replace(/\.$/, ''), 'discovery.k8s.io/v1 EndpointSlice');
  const r = new Reader(prefix);
  const meta = readObjectMeta(r, obj, { kind: 'EndpointSlice', apiVersions: [V1, V1BETA1], nameFormat: dns1123Subdomain, nameRequired: false, namespaced: true });
  if (meta.apiVersion === V1BETA1) r.warn('apiVersion', `${V1BETA1} was removed in Kubernetes 1.25; read as ${V1} (topology → nodeName and zone)`);

  const addressType = r.string(obj, 'addressType', '') ?? '';
  if (addressType === '') r.fail(fieldError.required('addressType'));
  else if (!(ADDRESS_TYPES as readonly string[]).includes(addressType)) r.fail(fieldError.notSupported('addressType', addressType, ADDRESS_TYPES));

  const namespace = meta.namespaceDefaulted ? namespaceFromTargets(r, obj) ?? meta.namespace : meta.namespace;
  const endpoints = readEndpoints(r, obj, addressType, namespace, meta.apiVersion === V1BETA1);
  const ports = readPorts(r, obj);

  if (r.causes.length) throw invalid('EndpointSlice', meta.name, r.causes, prefix);
  return {
    slice: {
      namespace,
      name: meta.name,
      serviceName: meta.labels[SERVICE_NAME_LABEL] ?? null,
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
  const namespaces = new Set(endpoints.map((ep) => (isObject(ep) && isObject(ep.targetRef) ? ep.targetRef.namespace : undefined)));
  const [only] = namespaces;
  if (namespaces.size !== 1 || typeof only !== 'string' || only === '') return undefined;
  r.warn('metadata.namespace', `missing; read as ${JSON.stringify(only)}, the namespace of every endpoint's targetRef`);
  return only;
}

function readEndpoints(r: Reader, obj: Obj, addressType: string, namespace: string, v1beta1: boolean): EndpointModel[] {
  if (tooMany(r, obj, 'endpoints', '', MAX_ENDPOINTS)) return [];
  return r.objects(obj, 'endpoints', '').map(([ep, path]) => {
    const addresses = readAddresses(r, ep, path, addressType);
    const nodeName = r.string(ep, 'nodeName', path) ?? null;
    if (nodeName !== null) r.check(child(path, 'nodeName'), nodeName, dns1123Subdomain(nodeName));
    const hostname = r.string(ep, 'hostname', path);
    if (hostname !== undefined) r.check(child(path, 'hostname'), hostname, dns1123Label(hostname));
    const topology = readTopology(r, ep, path, v1beta1);
    const hints = r.object(ep, 'hints', path);
    const hintsPath = child(path, 'hints');
    return {
      addresses,
      conditions: readConditions(r, ep, path),
      // v1beta1 carried the node in topology; a v1beta1 nodeName field (1.20+) wins over it.
      nodeName: nodeName ?? topology.nodeName,
      zone: r.string(ep, 'zone', path) ?? topology.zone,
      forZones: hints ? readHints(r, hints, hintsPath, 'forZones', labelValue) : [],
      forNodes: hints ? readHints(r, hints, hintsPath, 'forNodes', dns1123Subdomain) : [],
      targetPod: readTargetPod(r, ep, path, namespace),
    };
  });
}

function readAddresses(r: Reader, ep: Obj, path: string, addressType: string): string[] {
  const addresses = r.strings(ep, 'addresses', path) ?? [];
  const field = child(path, 'addresses');
  if (addresses.length === 0) r.fail(fieldError.required(field, 'must contain at least 1 address'));
  else if (addresses.length > MAX_ADDRESSES) r.fail(fieldError.tooMany(field, addresses.length, MAX_ADDRESSES));
  addresses.forEach((address, i) => {
    const at = `${field}[${i}]`;
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
  });
  return addresses;
}

function readConditions(r: Reader, ep: Obj, path: string): EndpointConditionsModel {
  const c = r.object(ep, 'conditions', path) ?? {};
  const p = child(path, 'conditions');
  return {
    ready: r.bool(c, 'ready', p) ?? null,
    serving: r.bool(c, 'serving', p) ?? null,
    terminating: r.bool(c, 'terminating', p) ?? null,
  };
}

/**
 * v1beta1 `topology` (kubernetes.io/hostname, topology.kubernetes.io/zone). Real dumps also show
 * it on objects labelled v1, where a v1 API server would drop it: read it the same way, and say so.
 */
function readTopology(r: Reader, ep: Obj, path: string, v1beta1: boolean): { nodeName: string | null; zone: string | null } {
  const topology = r.stringMap(ep, 'topology', path);
  if (!topology) return { nodeName: null, zone: null };
  const field = child(path, 'topology');
  if (!v1beta1) r.warn(field, `topology is a ${V1BETA1} field that ${V1} does not have (a relabelled v1beta1 object?); read as v1beta1: ${HOSTNAME_KEY} → nodeName, ${ZONE_KEY} → zone`);
  const nodeName = topology[HOSTNAME_KEY] ?? null;
  if (nodeName !== null) r.check(`${field}[${HOSTNAME_KEY}]`, nodeName, dns1123Subdomain(nodeName));
  return { nodeName, zone: topology[ZONE_KEY] ?? null };
}

/** validateHints: at most 8 entries, names unique and well-formed. */
function readHints(r: Reader, hints: Obj, path: string, key: 'forZones' | 'forNodes', format: (v: string) => string[]): string[] {
  if (tooMany(r, hints, key, path, MAX_HINTS)) return [];
  const seen = new Set<string>();
  return r.objects(hints, key, path).flatMap(([hint, at]) => {
    const name = r.string(hint, 'name', at) ?? '';
    const nameField = child(at, 'name');
    if (name === '') {
      r.fail(fieldError.required(nameField));
      return [];
    }
    if (seen.has(name)) r.fail(fieldError.duplicate(nameField, name));
    seen.add(name);
    r.check(nameField, name, format(name));
    return [name];
  });
}

function readTargetPod(r: Reader, ep: Obj, path: string, namespace: string): string | null {
  const ref = r.object(ep, 'targetRef', path);
  if (!ref) return null;
  const at = child(path, 'targetRef');
  const kind = r.string(ref, 'kind', at);
  const name = r.string(ref, 'name', at);
  if (kind !== 'Pod' || !name) return null;
  return `${r.string(ref, 'namespace', at) || namespace}/${name}`;
}

/** validatePorts, after SetDefaults_EndpointPort (name "", protocol TCP). */
function readPorts(r: Reader, obj: Obj): EndpointPortModel[] {
  if (tooMany(r, obj, 'ports', '', MAX_PORTS)) return [];
  const names = new Set<string>();
  return r.objects(obj, 'ports', '').map(([p, path]) => {
    const name = r.string(p, 'name', path) ?? '';
    const nameField = child(path, 'name');
    if (name !== '') r.check(nameField, name, dns1123Label(name));
    if (names.has(name)) r.fail(fieldError.duplicate(nameField, name));
    names.add(name);
    const protocol = r.string(p, 'protocol', path) || 'TCP';
    if (!(PROTOCOLS as readonly string[]).includes(protocol)) r.fail(fieldError.notSupported(child(path, 'protocol'), protocol, PROTOCOLS));
    const port = r.int(p, 'port', path) ?? null;
    if (port !== null) r.check(child(path, 'port'), port, portNumber(port));
    return { name, port, protocol: protocol as EndpointPortModel['protocol'] };
  });
}

/** Upstream checks a list's length first and skips its entries when there are too many. */
function tooMany(r: Reader, obj: Obj, key: string, path: string, max: number): boolean {
  const list = obj[key];
  if (!Array.isArray(list) || list.length <= max) return false;
  r.fail(fieldError.tooMany(child(path, key), list.length, max));
  return true;
}
