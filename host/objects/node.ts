// A v1 Node, or the short `{name, labels}` form of a categorize request (docs/contracts.md §2), reduced to
// what the decision and the EndpointSlice controller's hints heuristic read (docs/rules.md §1, §5):
// zone label, control-plane label, allocatable CPU, readiness, schedulability.
import type { InputWarning, NodeModel, TaintModel } from './model.js';
import { fieldError, invalid } from './status.js';
import { child, isObject, prefixOf, Reader, readObjectMeta, requireObject, withoutDot, type Obj } from './fields.js';
import { dns1123Subdomain, labelValue, qualifiedName } from './formats.js';
import { LABEL_CONTROL_PLANE, LABEL_ZONE } from './well-known.js';

const EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;
const SHORT_FORM_FIELDS = ['name', 'labels'];

/** A whole v1 Node object. */
export function readNode(raw: unknown, path = ''): { node: NodeModel; warnings: InputWarning[] } {
  const prefix = prefixOf(path);
  const obj = requireObject(raw, withoutDot(path), 'v1 Node');
  const r = new Reader(prefix);
  const meta = readObjectMeta(r, obj, {
    kind: 'Node',
    apiVersions: ['v1'],
    nameFormat: dns1123Subdomain,
    nameRequired: true,
    namespaced: false,
  });
  const spec = r.object(obj, 'spec', '') ?? {};
  const status = r.object(obj, 'status', '') ?? {};
  const allocatable = r.object(status, 'allocatable', 'status') ?? {};
  // Quantity.UnmarshalJSON takes a bare number as well as a string.
  const cpu = typeof allocatable.cpu === 'number' ? String(allocatable.cpu) : r.string(allocatable, 'cpu', 'status.allocatable');
  // Arguments are evaluated in order, so causes come in the model's field order.
  const node = nodeModel(
    meta.name,
    meta.labels,
    cpu === undefined ? null : readMilliCPU(r, cpu, 'status.allocatable.cpu'),
    readReady(r, status),
    r.bool(spec, 'unschedulable', 'spec') ?? false,
    readTaints(r, spec),
  );
  if (r.causes.length) throw invalid('Node', meta.name, r.causes, prefix);
  return { node, warnings: r.warnings };
}

/** A request's `node`: a whole v1 Node (it has apiVersion, kind or metadata), or `{name, labels}`. */
export function readNodeRef(raw: unknown, path = ''): { node: NodeModel; warnings: InputWarning[] } {
  if (isObject(raw) && ('apiVersion' in raw || 'kind' in raw || 'metadata' in raw)) return readNode(raw, path);
  const prefix = prefixOf(path);
  const obj = requireObject(raw, withoutDot(path), '{name, labels} or v1 Node');
  const r = new Reader(prefix);
  for (const key of Object.keys(obj)) {
    if (!SHORT_FORM_FIELDS.includes(key))
      r.warn(key, `ignored: the short node form has only name and labels; send a whole v1 Node for more`);
  }
  const name = r.string(obj, 'name', '') ?? '';
  if (name === '') r.fail(fieldError.required('name'));
  else r.check('name', name, dns1123Subdomain(name));
  const labels = r.labels(obj, 'labels', '') ?? {};
  if (r.causes.length) throw invalid('Node', name, r.causes, prefix);
  return { node: nodeModel(name, labels, null, null, false, []), warnings: r.warnings };
}

/**
 * The model, in its field order; zone and control-plane role come from the labels. Built as one
 * literal: an object spread here cost more than all the validation of a short-form node.
 */
function nodeModel(
  name: string,
  labels: Record<string, string>,
  allocatableMilliCPU: number | null,
  ready: boolean | null,
  unschedulable: boolean,
  taints: TaintModel[],
): NodeModel {
  return {
    name,
    labels,
    zone: labels[LABEL_ZONE] ?? '',
    controlPlane: LABEL_CONTROL_PLANE in labels,
    allocatableMilliCPU,
    ready,
    unschedulable,
    taints,
  };
}

const QUANTITY_FORMAT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const SUFFIX_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * A resource.Quantity (`"4"`, `"3500m"`, `"1.5"`, `"2k"`, `"1e3"`) in millicores, rounded up as
 * Quantity.MilliValue does. Messages as resource.ParseQuantity's errors.
 */
function readMilliCPU(r: Reader, value: string, field: string): number | null {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(.*)$/.exec(value);
  if (!m || !new RegExp(QUANTITY_FORMAT).test(value)) {
    r.fail(fieldError.invalid(field, value, `quantities must match the regular expression '${QUANTITY_FORMAT}'`));
    return null;
  }
  const number = Number(m[1]);
  const suffix = m[2]!;
  const exponent = /^[eE][-+]?\d+$/.test(suffix) ? Number(suffix.slice(1)) : SUFFIX_EXPONENT[suffix];
  let units: number;
  if (exponent !== undefined) units = number * 10 ** exponent;
  else if (BINARY_SUFFIX[suffix] !== undefined) units = number * 2 ** BINARY_SUFFIX[suffix];
  else {
    r.fail(fieldError.invalid(field, value, "unable to parse quantity's suffix"));
    return null;
  }
  if (units < 0) {
    r.fail(fieldError.invalid(field, value, 'must be greater than or equal to 0'));
    return null;
  }
  // Rounding away float noise first: 0.0035 * 1000 is 3.5000000000000004.
  return Math.ceil(Number((units * 1000).toPrecision(12)));
}

/** Condition Ready: True → true; False or Unknown → false; no Ready condition → null. */
function readReady(r: Reader, status: Obj): boolean | null {
  let ready: boolean | null = null;
  for (const [condition, path] of r.objects(status, 'conditions', 'status')) {
    if (r.string(condition, 'type', path) === 'Ready') ready = r.string(condition, 'status', path) === 'True';
  }
  return ready;
}

/** validateNodeTaints, reduced: key and effect required, key and value well-formed. */
function readTaints(r: Reader, spec: Obj): TaintModel[] {
  return r.objects(spec, 'taints', 'spec').flatMap(([taint, path]) => {
    const key = r.string(taint, 'key', path) ?? '';
    const keyField = child(path, 'key');
    if (key === '') r.fail(fieldError.required(keyField));
    else r.check(keyField, key, qualifiedName(key));
    const value = r.string(taint, 'value', path) ?? '';
    r.check(child(path, 'value'), value, labelValue(value));
    const effect = r.string(taint, 'effect', path) ?? '';
    const effectField = child(path, 'effect');
    if (effect === '') r.fail(fieldError.required(effectField));
    else if (!(EFFECTS as readonly string[]).includes(effect)) r.fail(fieldError.notSupported(effectField, effect, EFFECTS));
    return key !== '' && (EFFECTS as readonly string[]).includes(effect) ? [{ key, value, effect: effect as TaintModel['effect'] }] : [];
  });
}
