// tpe's `Traffic` kind (docs/contracts.md §5), read and validated like the Kubernetes objects beside it: every
// problem is a cause with its field path (`spec.flows[2].to.service`), all of them in one Invalid
// Status. Unknown fields are refused, so a typo (`requestPerSecond`) does not silently fall back to a
// default. Names are only checked for shape here; whether they exist is the plan's concern
// (plan.ts), which warns and skips, because a later event may make them exist.
import { child, Reader, readObjectMeta, requireObject, type Obj, type Path } from '../../host/objects/fields.js';
import { fieldError, invalid } from '../../host/objects/status.js';
import type { FlowVia } from '../document.js';
import { parseDuration } from './duration.js';
import { TRAFFIC_API_VERSION } from '../../host/cluster/ingest.js';

export const DEFAULT_REQUESTS_PER_SECOND = 1;
export const DEFAULT_BYTES_PER_REQUEST = 1024;

export type FlowFrom =
  /** Client pods: every pod of `namespace` (null: of every namespace) whose labels include `selector`. */
  | { kind: 'pods'; namespace: string | null; selector: Record<string, string> }
  | { kind: 'pod'; pod: string }
  /** The node itself (host network). */
  | { kind: 'node'; node: string }
  /** A client outside the cluster entering through `node` (null: through every Ready node, evenly). */
  | { kind: 'external'; node: string | null };

export interface FlowSpec {
  /** Position in spec.flows. */
  index: number;
  name: string | null;
  from: FlowFrom;
  to: {
    /** `namespace/name`. */
    service: string;
    /** Port name or number; null: every port of the Service. */
    port: string | null;
    /** null: clusterIP from inside, the Service's outermost address from outside (plan.ts). */
    via: FlowVia | null;
    /** The node whose NodePort a pod or node client sends to; null: its own node. */
    node: string | null;
  };
  /** Per client (pod, node, or external client per entry node). */
  requestsPerSecond: number;
  bytesPerRequest: number;
}

export type EventAction =
  | { type: 'cordon' | 'uncordon' | 'nodeDown' | 'nodeUp'; node: string }
  | { type: 'drain'; node: string; gracePeriodSeconds: number | null }
  | { type: 'zoneDown' | 'zoneUp'; zone: string }
  | { type: 'deletePod'; pod: string }
  | { type: 'terminatePod'; pod: string; gracePeriodSeconds: number | null }
  | { type: 'scale'; deployment: string; replicas: number }
  | { type: 'patch'; service: string; patch: { metadata?: Obj; spec?: Obj } };

export interface EventSpec {
  index: number;
  atMs: number;
  /** As written. */
  at: string;
  action: EventAction;
}

export interface TrafficSpec {
  name: string;
  seed: number | null;
  flows: FlowSpec[];
  events: EventSpec[];
}

const VIAS: readonly FlowVia[] = ['clusterIP', 'externalIP', 'loadBalancer', 'nodePort'];
const SPEC_FIELDS = ['seed', 'flows', 'events'];
const FLOW_FIELDS = ['name', 'from', 'to', 'requestsPerSecond', 'bytesPerRequest'];
const FROM_FIELDS = ['namespace', 'selector', 'pod', 'node', 'external'];
const TO_FIELDS = ['service', 'port', 'via', 'node'];
const ACTIONS = [
  'cordon',
  'deletePod',
  'drain',
  'nodeDown',
  'nodeUp',
  'patch',
  'scale',
  'terminatePod',
  'uncordon',
  'zoneDown',
  'zoneUp',
] as const;
const OBJECT_REF = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function readTraffic(raw: unknown): TrafficSpec {
  const obj = requireObject(raw, '', `${TRAFFIC_API_VERSION} Traffic`);
  const r = new Reader('');
  const meta = readObjectMeta(r, obj, {
    kind: 'Traffic',
    apiVersions: [TRAFFIC_API_VERSION],
    nameFormat: () => [],
    nameRequired: false,
    namespaced: false,
  });
  const spec = r.object(obj, 'spec', '') ?? {};
  onlyFields(r, spec, 'spec', SPEC_FIELDS);
  let seed: number | null = null;
  if (spec.seed !== undefined && spec.seed !== null) {
    const s = r.int(spec, 'seed', 'spec');
    if (s !== undefined && (s < 0 || s > 0xffffffff)) r.fail(fieldError.invalid('spec.seed', s, 'must be an integer from 0 to 4294967295'));
    else if (s !== undefined) seed = s;
  }
  const flows = r.objects(spec, 'flows', 'spec').map(([flow, at], index) => readFlow(r, flow, at, index));
  const events = r.objects(spec, 'events', 'spec').map(([event, at], index) => readEvent(r, event, at, index));
  if (r.causes.length) throw invalid('Traffic', meta.name, r.causes);
  events.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  return { name: meta.name, seed, flows, events };
}

function onlyFields(r: Reader, obj: Obj, path: Path, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) r.fail(fieldError.notSupported(child(path, key), key, allowed));
}

