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

/**
 * A field path such as `endpoints[3].hints.forZones[0].name`: a string, or a LazyPath that is
 * spelled out only when a cause or warning records it. Most objects are valid, and building a
 * string for every field of every endpoint was a large part of the cost of reading them.
 */
export type Path = string | LazyPath;

export class LazyPath {
  constructor(
    private readonly parent: Path,
    /** A field name (`.name`), a list index (`[3]`) or, with `bracketed`, a map key (`[app]`). */
    private readonly step: string | number,
    private readonly bracketed: boolean,
  ) {}

  toString(): string {
    return typeof this.step === 'number' || this.bracketed ? `${spell(this.parent)}[${this.step}]` : child(this.parent, this.step);
  }
}

export const spell = (path: Path): string => (typeof path === 'string' ? path : path.toString());

/** `spec` + `ports` → `spec.ports`; the root path is `''`. */
export function child(path: Path, key: string): string {
  const parent = spell(path);
  return parent ? `${parent}.${key}` : key;
}
export const index = (path: Path, i: number) => `${spell(path)}[${i}]`;
/** Map entries are written as upstream's field.Path.Key: `metadata.labels[app]`. */
export const keyed = (path: Path, key: string) => `${spell(path)}[${key}]`;

/** child, index and keyed, spelled out only if a cause or warning needs them: for paths made per list entry. */
export const lazyChild = (path: Path, key: string): Path => new LazyPath(path, key, false);
export const lazyIndex = (path: Path, i: number): Path => new LazyPath(path, i, true);
export const lazyKeyed = (path: Path, key: string): Path => new LazyPath(path, key, true);

/** `'service'` or `'service.'` → `'service.'`: what status.invalid() prepends to every cause's field. */
export const prefixOf = (path: string) => (path === '' || path.endsWith('.') ? path : `${path}.`);

/** `'service.'` → `'service'`: the path of an object given its prefix-style path. */
export const withoutDot = (path: string) => (path.endsWith('.') ? path.slice(0, -1) : path);

/**
 * Collects the causes and warnings of one object. Field paths are relative to the object; the
 * typed reads take the path of the object holding `key` and spell out `path.key` only on a cause.
 */
export class Reader {
  readonly causes: StatusCause[] = [];
  readonly warnings: InputWarning[] = [];

  constructor(readonly prefix: string) {}

  fail(cause: StatusCause): void {
    this.causes.push(cause);
  }

  /** Adds one Invalid cause per message, as upstream's `for _, msg := range IsX(v)` loops do. */
  check(path: Path, value: unknown, messages: string[]): boolean {
    for (let i = 0; i < messages.length; i++) this.fail(fieldError.invalid(spell(path), value, messages[i]!));
    return messages.length === 0;
  }

  warn(path: Path, message: string): void {
    this.warnings.push({ field: this.prefix + spell(path), message });
  }

  /** `null` reads as absent, as for Go's optional fields; anything else of the wrong type is a cause. */
  private mistyped(value: unknown, key: string, path: Path, expected: string): undefined {
    if (value !== undefined && value !== null) this.fail(fieldError.typeInvalid(child(path, key), value, expected));
    return undefined;
  }

  // Typed reads of field `key` of the object at `path`. The xValue forms take the field's value:
  // hot code reads it by name (`ep.nodeName`), which V8 does much faster than `obj[key]` with a
  // key that changes from call to call.

  string(obj: Obj, key: string, path: Path): string | undefined {
    return this.stringValue(obj[key], key, path);
  }

  stringValue(value: unknown, key: string, path: Path): string | undefined {
    return typeof value === 'string' ? value : this.mistyped(value, key, path, 'a string');
  }

  int(obj: Obj, key: string, path: Path): number | undefined {
    const v = obj[key];
    return Number.isSafeInteger(v) ? (v as number) : this.mistyped(v, key, path, 'an integer');
  }

  bool(obj: Obj, key: string, path: Path): boolean | undefined {
    return this.boolValue(obj[key], key, path);
  }

  boolValue(value: unknown, key: string, path: Path): boolean | undefined {
    return typeof value === 'boolean' ? value : this.mistyped(value, key, path, 'a boolean');
  }

