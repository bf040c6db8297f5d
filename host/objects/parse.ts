// Kubernetes objects as users have them (docs/contracts.md §1): JSON or YAML text, one object, several
// (multi-document YAML, a JSON stream) or `kind: List` / `*List` wrappers, flattened into the
// objects themselves, in order. Unreadable text is a BadRequest Status that says where.
import { isObject, type Obj } from './fields.js';
import { checkJsonLimits, membersWithinLimits, type JsonLimits } from './limits.js';
import { badRequest, isStatusError, type StatusError } from './status.js';
import { DEFAULT_YAML_LIMITS, readYaml, type YamlLimits } from './yaml.js';

export type { YamlLimits } from './yaml.js';
export { DEFAULT_YAML_LIMITS } from './yaml.js';

/** `kind: List` inside `kind: List` is legal; deeper nesting is not something kubectl prints. */
export const MAX_LIST_DEPTH = 4;

/**
 * The documents of `text`, Lists flattened. YAML is read within `yamlLimits` (nesting, documents,
 * keys per mapping, alias expansion), each refused as soon as the reading reaches it.
 */
export function parseDocuments(text: string, contentTypeHint?: 'json' | 'yaml', yamlLimits: YamlLimits = DEFAULT_YAML_LIMITS): unknown[] {
  // Editors on Windows may save a byte-order mark; neither parser wants it.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const kind = contentTypeHint ?? (/^\s*[[{]/.test(text) ? 'json' : 'yaml');
  const docs = kind === 'json' ? parseJsonStream(text) : readYaml(text, yamlLimits);
  const out: unknown[] = [];
  docs.forEach((doc, i) => flatten(doc, docs.length > 1 ? `document ${i + 1}` : 'document', out, 0));
  return out;
}

/**
 * One JSON value, or several separated by whitespace (a JSON stream, as `kubectl apply` reads).
 * JSON.parse builds the values; scanJson finds the documents, the position of a syntax error
 * (V8's messages do not always give one) and duplicate keys, which JSON.parse would silently
 * resolve to the last one.
 */
function parseJsonStream(text: string): unknown[] {
  const single = plainJson(text);
  if (single !== undefined) return [single];
  return scanJson(text).map(([start, end]) => JSON.parse(text.slice(start, end)) as unknown);
}

/**
 * The common case first: one JSON value without a duplicate key, which V8's JSON.parse reads several
 * times faster than scanJson. JSON.parse keeps the last of duplicate keys silently, so the value
 * counts only when its text names exactly as many members as the value holds. Anything else —
 * a syntax error, a stream, a duplicate — returns undefined and goes to the scanner.
 */
function plainJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return membersIn(value) === membersInText(text) ? value : undefined;
}

/** Object members in a parsed value, counted without recursion (the value may nest deeply). */
function membersIn(value: unknown): number {
  let members = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) pending.push(item);
    } else {
      for (const key in v) {
        members += 1;
        pending.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return members;
}

/**
 * Object members named in the text of a valid JSON document: string tokens followed by `:`. Valid
 * JSON has no `"` outside strings, so stepping from string to string never loses the token boundary.
 */
function membersInText(text: string): number {
  let members = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) {
    // To the closing quote, past escapes.
    let c = text.charCodeAt(++i);
    while (c !== 0x22) {
      i += c === 0x5c ? 2 : 1;
      c = text.charCodeAt(i);
    }
    let j = i + 1;
    c = text.charCodeAt(j);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++j);
    if (c === 0x3a) members += 1;
  }
  return members;
}

function jsonError(text: string, pos: number, message: string): never {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  throw badRequest(`invalid JSON at line ${line}, column ${column} (position ${pos}): ${message}`);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

function skipWs(text: string, i: number): number {
  WS.lastIndex = i;
  WS.test(text);
  return WS.lastIndex;
}

function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) jsonError(text, j, 'control character in string');
    if (c === 0x5c) {
      const e = text[j + 1] ?? '';
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 5;
      else if ('"\\/bfnrt'.includes(e) && e !== '') j += 1;
      else jsonError(text, j, 'invalid escape in string');
    }
  }
  return jsonError(text, i, 'unterminated string');
}

function scalarEnd(text: string, i: number): number {
  const c = text[i]!;
  if (c === '"') return stringEnd(text, i);
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  return jsonError(text, i, `unexpected character ${JSON.stringify(c)}, expected a value`);
}

