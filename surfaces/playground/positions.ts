// Where in the editor a message belongs. tpe's Status errors name a field (`objects[5].spec.
// internalTrafficPolicy`): the object's index leads to its file and YAML document, the rest of the
// path to the node in that document's syntax tree, and the yaml package's LineCounter to the line
// and column. YAML syntax errors carry their own offsets.
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
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

interface ParsedFile {
  docs: Document.Parsed[];
  lines: LineCounter;
}

/** The YAML syntax trees of the files, and the origin of every object parseDocuments returns, index for index. */
export class SourceMap {
  private readonly parsed: ParsedFile[];
  readonly origins: Origin[] = [];

  constructor(readonly files: readonly ManifestText[]) {
    this.parsed = files.map((f) => {
      const lines = new LineCounter();
      const docs = parseAllDocuments(f.text.startsWith('\uFEFF') ? f.text.slice(1) : f.text, { lineCounter: lines, merge: true });
      return { docs: Array.isArray(docs) ? docs : [], lines };
    });
  }

  /** Origins of the objects of `file`, in the order parseDocuments flattens them (Lists into their items). */
  addFile(file: number): void {
    const docs = this.parsed[file]?.docs ?? [];
    docs.forEach((doc, d) => {
      const flatten = (value: unknown, path: Array<string | number>, depth: number): void => {
        if (value === null || value === undefined) return;
        const items = (value as { items?: unknown; kind?: unknown }).items;
        const kind = (value as { kind?: unknown }).kind;
        if (depth < 5 && typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) {
          items.forEach((item, i) => flatten(item, [...path, 'items', i], depth + 1));
          return;
        }
        this.origins.push({ file, doc: d, path });
      };
      let value: unknown;
      try {
        value = doc.toJS();
      } catch {
        return;
      }
      flatten(value, [], 0);
    });
  }

  /** The first syntax error of a file, where it is. */
  syntaxError(file: number): (Spot & { message: string }) | null {
    const p = this.parsed[file];
    if (!p) return null;
    for (const doc of p.docs) {
      const e = doc.errors[0];
      if (e) return { ...this.spot(file, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)), message: e.message.split(':\n')[0]! };
    }
    return null;
  }

  /** A cause's field (`objects[5].spec.ports[0].port`) as a place in a file: the deepest node of the path that exists. */
  field(field: string): Spot | null {
    const m = /^objects\[(\d+)\]\.?(.*)$/.exec(field);
    if (!m) return null;
    return this.object(Number(m[1]), splitPath(m[2]!));
  }

  /** Object `index` (its first line), or the node at `path` inside it. */
  object(index: number, path: Array<string | number> = []): Spot | null {
    const origin = this.origins[index];
    const p = origin && this.parsed[origin.file];
    const doc = origin && p?.docs[origin.doc];
    if (!origin || !doc) return null;
    const full = [...origin.path, ...path];
    for (let n = full.length; n >= 0; n--) {
      const node = nodeAt(doc, full.slice(0, n));
      if (node?.range) return this.spot(origin.file, node.range[0], Math.max(node.range[1], node.range[0] + 1));
    }
    return null;
  }

  /** The index of the object of this kind and name (`Service shop/web`), for messages that name an object. */
  find(kind: string, namespacedName: string, objects: readonly unknown[]): number {
    return objects.findIndex((o) => {
      const obj = o as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
      if (obj?.kind !== kind) return false;
      const name = String(obj.metadata?.name ?? '');
      const ns = String(obj.metadata?.namespace ?? 'default');
      return namespacedName === name || namespacedName === `${ns}/${name}`;
    });
  }

  private spot(file: number, from: number, to: number): Spot {
    const { line, col } = this.parsed[file]!.lines.linePos(from);
    return { file, from, to, line, col };
  }
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