  object(obj: Obj, key: string, path: Path): Obj | undefined {
    return this.objectValue(obj[key], key, path);
  }

  objectValue(value: unknown, key: string, path: Path): Obj | undefined {
    return isObject(value) ? value : this.mistyped(value, key, path, 'an object');
  }

  list(obj: Obj, key: string, path: Path): unknown[] | undefined {
    return this.listValue(obj[key], key, path);
  }

  listValue(value: unknown, key: string, path: Path): unknown[] | undefined {
    return Array.isArray(value) ? value : this.mistyped(value, key, path, 'a list');
  }

  /** One entry of a list of objects, at `path`: a cause and undefined when it is not an object. */
  entry(item: unknown, path: Path): Obj | undefined {
    if (isObject(item)) return item;
    this.fail(fieldError.typeInvalid(spell(path), item, 'an object'));
    return undefined;
  }

  /** Each entry of a list that must be an object; others are reported and skipped. */
  objects(obj: Obj, key: string, path: Path): Array<[Obj, Path]> {
    const out: Array<[Obj, Path]> = [];
    const list = this.list(obj, key, path);
    if (!list) return out;
    const listPath = lazyChild(path, key);
    for (let i = 0; i < list.length; i++) {
      const at = lazyIndex(listPath, i);
      const item = this.entry(list[i], at);
      if (item) out.push([item, at]);
    }
    return out;
  }

  strings(obj: Obj, key: string, path: Path): string[] | undefined {
    return this.stringsValue(obj[key], key, path);
  }

  stringsValue(value: unknown, key: string, path: Path): string[] | undefined {
    const list = this.listValue(value, key, path);
    if (!list) return undefined;
    const out: string[] = [];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (typeof item === 'string') out.push(item);
      else this.fail(fieldError.typeInvalid(index(child(path, key), i), item, 'a string'));
    }
    return out;
  }

  stringMap(obj: Obj, key: string, path: Path): Record<string, string> | undefined {
    return this.stringMapValue(obj[key], key, path);
  }

  stringMapValue(value: unknown, key: string, path: Path): Record<string, string> | undefined {
    const map = this.objectValue(value, key, path);
    if (!map) return undefined;
    // Keys are data: without a prototype, `__proto__` is a key like any other (and readers refuse it as
    // the API server does), and a lookup of `constructor` finds nothing.
    const out = Object.create(null) as Record<string, string>;
    // Object.keys, as Object.entries before it: own enumerable keys, in order.
    for (const k of Object.keys(map)) {
      const v = map[k];
      if (typeof v === 'string') out[k] = v;
      else this.fail(fieldError.typeInvalid(keyed(child(path, key), k), v, 'a string'));
    }
    return out;
  }

  /** ValidateLabels: keys are qualified names (reported at the map's path), values label values. */
  labels(obj: Obj, key: string, path: Path): Record<string, string> | undefined {
    const map = this.stringMap(obj, key, path);
    if (!map) return undefined;
    const p = lazyChild(path, key);
    for (const k of Object.keys(map)) {
      const v = map[k]!;
      this.check(p, k, qualifiedName(k));
      this.check(lazyKeyed(p, k), v, labelValue(v));
    }
    return map;
  }

  /** ValidateAnnotations: keys are qualified names, case aside (reported at the map's path); values are free. */
  annotations(obj: Obj, key: string, path: Path): Record<string, string> | undefined {
    const map = this.stringMap(obj, key, path);
    if (!map) return undefined;
    const p = lazyChild(path, key);
    for (const k of Object.keys(map)) this.check(p, k, qualifiedName(k.toLowerCase()));
    return map;
  }
}

/** An empty string map without a prototype, like the ones stringMap reads. */
export const noEntries = (): Record<string, string> => Object.create(null) as Record<string, string>;

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
  if (apiVersion === undefined || apiVersion === '')
    r.fail(fieldError.required('apiVersion', `must be ${rules.apiVersions.map((v) => JSON.stringify(v)).join(' or ')}`));
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
    labels: r.labels(meta, 'labels', 'metadata') ?? noEntries(),
    annotations: r.annotations(meta, 'annotations', 'metadata') ?? noEntries(),
  };
}