/** Returns the [start, end) span of each top-level value. */
function scanJson(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: Array<Set<string> | null> = [];
  let state: 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after' = 'value';
  let start = skipWs(text, 0);
  let i = start;
  for (;;) {
    i = skipWs(text, i);
    if (i >= text.length) {
      if (stack.length > 0) jsonError(text, i, 'unexpected end of input');
      if (state === 'after') spans.push([start, i]);
      return spans;
    }
    const c = text[i]!;
    const top = stack[stack.length - 1];
    switch (state) {
      case 'valueOrClose':
      case 'value':
        if (state === 'valueOrClose' && c === ']') {
          stack.pop();
          i += 1;
          state = 'after';
        } else if (c === '{' || c === '[') {
          stack.push(c === '{' ? new Set() : null);
          i += 1;
          state = c === '{' ? 'keyOrClose' : 'valueOrClose';
        } else {
          i = scalarEnd(text, i);
          state = 'after';
        }
        break;
      case 'keyOrClose':
      case 'key': {
        if (state === 'keyOrClose' && c === '}') {
          stack.pop();
          i += 1;
          state = 'after';
          break;
        }
        if (c !== '"') jsonError(text, i, 'expected a double-quoted property name');
        const end = stringEnd(text, i);
        const key = JSON.parse(text.slice(i, end)) as string;
        if (top!.has(key)) jsonError(text, i, `duplicate key ${JSON.stringify(key)}`);
        top!.add(key);
        i = end;
        state = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') jsonError(text, i, "expected ':' after property name");
        i += 1;
        state = 'value';
        break;
      case 'after':
        if (stack.length === 0) {
          // One top-level value is complete; another one starts here.
          spans.push([start, i]);
          start = i;
          state = 'value';
        } else if (c === ',') {
          i += 1;
          state = top === null ? 'value' : 'key';
        } else if (c === (top === null ? ']' : '}')) {
          stack.pop();
          i += 1;
        } else {
          jsonError(text, i, top === null ? "expected ',' or ']' after array element" : "expected ',' or '}' after property value");
        }
        break;
    }
  }
}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

/**
 * `kind: List`, any `*List` kind with `items`, and kubectl's trimmed `apiVersion` + `items`
 * without a kind. Items of a typed list (`EndpointSliceList`) come from the API server without
 * their own kind and apiVersion: those are taken from the list.
 */
function isList(doc: Obj): boolean {
  const { kind, items } = doc;
  if (kind === 'List') return true;
  if (typeof kind === 'string') return kind.endsWith('List') && 'items' in doc;
  return kind === undefined && Array.isArray(items) && typeof doc.apiVersion === 'string';
}

function flatten(doc: unknown, where: string, out: unknown[], depth: number): void {
  if (!isObject(doc)) throw badRequest(`${where}: must be a Kubernetes object (a mapping), got ${typeName(doc)}`);
  if (!isList(doc)) {
    out.push(doc);
    return;
  }
  if (depth >= MAX_LIST_DEPTH) throw badRequest(`${where}: Lists nested more than ${MAX_LIST_DEPTH} deep`);
  const { items } = doc;
  if (items === undefined || items === null) return;
  if (!Array.isArray(items)) throw badRequest(`${where}.items: must be a list, got ${typeName(items)}`);
  const itemKind = typeof doc.kind === 'string' && doc.kind !== 'List' ? doc.kind.slice(0, -'List'.length) : undefined;
  items.forEach((item, i) => {
    const at = `${where}.items[${i}]`;
    if (itemKind && isObject(item) && item.kind === undefined) {
      item = { apiVersion: doc.apiVersion, kind: itemKind, ...item };
    }
    flatten(item, at, out, depth + 1);
  });
}

export interface SplitObjects {
  services: unknown[];
  endpointSlices: unknown[];
  nodes: unknown[];
  pods: unknown[];
  /** Legacy v1 Endpoints: kept apart, never mixed with EndpointSlices (kube-proxy reads only slices). */
  endpoints: unknown[];
  others: Array<{ kind: string; name: string }>;
}

const CORE_KINDS = { Service: 'services', Node: 'nodes', Pod: 'pods', Endpoints: 'endpoints' } as const;

/**
 * Sorts flattened objects by kind. A kind is matched with its API group, so a Knative
 * `serving.knative.dev/v1` Service is not taken for a core Service; an object without an
 * apiVersion goes to its kind, whose reader then says the apiVersion is missing.
 */
export function splitObjects(docs: unknown[]): SplitObjects {
  const out: SplitObjects = { services: [], endpointSlices: [], nodes: [], pods: [], endpoints: [], others: [] };
  for (const doc of docs) {
    const obj = isObject(doc) ? doc : {};
    const { kind, apiVersion } = obj;
    const noVersion = apiVersion === undefined || apiVersion === null;
    if (kind === 'EndpointSlice' && (noVersion || (typeof apiVersion === 'string' && apiVersion.startsWith('discovery.k8s.io/')))) {
      out.endpointSlices.push(doc);
    } else if (typeof kind === 'string' && Object.hasOwn(CORE_KINDS, kind) && (noVersion || apiVersion === 'v1')) {
      out[CORE_KINDS[kind as keyof typeof CORE_KINDS]].push(doc);
    } else {
      const meta = isObject(obj.metadata) ? obj.metadata : {};
      out.others.push({ kind: typeof kind === 'string' ? kind : '', name: typeof meta.name === 'string' ? meta.name : '' });
    }
  }
  return out;
}

/** An object dropped because a later document names the same object. */
export interface ReplacedObject {
  /** Index of the dropped object in the input, and of the one that replaced it. */
  index: number;
  by: number;
  /** `Service test/echo`, for messages. */
  what: string;
}

/**
 * Manifests read the way `kubectl apply -f` applies them, in order: an object named twice (same API
 * group, kind, namespace and name) is its later document. A `kubectl get` dump never names an object
 * twice; concatenated manifests (two states of one Service, a fix appended to a file) do. Objects
 * without a kind or a name are all kept (trimmed dumps carry unnamed slices). The kept objects are
 * the input's own references, in input order.
 */
export function latestObjects(docs: readonly unknown[]): { objects: unknown[]; replaced: ReplacedObject[] } {
  const ids = docs.map(identity);
  const last = new Map<string, number>();
  ids.forEach((id, i) => id && last.set(id.key, i));
  const objects: unknown[] = [];
  const replaced: ReplacedObject[] = [];
  docs.forEach((doc, i) => {
    const id = ids[i];
    const by = id ? last.get(id.key)! : i;
    if (by === i) objects.push(doc);
    else replaced.push({ index: i, by, what: id!.what });
  });
  return { objects, replaced };
}

/** A namespaced object without a namespace is in `default`, where kubectl would put it. */
function identity(doc: unknown): { key: string; what: string } | null {
  if (!isObject(doc) || typeof doc.kind !== 'string' || !isObject(doc.metadata)) return null;
  const { name, namespace } = doc.metadata;
  if (typeof name !== 'string' || name === '') return null;
  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const clusterScoped = doc.kind === 'Node' || doc.kind === 'Namespace';
  const ns = clusterScoped ? '' : typeof namespace === 'string' && namespace !== '' ? namespace : 'default';
  return { key: [group, doc.kind, ns, name].join('\0'), what: `${doc.kind} ${ns ? `${ns}/` : ''}${name}` };
}

/**
 * A categorize request is one document, in `format` or, when that is unknown, whichever it reads
 * as. `where` names the input in messages (the CLI passes the file name). With `limits`, a document
 * over the nesting or value limits is a 413 Status (limits.ts) — after any error that reading it
 * finds, as if checked once it was read.
 */
export function parseRequestText(
  text: string,
  format: 'json' | 'yaml' | undefined,
  where: string,
  limits?: JsonLimits,
  yamlLimits: YamlLimits = DEFAULT_YAML_LIMITS,
): unknown {
  if (limits && format !== 'yaml') {
    const plain = plainJsonObject(text, limits);
    if (plain) {
      if (plain.excess) throw plain.excess;
      return plain.value;
    }
  }
  const docs = format ? parseDocuments(text, format, yamlLimits) : parseUnlabelled(text, yamlLimits);
  if (docs.length !== 1) throw badRequest(`${where} must hold exactly one request document, found ${docs.length}`);
  if (limits) checkJsonLimits(docs[0], limits);
  return docs[0];
}

/**
 * The request path's common case in one walk: the text is one JSON object (not a List) without a
 * duplicate key, and the walk that counts its members for the duplicate check (plainJson) also
 * checks the limits. Undefined for anything else, which takes the general path and its errors.
 */
function plainJsonObject(text: string, limits: JsonLimits): { value: unknown; excess: StatusError | null } | undefined {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || isList(value)) return undefined;
  const walked = membersWithinLimits(value, limits);
  // Past an excess the walk stopped counting: count the rest as plainJson does.
  const members = walked.excess ? membersIn(value) : walked.members;
  return members === membersInText(text) ? { value, excess: walked.excess } : undefined;
}

/**
 * Without a content type, JSON first, then YAML (which also reads flow-style `{a: 1}`). When both
 * fail, the error of the format the text looks like is the one that helps.
 */
export function parseUnlabelled(text: string, yamlLimits: YamlLimits = DEFAULT_YAML_LIMITS): unknown[] {
  try {
    return parseDocuments(text, 'json');
  } catch (jsonError) {
    if (!isStatusError(jsonError)) throw jsonError;
    try {
      return parseDocuments(text, 'yaml', yamlLimits);
    } catch (yamlError) {
      throw /^\s*[[{]/.test(text) ? jsonError : yamlError;
    }
  }
}
