// The controls edit the YAML itself, so the files stay the whole truth (what is simulated, shared
// and downloaded is what the editor shows). An edit is as small as the text allows: a value replaced
// in place, a key line inserted or removed in a block mapping; only a flow mapping (`{ a: 1 }`) is
// written out again by the yaml package.
import { Document, isMap, isScalar, parseAllDocuments, type Pair, type YAMLMap } from 'yaml';

type Path = ReadonlyArray<string | number>;

/** The file's text with the field at `path` of YAML document `doc` set to `value` (null removes it). */
export function setField(text: string, doc: number, path: Path, value: string | null): string {
  const docs = parseAllDocuments(text) as Document.Parsed[];
  const d = docs[doc];
  if (!d || d.errors.length) throw new Error('the file does not parse: fix it first');
  const key = path[path.length - 1]!;
  const parent = d.getIn(path.slice(0, -1), true);
  const node = d.getIn(path, true);
  const plain = value === null || /^[A-Za-z][\w.-]*$/.test(value) ? value : JSON.stringify(value);
  if (value !== null && isScalar(node) && node.range) return text.slice(0, node.range[0]) + plain + text.slice(node.range[1]);
  if (isMap(parent) && !parent.flow && parent.items.length > 0) {
    const map = parent as YAMLMap<unknown, unknown>;
    const pair = map.items.find((p: Pair<unknown, unknown>) => isScalar(p.key) && p.key.value === key);
    if (value === null && pair && isScalar(pair.key) && pair.key.range) {
      // The last key of a mapping: the mapping goes with it (`annotations:` alone would be null).
      if (map.items.length === 1 && path.length > 1) return setField(text, doc, path.slice(0, -1), null);
      const start = text.lastIndexOf('\n', pair.key.range[0] - 1) + 1;
      const valueEnd = (pair.value as { range?: [number, number, number] } | null)?.range?.[1] ?? pair.key.range[1];
      // A block value's range ends after its last newline; a scalar's before it.
      const eol = text.indexOf('\n', Math.max(pair.key.range[1], valueEnd - 1));
      return text.slice(0, start) + text.slice(eol === -1 ? text.length : eol + 1);
    }
    const first = map.items[0]!.key;
    if (value !== null && !pair && isScalar(first) && first.range) {
      const at = first.range[0];
      const indent = at - (text.lastIndexOf('\n', at - 1) + 1);
      return `${text.slice(0, at)}${String(key)}: ${plain}\n${' '.repeat(indent)}${text.slice(at)}`;
    }
  }
  if (value === null && !d.hasIn(path)) return text;
  // A flow mapping (`metadata: { name: web }`), or a path not there yet: the nearest mapping on the
  // path is written out again, in block style, in its own place.
  let k = path.length - 1;
  while (k > 0 && !isMap(d.getIn(path.slice(0, k), true))) k--;
  const target = (k === 0 ? d.contents : d.getIn(path.slice(0, k), true)) as YAMLMap<unknown, unknown> | null;
  if (!isMap(target) || !target.range) throw new Error(`cannot edit ${path.join('.')}: not in a mapping`);
  const clone = target.clone() as YAMLMap<unknown, unknown>;
  clone.flow = false;
  if (value === null) clone.deleteIn(path.slice(k));
  else clone.setIn(path.slice(k), value);
  const body = new Document(clone).toString().replace(/\n$/, '');
  if (k === 0) return text.slice(0, target.range[0]) + body + text.slice(target.range[1]);
  const colon = text.lastIndexOf(':', target.range[0]);
  const lineStart = text.lastIndexOf('\n', colon) + 1;
  const indent = ' '.repeat(text.slice(lineStart).search(/\S/) + 2);
  return (
    text.slice(0, colon + 1) +
    body
      .split('\n')
      .map((l) => `\n${indent}${l}`)
      .join('') +
    text.slice(target.range[1])
  );
}
