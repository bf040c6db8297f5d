// Where in the editor a message belongs. tpe's Status errors name a field (`objects[5].spec.
// internalTrafficPolicy`): the object's index leads to its file and YAML document, the rest of the
// path to the node in that document's syntax tree, and the yaml package's LineCounter to the line
// and column. YAML syntax errors carry their own offsets. A file is parsed for positions only when
// a message needs one, and a text already parsed is not parsed again (every edit changes one file).
import { isMap, isSeq, LineCounter, Parser, parseAllDocuments, type Document, type Node } from 'yaml';
import type { ManifestText } from './state.js';

/** Where one input object came from: its file, its YAML document, its path inside (items of a List). */
export interface Origin {
  file: number;
  doc: number;
  path: Array<string | number>;
}

export interface Spot {
  file: number;
  /** Character offsets in the file's text. */
  from: number;
  to: number;
  /** 1-based, for people and tests. */
  line: number;
  col: number;
}

interface Parsed {
  docs: Document.Parsed[];
  lines: LineCounter;
  /** Per object parseDocuments returns: its document and its path in it. */
  objects: Array<{ doc: number; path: Array<string | number> }>;
}

/** Texts parsed lately, full (syntax trees) and shallow (each document's start), newest last. */
const PARSED = new Map<string, Parsed>();
const STARTS = new Map<string, { starts: number[]; lines: LineCounter } | null>();
const CACHED = 16;

function remember<T>(cache: Map<string, T>, text: string, make: () => T): T {
  let value = cache.get(text);
  if (value === undefined && !cache.has(text)) {
    value = make();
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
  } else cache.delete(text);
  cache.set(text, value as T);
  return value as T;
}

const bomless = (text: string) => (text.startsWith('\uFEFF') ? text.slice(1) : text);

function parseFull(text: string): Parsed {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(bomless(text), { lineCounter: lines, merge: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const objects: Parsed['objects'] = [];
  docs.forEach((doc, d) => {
    // The same flattening as parseDocuments: Lists into their items, empty documents skipped.
    const flatten = (value: unknown, path: Array<string | number>, depth: number): void => {
      if (value === null || value === undefined) return;
      const items = (value as { items?: unknown }).items;
      const kind = (value as { kind?: unknown }).kind;
      if (depth < 5 && typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) {
        items.forEach((item, i) => flatten(item, [...path, 'items', i], depth + 1));
        return;
      }
      objects.push({ doc: d, path });
    };
    try {
      flatten(doc.toJS(), [], 0);
    } catch {
      // Unreadable documents hold no object parseDocuments would return.
    }
  });
  return { docs, lines, objects };
}

/**
 * Where each document with content starts, from the yaml package's concrete syntax tree only (a
 * few times cheaper than building documents). Null when a document may be a List, whose items are
 * objects of their own: then only the full parse can say where each is.
 */
function parseStarts(text: string): { starts: number[]; lines: LineCounter } | null {
  const lines = new LineCounter();
  const starts: number[] = [];
  const body = bomless(text);
  for (const token of new Parser(lines.addNewLine).parse(body)) {
    if (token.type !== 'document' || !token.value) continue;
    const value = token.value as { type: string; offset: number; items?: unknown[] };
    if (value.type === 'block-map' || value.type === 'flow-collection') starts.push(value.offset);
    else if (value.type !== 'comment') return null;
  }
  if (/^kind:\s*["']?\w*List\b/m.test(body)) return null;
  return { starts, lines };
}

/** The positions of the objects of a run: index for index as parseDocuments returned them, file by file. */
export class SourceMap {
  /** First object index of each file. */
  private readonly firsts: number[] = [];
  private count = 0;

  constructor(readonly files: readonly ManifestText[]) {}

  /** The next file's objects (parseDocuments returned `count` of them). */
  addFile(file: number, count: number): void {
    this.firsts[file] = this.count;
    this.count += count;
  }

  /** The file and the place in it of object `index`. */
  origin(index: number): Origin | null {
    const file = this.fileOf(index);
    if (file < 0) return null;
    const o = this.full(file).objects[index - this.firsts[file]!];
    return o ? { file, doc: o.doc, path: o.path } : null;
  }

  /** The first syntax error of a file, where it is. */
  syntaxError(file: number): (Spot & { message: string }) | null {
    const p = this.full(file);
    for (const doc of p.docs) {
      const e = doc.errors[0];
      if (e) return { ...spot(p.lines, file, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)), message: e.message.split(':\n')[0]! };
    }
    return null;
  }

  /** A cause's field (`objects[5].spec.ports[0].port`) as a place in a file: the deepest node of the path that exists. */
  field(field: string): Spot | null {
    const m = /^objects\[(\d+)\]\.?(.*)$/.exec(field);
    if (!m) return null;
    return this.node(Number(m[1]), splitPath(m[2]!));
  }

  /** The node at `path` inside object `index` (its deepest part that exists). */
  node(index: number, path: Array<string | number>): Spot | null {
    const origin = this.origin(index);
    if (!origin) return null;
    const p = this.full(origin.file);
    const doc = p.docs[origin.doc];
    if (!doc) return null;
    const full = [...origin.path, ...path];
    for (let n = full.length; n >= 0; n--) {
      const node = nodeAt(doc, full.slice(0, n));
      if (node?.range) return spot(p.lines, origin.file, node.range[0], Math.max(node.range[1], node.range[0] + 1));
    }
    return null;
  }

  /** The first line of object `index`: where a warning about the whole object goes. */
  objectStart(index: number): Spot | null {
    const file = this.fileOf(index);
    if (file < 0) return null;
    const text = this.files[file]!.text;
    const shallow = remember(STARTS, text, () => parseStarts(text));
    if (shallow && shallow.starts.length === this.countOf(file)) {
      const from = shallow.starts[index - this.firsts[file]!]!;
      const eol = text.indexOf('\n', from);
      return spot(shallow.lines, file, from, eol === -1 ? text.length : eol);
    }
    return this.node(index, []);
  }

  private countOf(file: number): number {
    return (this.firsts[file + 1] ?? this.count) - this.firsts[file]!;
  }

  private fileOf(index: number): number {
    for (let f = this.firsts.length - 1; f >= 0; f--)
      if (this.firsts[f] !== undefined && index >= this.firsts[f]! && index < this.firsts[f]! + this.countOf(f)) return f;
    return -1;
  }

  private full(file: number): Parsed {
    const text = this.files[file]?.text ?? '';
    return remember(PARSED, text, () => parseFull(text));
  }
}

function spot(lines: LineCounter, file: number, from: number, to: number): Spot {
  const { line, col } = lines.linePos(from);
  return { file, from, to, line, col };
}

function nodeAt(doc: Document.Parsed, path: Array<string | number>): Node | null {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
    else return null;
    if (node === undefined) return null;
  }
  return (node as Node | null) ?? null;
}

/** `spec.ports[0].port` → ['spec', 'ports', 0, 'port']; `metadata.annotations[a.b/c]` keeps the bracketed key whole. */
export function splitPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!);
  }
  return out;
}
