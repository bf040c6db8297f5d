// parseDocuments / splitObjects: the text shapes of docs/contracts.md §1, and BadRequest for unreadable text.
import { describe, expect, it } from 'vitest';
import { parseDocuments, splitObjects } from '../../host/objects/parse.js';
import { statusOf } from './helpers.js';

const badRequest = (text: string, hint?: 'json' | 'yaml') => {
  const status = statusOf(() => parseDocuments(text, hint));
  expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  return status.message;
};

describe('parseDocuments: YAML', () => {
  it('reads one object', () => {
    expect(parseDocuments('apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n')).toEqual([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart' } },
    ]);
  });

  it('reads multi-document YAML, skipping empty and comment-only documents', () => {
    const text = '# a dump\n---\nkind: A\n---\n---\n# nothing here\n---\nkind: B\n...\n';
    expect(parseDocuments(text)).toEqual([{ kind: 'A' }, { kind: 'B' }]);
  });

  it('reads nothing from empty or comment-only text', () => {
    expect(parseDocuments('')).toEqual([]);
    expect(parseDocuments('# only a comment\n')).toEqual([]);
  });

  it('keeps YAML 1.2 scalars: quoted strings stay strings, yes stays a string', () => {
    expect(parseDocuments('a: "80"\nb: 80\nc: yes\nd: true\ne: null\n')).toEqual([{ a: '80', b: 80, c: 'yes', d: true, e: null }]);
  });

  it('resolves anchors and merge keys', () => {
    expect(parseDocuments('base: &b {app: cart}\nlabels:\n  <<: *b\n  tier: web\n')).toEqual([
      { base: { app: 'cart' }, labels: { app: 'cart', tier: 'web' } },
    ]);
  });

  it('says where a syntax error is', () => {
    expect(badRequest('kind: Service\nmetadata:\n  name: a\n name: b\n')).toMatch(/^invalid YAML: .* at line 4, column 1$/);
  });

  it('says which document holds the error', () => {
    expect(badRequest('kind: A\n---\nkind: B\n  x: [\n')).toMatch(/^invalid YAML \(document 2\): .* at line \d+, column \d+$/);
  });

  it('refuses duplicate keys, saying where', () => {
    expect(badRequest('metadata:\n  name: a\n  name: b\n')).toBe('invalid YAML: Map keys must be unique at line 3, column 3');
  });

  it('refuses tabs used as indentation', () => {
    expect(badRequest('a:\n\tb: 1\n')).toContain('Tabs are not allowed as indentation at line 2, column 1');
  });

  it('refuses an alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    expect(badRequest(bomb.join('\n'))).toBe('invalid YAML: too many alias expansions (a YAML alias bomb?)');
  });

  it('refuses documents that are not mappings', () => {
    expect(badRequest('just text\n')).toBe('document: must be a Kubernetes object (a mapping), got string');
    expect(badRequest('kind: A\n---\n- 1\n- 2\n')).toBe('document 2: must be a Kubernetes object (a mapping), got a list');
  });

  it('reads JSON when told the text is YAML (JSON is YAML)', () => {
    expect(parseDocuments('{"kind": "A"}', 'yaml')).toEqual([{ kind: 'A' }]);
  });
});

describe('parseDocuments: JSON', () => {
  it('reads one object, sniffing JSON from its first character', () => {
    expect(parseDocuments('  {"kind": "Service", "spec": {"ports": [{"port": 80}]}}\n')).toEqual([
      { kind: 'Service', spec: { ports: [{ port: 80 }] } },
    ]);
  });

  it('reads a JSON stream of several objects', () => {
    expect(parseDocuments('{"kind":"A"}\n{"kind":"B"}{"kind":"C"}', 'json')).toEqual([{ kind: 'A' }, { kind: 'B' }, { kind: 'C' }]);
  });

  it('says where a syntax error is, by line, column and position', () => {
    expect(badRequest('{\n  "kind": "A",\n  "spec": }\n')).toBe(
      'invalid JSON at line 3, column 11 (position 27): unexpected character "}", expected a value',
    );
    expect(badRequest('{"a": 1,}')).toBe('invalid JSON at line 1, column 9 (position 8): expected a double-quoted property name');
    expect(badRequest('{"a" 1}')).toBe("invalid JSON at line 1, column 6 (position 5): expected ':' after property name");
    expect(badRequest('[1 2]')).toBe("invalid JSON at line 1, column 4 (position 3): expected ',' or ']' after array element");
    expect(badRequest('{"a": 1 "b": 2}')).toBe("invalid JSON at line 1, column 9 (position 8): expected ',' or '}' after property value");
  });

  it('refuses truncated input and bad strings', () => {
    expect(badRequest('{"a": [1, 2')).toBe('invalid JSON at line 1, column 12 (position 11): unexpected end of input');
    expect(badRequest('{"a": "x')).toBe('invalid JSON at line 1, column 7 (position 6): unterminated string');
    expect(badRequest('{"a": "\\q"}')).toBe('invalid JSON at line 1, column 8 (position 7): invalid escape in string');
    expect(badRequest('{"a": "x\ny"}')).toBe('invalid JSON at line 1, column 9 (position 8): control character in string');
  });

  it('refuses duplicate keys, saying where (JSON.parse would keep the last)', () => {
    expect(badRequest('{"spec": {"port": 80,\n "port": 81}}')).toBe('invalid JSON at line 2, column 2 (position 23): duplicate key "port"');
  });

  it('allows the same key in different objects', () => {
    expect(parseDocuments('{"a": {"a": 1}, "b": {"a": 2}}')).toEqual([{ a: { a: 1 }, b: { a: 2 } }]);
  });

  it('decodes escaped keys before comparing them', () => {
    expect(badRequest('{"a": 1, "\\u0061": 2}')).toContain('duplicate key "a"');
  });

  it('refuses JSON that is not an object', () => {
    expect(badRequest('[1, 2]')).toBe('document: must be a Kubernetes object (a mapping), got a list');
    expect(badRequest('"x"', 'json')).toBe('document: must be a Kubernetes object (a mapping), got string');
  });

  it('skips a byte-order mark', () => {
    expect(parseDocuments('\uFEFF{"kind": "A"}')).toEqual([{ kind: 'A' }]);
    expect(parseDocuments('\uFEFFkind: A\n')).toEqual([{ kind: 'A' }]);
  });

  it('reads nothing from whitespace', () => {
    expect(parseDocuments(' \n', 'json')).toEqual([]);
  });
});