function readFlow(r: Reader, flow: Obj, atPath: Path, index: number): FlowSpec {
  const at = String(atPath);
  onlyFields(r, flow, at, FLOW_FIELDS);
  const name = r.string(flow, 'name', at) ?? null;
  const fromPath = child(at, 'from');
  const fromObj = r.object(flow, 'from', at);
  if (!fromObj) r.fail(fieldError.required(fromPath, 'the clients: {namespace, selector}, {pod}, {node} or {external: true, node}'));
  const from = readFrom(r, fromObj ?? {}, fromPath);
  const toPath = child(at, 'to');
  const toObj = r.object(flow, 'to', at);
  if (!toObj) r.fail(fieldError.required(toPath, 'the Service: {service: namespace/name, port}'));
  const to = toObj ?? {};
  onlyFields(r, to, toPath, TO_FIELDS);
  let service = r.string(to, 'service', toPath) ?? '';
  if (toObj && service === '') r.fail(fieldError.required(child(toPath, 'service'), 'namespace/name of a Service'));
  else if (service !== '' && !service.includes('/'))
    service = `${from.kind === 'pods' && from.namespace !== null ? from.namespace : 'default'}/${service}`;
  if (service !== '' && !OBJECT_REF.test(service))
    r.fail(fieldError.invalid(child(toPath, 'service'), service, 'must be namespace/name of a Service'));
  const portValue = to.port;
  let port: string | null = null;
  if (typeof portValue === 'number' && Number.isSafeInteger(portValue)) port = String(portValue);
  else if (typeof portValue === 'string' && portValue !== '') port = portValue;
  else if (portValue !== undefined && portValue !== null)
    r.fail(fieldError.typeInvalid(child(toPath, 'port'), portValue, 'a port name or number'));
  const viaValue = r.string(to, 'via', toPath);
  if (viaValue !== undefined && !(VIAS as readonly string[]).includes(viaValue))
    r.fail(fieldError.notSupported(child(toPath, 'via'), viaValue, VIAS));
  const via = viaValue !== undefined && (VIAS as readonly string[]).includes(viaValue) ? (viaValue as FlowVia) : null;
  const toNode = r.string(to, 'node', toPath) ?? null;
  if (toNode !== null && via !== 'nodePort')
    r.fail(fieldError.invalid(child(toPath, 'node'), toNode, 'names the node whose NodePort is addressed: only with via: nodePort'));
  if (toNode !== null && from.kind === 'external')
    r.fail(fieldError.forbidden(child(toPath, 'node'), 'an external client enters through from.node'));
  if (from.kind === 'external' && via === 'clusterIP')
    r.fail(fieldError.invalid(child(toPath, 'via'), via, 'a client outside the cluster cannot reach a ClusterIP'));
  return {
    index,
    name,
    from,
    to: { service, port, via, node: toNode },
    requestsPerSecond: positive(r, flow, 'requestsPerSecond', at, DEFAULT_REQUESTS_PER_SECOND),
    bytesPerRequest: positive(r, flow, 'bytesPerRequest', at, DEFAULT_BYTES_PER_REQUEST),
  };
}

function positive(r: Reader, obj: Obj, key: string, at: Path, fallback: number): number {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    r.fail(fieldError.typeInvalid(child(at, key), v, 'a number'));
    return fallback;
  }
  if (v < 0) r.fail(fieldError.invalid(child(at, key), v, 'must be greater than or equal to 0'));
  return v;
}

function readFrom(r: Reader, from: Obj, at: string): FlowFrom {
  onlyFields(r, from, at, FROM_FIELDS);
  const present = FROM_FIELDS.filter((k) => from[k] !== undefined && from[k] !== null);
  if (from.external !== undefined && from.external !== null) {
    if (from.external !== true)
      r.fail(fieldError.invalid(child(at, 'external'), from.external, 'must be true (omit it for clients inside the cluster)'));
    const extra = present.filter((k) => k !== 'external' && k !== 'node');
    if (extra.length) r.fail(fieldError.forbidden(child(at, extra[0]!), 'an external client has only external and node'));
    return { kind: 'external', node: r.string(from, 'node', at) ?? null };
  }
  if (from.pod !== undefined && from.pod !== null) {
    const pod = r.string(from, 'pod', at) ?? '';
    if (!OBJECT_REF.test(pod)) r.fail(fieldError.invalid(child(at, 'pod'), pod, 'must be namespace/name of a Pod'));
    if (present.length > 1)
      r.fail(
        fieldError.forbidden(
          child(
            at,
            present.find((k) => k !== 'pod')!,
          ),
          'from.pod names one client pod: nothing else may be set',
        ),
      );
    return { kind: 'pod', pod };
  }
  if (from.node !== undefined && from.node !== null) {
    const node = r.string(from, 'node', at) ?? '';
    if (present.length > 1)
      r.fail(
        fieldError.forbidden(
          child(
            at,
            present.find((k) => k !== 'node')!,
          ),
          'from.node is the node itself as the client (host network): nothing else may be set',
        ),
      );
    return { kind: 'node', node };
  }
  if (present.length === 0) r.fail(fieldError.required(at, 'one of {namespace, selector}, {pod}, {node} or {external: true, node}'));
  return { kind: 'pods', namespace: r.string(from, 'namespace', at) ?? null, selector: r.labels(from, 'selector', at) ?? {} };
}

