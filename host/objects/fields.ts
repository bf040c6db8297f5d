// Reading untyped JSON (what parse.ts yields) with field paths: every problem becomes a
// StatusCause at its path and reading goes on, so one Status lists all of them, as the API
// server's ErrorList does. `null` reads as absent, as it does for Go's optional fields.
import type { InputWarning } from './model.js';
import { badRequest, fieldError, type StatusCause } from './status.js';
import { dns1123Label, labelValue, qualifiedName } from './formats.js';

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `spec` + `ports` → `spec.ports`; the root path is `''`. */
export const child = (path: string, key: string) => (path ? `${path}.${key}` : key);
export const index = (path: string, i: number) => `${path}[${i}]`;
/** Map entries are written as upstream's field.Path.Key: `metadata.labels[app]`. */
export const keyed = (path: string, key: string) => `${path}[${key}]`;

/** `'service'` or `'service.'` → `'service.'`: what status.invalid() prepends to every cause's field. */
export const prefixOf = (path: string) => (path === '' || path.endsWith('.') ? path : `${path}.`);

/** Collects the causes and warnings of one object. Field paths are relative to the object. */
export class Reader {
  readonly causes: StatusCause[] = [];
  readonly warnings: InputWarning[] = [];

  constructor(readonly prefix: string) {}

  fail(cause: StatusCause): void {
    this.causes.push(cause);
  }

  /** Adds one Invalid cause per message, as upstream's `for _, msg := range IsX(v)` loops do. */
  check(path: string, value: unknown, messages: string[]): boolean {
    for (const m of messages) this.fail(fieldError.invalid(path, value, m));
    return messages.length === 0;
  }

  warn(path: string, message: string): void {
    this.warnings.push({ field: this.prefix + path, message });
  }

  private typed<T>(obj: Obj, key: string, path: string, ok: (v: unknown) => v is T, expected: string): T | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (ok(v)) return v;
    this.fail(fieldError.typeInvalid(child(path, key), v, expected));
    return undefined;
  }

  string(obj: Obj, key: string, path: string): string | undefined {
    return this.typed(obj, key, path, (v): v is string => typeof v === 'string', 'a string');
  }

  int(obj: Obj, key: string, path: string): number | undefined {
    return this.typed(obj, key, path, (v): v is number => Number.isSafeInteger(v), 'an integer');
  }

  bool(obj: Obj, key: string, path: string): boolean | undefined {
    return this.typed(obj, key, path, (v): v is boolean => typeof v === 'boolean', 'a boolean');
  }

  object(obj: Obj, key: string, path: string): Obj | undefined {
    return this.typed(obj, key, path, isObject, 'an object');
  }

  list(obj: Obj, key: string, path: string): unknown[] | undefined {
    return this.typed(obj, key, path, Array.isArray, 'a list');
  }

  /** Each entry of a list that must be an object; others are reported and skipped. */
  objects(obj: Obj, key: string, path: string): Array<[Obj, string]> {
    const out: Array<[Obj, string]> = [];
    (this.list(obj, key, path) ?? []).forEach((item, i) => {
      const p = index(child(path, key), i);
      if (isObject(item)) out.push([item, p]);
      else this.fail(fieldError.typeInvalid(p, item, 'an object'));
    });
    return out;
  }

  strings(obj: Obj, key: string, path: string): string[] | undefined {
    const list = this.list(obj, key, path);
    if (!list) return undefined;
    const out: string[] = [];
    list.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else this.fail(fieldError.typeInvalid(index(child(path, key), i), item, 'a string'));
    });
    return out;
  }

  stringMap(obj: Obj, key: string, path: string): Record<string, string> | undefined {
    const map = this.object(obj, key, path);
    if (!map) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(map)) {
      if (typeof v === 'string') out[k] = v;
      else this.fail(fieldError.typeInvalid(keyed(child(path, key), k), v, 'a string'));
    }
    return out;
  }

  /** ValidateLabels: keys are qualified names (reported at the map's path), values label values. */
  labels(obj: Obj, key: string, path: string): Record<string, string> | undefined {
    const map = this.stringMap(obj, key, path);
    const p = child(path, key);
    for (const [k, v] of Object.entries(map ?? {})) {
      this.check(p, k, qualifiedName(k));
      this.check(keyed(p, k), v, labelValue(v));
    }
    return map;
  }
}

/** The top of every object must be an object: anything else is a body we cannot read (400). */
export function requireObject(raw: unknown, path: string, what: string): Obj {
  if (isObject(raw)) return raw;
  const cause = fieldError.typeInvalid(path, raw, `a ${what} object`);
  throw badRequest(`${path || what}: ${cause.message}`, [cause]);
}

export interface MetaRules {
  kind: string;
  apiVersions: readonly string[];
  /** The name format (ValidateObjectMeta's nameFn). */
  nameFormat: (name: string) => string[];
  /** False for kinds whose trimmed dumps may lack a name: then `""` and a warning. */
  nameRequired: boolean;
  namespaced: boolean;
}

export interface ObjectMeta {
  apiVersion: string;
  name: string;
  namespace: string;
  /** The object carried no namespace and `namespace` is the default. */
  namespaceDefaulted: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** apiVersion, kind and metadata, as ValidateObjectMeta checks them on create. */
export function readObjectMeta(r: Reader, obj: Obj, rules: MetaRules): ObjectMeta {
  const apiVersion = r.string(obj, 'apiVersion', '');
  if (apiVersion === undefined || apiVersion === '') r.fail(fieldError.required('apiVersion', `must be ${rules.apiVersions.map((v) => JSON.stringify(v)).join(' or ')}`));
  else if (!rules.apiVersions.includes(apiVersion)) r.fail(fieldError.notSupported('apiVersion', apiVersion, rules.apiVersions));
  const kind = r.string(obj, 'kind', '');
  if (kind === undefined || kind === '') r.fail(fieldError.required('kind', `must be ${JSON.stringify(rules.kind)}`));
  else if (kind !== rules.kind) r.fail(fieldError.notSupported('kind', kind, [rules.kind]));

  const meta = r.object(obj, 'metadata', '') ?? {};
  const name = r.string(meta, 'name', 'metadata') ?? '';
  const absent = meta.name === undefined || meta.name === null || meta.name === '';
  if (name !== '') r.check('metadata.name', name, rules.nameFormat(name));
  else if (absent && rules.nameRequired) r.fail(fieldError.required('metadata.name', 'name or generateName is required'));
  else if (absent) r.warn('metadata.name', `${rules.kind} has no name (a trimmed dump?); read as ""`);
  let namespace = '';
  let namespaceDefaulted = false;
  if (rules.namespaced) {
    // The API server takes the namespace from the request path; `kubectl apply` defaults it to "default".
    namespace = r.string(meta, 'namespace', 'metadata') ?? '';
    namespaceDefaulted = namespace === '';
    if (namespaceDefaulted) namespace = 'default';
    else r.check('metadata.namespace', namespace, dns1123Label(namespace));
  }
  return {
    apiVersion: apiVersion ?? '',
    name,
    namespace,
    namespaceDefaulted,
    labels: r.labels(meta, 'labels', 'metadata') ?? {},
    annotations: r.stringMap(meta, 'annotations', 'metadata') ?? {},
  };
}