describe('parseDocuments: Lists', () => {
  it('flattens kind: List into its items, in order', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- {kind: Service, metadata: {name: a}}\n- {kind: Service, metadata: {name: b}}\nmetadata: {resourceVersion: ""}\n';
    expect(parseDocuments(text)).toEqual([
      { kind: 'Service', metadata: { name: 'a' } },
      { kind: 'Service', metadata: { name: 'b' } },
    ]);
  });

  it("gives items of a typed *List the list's kind and apiVersion when they lack them (API server responses)", () => {
    const text = JSON.stringify({
      kind: 'EndpointSliceList',
      apiVersion: 'discovery.k8s.io/v1',
      items: [{ metadata: { name: 'a' } }, { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1beta1' }],
    });
    expect(parseDocuments(text)).toEqual([
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'a' } },
      { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1beta1' },
    ]);
  });

  it('flattens the trimmed apiVersion + items form without a kind', () => {
    expect(parseDocuments('apiVersion: v1\nitems:\n- kind: EndpointSlice\n')).toEqual([{ kind: 'EndpointSlice' }]);
  });

  it('reads an empty List as nothing', () => {
    expect(parseDocuments('apiVersion: v1\nkind: List\nitems: []\n')).toEqual([]);
    expect(parseDocuments('apiVersion: v1\nkind: List\n')).toEqual([]);
  });

  it('flattens Lists nested in Lists and across documents', () => {
    const text = 'kind: List\nitems:\n- kind: List\n  items:\n  - {kind: A}\n- {kind: B}\n---\nkind: C\n';
    expect(parseDocuments(text)).toEqual([{ kind: 'A' }, { kind: 'B' }, { kind: 'C' }]);
  });

  it('leaves a kind ending in List without items alone', () => {
    expect(parseDocuments('kind: AllowList\nspec: {}\n')).toEqual([{ kind: 'AllowList', spec: {} }]);
  });

  it('refuses items that are not objects, saying which', () => {
    expect(badRequest('kind: List\nitems:\n- {kind: A}\n- 3\n')).toBe(
      'document.items[1]: must be a Kubernetes object (a mapping), got number',
    );
    expect(badRequest('kind: List\nitems: {a: 1}\n')).toBe('document.items: must be a list, got object');
  });
});

describe('splitObjects', () => {
  it('sorts objects by kind and API group, keeping legacy Endpoints apart', () => {
    const docs = parseDocuments(
      [
        'apiVersion: v1\nkind: Service\nmetadata: {name: cart}',
        'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: cart-1}',
        'apiVersion: discovery.k8s.io/v1beta1\nkind: EndpointSlice\nmetadata: {name: cart-2}',
        'apiVersion: v1\nkind: Endpoints\nmetadata: {name: cart}',
        'apiVersion: v1\nkind: Node\nmetadata: {name: node-a}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: cart-x}',
        'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: hello}',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart}',
        'kind: Service\nmetadata: {name: no-version}',
        'metadata: {name: no-kind}',
      ].join('\n---\n'),
    );
    const split = splitObjects(docs);
    const names = (list: unknown[]) => list.map((o) => (o as { metadata: { name: string } }).metadata.name);
    expect(names(split.services)).toEqual(['cart', 'no-version']);
    expect(names(split.endpointSlices)).toEqual(['cart-1', 'cart-2']);
    expect(names(split.endpoints)).toEqual(['cart']);
    expect(names(split.nodes)).toEqual(['node-a']);
    expect(names(split.pods)).toEqual(['cart-x']);
    expect(split.others).toEqual([
      { kind: 'Service', name: 'hello' },
      { kind: 'Deployment', name: 'cart' },
      { kind: '', name: 'no-kind' },
    ]);
  });
});