function readEvent(r: Reader, event: Obj, atPath: Path, index: number): EventSpec {
  const at = String(atPath);
  const when = event.at;
  const atMs = parseDuration(when);
  if (when === undefined || when === null) r.fail(fieldError.required(child(at, 'at'), 'a time on the fake clock, e.g. 60s or 2m'));
  else if (atMs === null)
    r.fail(fieldError.invalid(child(at, 'at'), when, 'must be a duration such as 90s, 2m, 1h30m, 500ms, or a number of seconds'));
  const actions = Object.keys(event).filter((k) => k !== 'at');
  for (const k of actions) if (!(ACTIONS as readonly string[]).includes(k)) r.fail(fieldError.notSupported(child(at, k), k, ACTIONS));
  const known = actions.filter((k) => (ACTIONS as readonly string[]).includes(k));
  if (known.length !== 1) {
    if (known.length === 0) r.fail(fieldError.required(at, `one action: ${ACTIONS.join(', ')}`));
    else r.fail(fieldError.invalid(at, known, 'an event has exactly one action; write one event per action (they may share a time)'));
  }
  const written = typeof when === 'string' ? when : `${String(when)}s`;
  // Without exactly one action there is nothing more to read (the cause above says so).
  if (known.length !== 1) return { index, atMs: atMs ?? 0, at: written, action: { type: 'cordon', node: '' } };
  const type = known[0] as (typeof ACTIONS)[number];
  const body = r.object(event, type, at) ?? {};
  return { index, atMs: atMs ?? 0, at: written, action: readAction(r, type, body, child(at, type)) };
}

function readAction(r: Reader, type: (typeof ACTIONS)[number], body: Obj, path: string): EventAction {
  const required = (key: string, what: string) => {
    const v = r.string(body, key, path) ?? '';
    if (v === '') r.fail(fieldError.required(child(path, key), what));
    return v;
  };
  const ref = (key: string, kind: string) => {
    const v = required(key, `namespace/name of a ${kind}`);
    if (v !== '' && !OBJECT_REF.test(v)) r.fail(fieldError.invalid(child(path, key), v, `must be namespace/name of a ${kind}`));
    return v;
  };
  const grace = () => {
    const g = r.int(body, 'gracePeriodSeconds', path);
    if (g !== undefined && g < 0) r.fail(fieldError.invalid(child(path, 'gracePeriodSeconds'), g, 'must be greater than or equal to 0'));
    return g ?? null;
  };
  switch (type) {
    case 'cordon':
    case 'uncordon':
    case 'nodeDown':
    case 'nodeUp':
      onlyFields(r, body, path, ['node']);
      return { type, node: required('node', 'a node name') };
    case 'drain':
      onlyFields(r, body, path, ['node', 'gracePeriodSeconds']);
      return { type, node: required('node', 'a node name'), gracePeriodSeconds: grace() };
    case 'zoneDown':
    case 'zoneUp':
      onlyFields(r, body, path, ['zone']);
      return { type, zone: r.string(body, 'zone', path) ?? '' };
    case 'deletePod':
      onlyFields(r, body, path, ['pod']);
      return { type, pod: ref('pod', 'Pod') };
    case 'terminatePod':
      onlyFields(r, body, path, ['pod', 'gracePeriodSeconds']);
      return { type, pod: ref('pod', 'Pod'), gracePeriodSeconds: grace() };
    case 'scale': {
      onlyFields(r, body, path, ['deployment', 'replicas']);
      const replicas = r.int(body, 'replicas', path);
      if (replicas === undefined) r.fail(fieldError.required(child(path, 'replicas'), 'the new replica count'));
      else if (replicas < 0) r.fail(fieldError.invalid(child(path, 'replicas'), replicas, 'must be greater than or equal to 0'));
      return { type, deployment: ref('deployment', 'Deployment'), replicas: replicas ?? 0 };
    }
    case 'patch': {
      onlyFields(r, body, path, ['service', 'metadata', 'spec']);
      const patch: { metadata?: Obj; spec?: Obj } = {};
      const metadata = r.object(body, 'metadata', path);
      const spec = r.object(body, 'spec', path);
      if (metadata) patch.metadata = metadata;
      if (spec) patch.spec = spec;
      if (!metadata && !spec) r.fail(fieldError.required(child(path, 'spec'), 'a JSON merge patch of the Service: spec and/or metadata'));
      return { type, service: ref('service', 'Service'), patch };
    }
  }
}
