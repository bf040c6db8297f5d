// The HTTP surface under hostile input (docs/contracts.md §3: "no input crashes the process or poisons later
// requests"): over 10,000 generated bodies and query strings, each one invalid by construction —
// truncated JSON, wrong types, huge arrays, deep nesting, unicode, duplicate keys, YAML bombs — must
// answer a 4xx Kubernetes Status (never a 5xx), and a good request afterwards must still answer
// exactly as before. Everything goes through app.request(), no sockets.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../host/http/app.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { parseDocuments } from '../../host/objects/parse.js';
import { clusterText, fixtureStore } from './helpers.js';

const goodText = readFileSync(new URL('../fixtures/requests/itp-local-node-b.json', import.meta.url), 'utf8');
const good = JSON.parse(goodText) as Record<string, unknown>;
const goodCompact = JSON.stringify(good);
const batchCompact = JSON.stringify({ services: ['shop/web'], nodes: ['node-1'], explain: true });
const dumpCompact = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: parseDocuments(clusterText, 'yaml') });

let app: ReturnType<typeof createApp>;
let baseline: Awaited<ReturnType<typeof goodAnswers>>;
beforeAll(async () => {
  app = createApp({ engine: await loadEngine(), store: fixtureStore() });
  baseline = await goodAnswers();
});

interface Hostile {
  method: 'POST' | 'PUT' | 'GET';
  path: string;
  body?: Uint8Array<ArrayBuffer>;
  contentType?: string;
}

const encoder = new TextEncoder();
const post = (path: string, body: string | Uint8Array<ArrayBuffer>, contentType?: string): Hostile => ({
  method: path === '/v1/snapshot' ? 'PUT' : 'POST',
  path,
  body: typeof body === 'string' ? encoder.encode(body) : body,
  ...(contentType === undefined ? {} : { contentType }),
});

async function answer(h: Hostile): Promise<Response> {
  return app.request(h.path, {
    method: h.method,
    ...(h.body ? { body: h.body } : {}),
    headers: h.contentType === undefined ? {} : { 'content-type': h.contentType },
  });
}

/** The property: a 4xx whose body is a Status carrying the same code. */
async function answers4xxStatus(h: Hostile): Promise<void> {
  const res = await answer(h);
  const text = await res.text();
  if (res.status < 400 || res.status >= 500) throw new Error(`${h.method} ${h.path} answered ${res.status}: ${text.slice(0, 300)}`);
  const status = JSON.parse(text) as { kind?: string; code?: number; message?: string };
  if (status.kind !== 'Status' || status.code !== res.status || typeof status.message !== 'string')
    throw new Error(`not a Status: ${text.slice(0, 300)}`);
}

async function goodAnswers() {
  const categorize = await (
    await app.request('/v1/categorize', { method: 'POST', body: encoder.encode(goodText), headers: { 'content-type': 'application/json' } })
  ).json();
  const decision = await (await app.request('/v1/services/shop/web/decision?node=node-1&explain=true')).json();
  // Refused loads count up, and the last one is reported: the snapshot in use stays the same.
  const { revision, source, counts, loadedAt } = await (await app.request('/v1/status')).json();
  return { categorize, decision, snapshot: { revision, source, counts, loadedAt } };
}

/** Runs the property, then checks the service still answers good requests as before. */
async function fuzz(arbitrary: fc.Arbitrary<Hostile>, numRuns: number) {
  await fc.assert(fc.asyncProperty(arbitrary, answers4xxStatus), { numRuns });
  expect(await goodAnswers()).toEqual(baseline);
}

// --- generators: each value is invalid by construction

const contentTypes = fc.constantFrom('application/json', 'application/yaml', undefined);
const bodyRoutes = fc.constantFrom('/v1/categorize', '/v1/batch', '/v1/snapshot');
// A batch body without a request or objects (empty, comments only, `{}`) decides the whole snapshot:
// random text goes to the routes for which no random text is a valid body.
const strictRoutes = fc.constantFrom('/v1/categorize', '/v1/snapshot');

/** A value of a JSON type other than the ones a field accepts. */
const otherThan = (...accepted: ('string' | 'number' | 'boolean' | 'object' | 'array')[]) =>
  fc.oneof(
    ...(
      [
        ['string', fc.string({ maxLength: 20 })],
        ['number', fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))],
        ['boolean', fc.boolean()],
        ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })],
        ['array', fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })],
      ] as const
    )
      .filter(([type]) => !accepted.includes(type))
      .map(([, arb]) => arb as fc.Arbitrary<unknown>),
  );

/** Names the API server refuses (DNS labels and subdomains are lowercase ASCII, ≤ 63/253 chars). */
const badName = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(s)),
  fc.constantFrom('', 'UPPER', '-lead', 'trail-', 'dots..', 'x'.repeat(254), 'ünïcødé', '日本語', '💥', 'a\u0000b', 'a b', '\ud800'),
);

/** A copy of the good request with `path` set to `value`. */
function withField(path: readonly (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(good);
  let at: Record<string | number, unknown> = copy;
  for (const seg of path.slice(0, -1)) at = at[seg] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

const wrongTypes: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  otherThan('object').map((v) => withField(['service'], v)),
  otherThan('object').map((v) => withField(['node'], v)),
  otherThan('array').map((v) => withField(['endpointSlices'], v)),
  otherThan('boolean').map((v) => withField(['explain'], v)),
  fc.oneof(otherThan('string'), fc.constantFrom('1.20', '1.36', '2.0', 'latest', '')).map((v) => withField(['kubernetesVersion'], v)),
  fc
    .oneof(otherThan('object'), fc.constant({ NoSuchGate: true }), fc.constant({ ProxyTerminatingEndpoints: 'yes' }))
    .map((v) => withField(['featureGates'], v)),
  fc.oneof(otherThan('string'), fc.constantFrom('IPv5', 'ipv4', 'IPv6')).map((v) => withField(['ipFamily'], v)),
  fc.oneof(fc.boolean(), fc.constantFrom('smtp', 0, 81, 65536, -1, 8080)).map((v) => withField(['port'], v)),
  fc
    .oneof(otherThan('string'), fc.constantFrom('local', 'LOCAL', 'Global', ''))
    .map((v) => withField(['service', 'spec', 'internalTrafficPolicy'], v)),
  otherThan('array').map((v) => withField(['service', 'spec', 'ports'], v)),
  badName.map((v) => withField(['service', 'metadata', 'name'], v)),
  badName.map((v) => withField(['node', 'name'], v)),
  otherThan('array').map((v) => withField(['endpointSlices', 0, 'endpoints'], v)),
  fc.oneof(otherThan('string'), fc.constantFrom('IPv7', 'ipv4', 'FQDNs')).map((v) => withField(['endpointSlices', 0, 'addressType'], v)),
  otherThan('boolean').map((v) => withField(['endpointSlices', 0, 'endpoints', 0, 'conditions', 'ready'], v)),
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter(
      (k) =>
        !['node', 'service', 'endpointSlices', 'port', 'ipFamily', 'kubernetesVersion', 'featureGates', 'explain', '__proto__'].includes(k),
    )
    .map((k) => ({ ...good, [k]: 1 })),
);

/** A key of the good request's JSON repeated in its object: `{"a": 1, "a": 2}`. */
const duplicateKey = fc.constantFrom('"node":', '"name":', '"spec":', '"ready":', '"endpoints":', '"labels":', '"port":').chain((key) =>
  fc.nat({ max: 50 }).map((n) => {
    const positions = [...goodCompact.matchAll(new RegExp(key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) => m.index);
    const at = positions[n % positions.length]!;
    // The key and its value are inserted again just after the object's own key: `"k":v,"k":v…`
    return `${goodCompact.slice(0, at)}${key}null,${goodCompact.slice(at)}`;
  }),
);

const aliasBomb = fc.record({ width: fc.integer({ min: 4, max: 10 }), depth: fc.integer({ min: 6, max: 12 }) }).map(({ width, depth }) => {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < depth; i++)
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\nnode: *l${depth - 1}\n`;
});

const mergeBomb = fc.integer({ min: 8, max: 40 }).map((depth) => {
  const lines = ['a0: &a0 { x: 1, y: 2 }'];
  for (let i = 1; i < depth; i++) lines.push(`a${i}: &a${i} { <<: [*a${i - 1}, *a${i - 1}], k${i}: *a${i - 1} }`);
  return lines.join('\n');
});

const deepNesting = fc
  .record({ depth: fc.integer({ min: 65, max: 3000 }), open: fc.constantFrom('[', '{"a":'), yaml: fc.boolean() })
  .map(({ depth, open, yaml }) => {
    const close = open === '[' ? ']' : '}';
    const inner = `${open.repeat(depth)}1${close.repeat(depth)}`;
    return yaml ? `node: ${inner.replace(/"/g, '')}` : `{"node":${inner}}`;
  });

const hugeArray = fc
  .record({ length: fc.integer({ min: 100_001, max: 200_000 }), item: fc.constantFrom('0', '{}', '[]', 'null', '"x"') })
  .map(({ length, item }) => `{"endpointSlices":[${Array(length).fill(item).join(',')}]}`);

// A flow mapping past the keys-per-mapping limit (10,000): linear to refuse, however it is spelled.
const hugeFlowMapping = fc
  .record({ keys: fc.integer({ min: 10_001, max: 40_000 }), quoted: fc.boolean() })
  .map(({ keys, quoted }) => `node: {${Array.from({ length: keys }, (_, i) => (quoted ? `"k${i}": ${i}` : `k${i}: ${i}`)).join(', ')}}`);

// Deeper than any limit, up to 100,000 levels, closed or not: a 413 or a 400, never a stack overflow.
const deepYaml = fc
  .record({ depth: fc.integer({ min: 73, max: 100_000 }), open: fc.constantFrom('[', '{a: ', '- '), closed: fc.boolean() })
  .map(({ depth, open, closed }) => {
    const close = open === '[' ? ']' : open === '{a: ' ? '}' : '';
    return open === '- '
      ? `node:\n${Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x`
      : `node: ${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}`;
  });

// More documents than a request holds (categorize reads one): refused before they are parsed.
const manyDocuments = fc
  .record({ documents: fc.integer({ min: 101, max: 120_000 }), doc: fc.constantFrom('a: 1', '{}', '', '# c') })
  .map(({ documents, doc }) => Array(documents).fill(doc).join('\n---\n'));

// Names every JavaScript object has, where the input names map keys: gates, labels, selectors, annotations.
const objectName = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
);
// Of those, the ones the API server refuses as label and annotation keys (`constructor` is a fine key).
const badKeyName = fc.constantFrom('__proto__', '__defineGetter__', '__lookupSetter__');
const prototypeNames = fc
  .integer({ min: 0, max: 3 })
  .chain((where) =>
    fc.record({
      where: fc.constant(where),
      name: where === 0 ? objectName : badKeyName,
      value: fc.constantFrom('"x"', 'true', '{"a": "b"}'),
    }),
  )
  .map(({ name, where, value }) => {
    const copy = structuredClone(good) as any;
    const key = JSON.stringify(name);
    // JSON.parse makes `__proto__` an own key, as a request body does; a string key keeps the text.
    const map = (extra: string) => JSON.parse(`{${key}: ${extra}}`) as Record<string, unknown>;
    if (where === 0) copy.featureGates = map(value === '"x"' ? 'true' : value);
    else if (where === 1) copy.service.spec.selector = { ...copy.service.spec.selector, ...map('"x"') };
    else if (where === 2) copy.service.metadata.annotations = map('"x"');
    else copy.node = { name: 'node-b', labels: map('"x"') };
    let text = JSON.stringify(copy);
    // JSON.stringify drops an own `__proto__` key of a spread object: put it back as text.
    if (name === '__proto__' && !text.includes('"__proto__"')) text = text.replace('{', `{"__proto__": ${value},`);
    return text;
  });

describe('hostile bodies and queries answer a 4xx Status, never a 5xx, and poison nothing', () => {
  it('huge YAML flow mappings, YAML 100,000 deep, many documents (60)', async () => {
    await fuzz(
      fc.oneof(
        fc.tuple(bodyRoutes, hugeFlowMapping).map(([path, text]) => post(path, text, 'application/yaml')),
        fc.tuple(bodyRoutes, deepYaml).map(([path, text]) => post(path, text, 'application/yaml')),
        manyDocuments.map((text) => post('/v1/categorize', text, 'application/yaml')),
      ),
      60,
    );
  });

  it('names of Object members as gate, label, selector and annotation keys (400)', async () => {
    await fuzz(
      prototypeNames.map((text) => post('/v1/categorize', text, 'application/json')),
      400,
    );
  });

  it('truncated JSON of a good request, a batch and a cluster dump (3,000)', async () => {
    const truncated = fc.oneof(
      fc.integer({ min: 1, max: goodCompact.length - 1 }).map((n) => post('/v1/categorize', goodCompact.slice(0, n), 'application/json')),
      fc.integer({ min: 1, max: batchCompact.length - 1 }).map((n) => post('/v1/batch', batchCompact.slice(0, n), 'application/json')),
      fc.integer({ min: 1, max: dumpCompact.length - 1 }).map((n) => post('/v1/snapshot', dumpCompact.slice(0, n), 'application/json')),
    );
    await fuzz(truncated, 3000);
  });

  it('wrong types, bad names and unknown fields in an otherwise good request (2,500)', async () => {
    await fuzz(
      fc
        .tuple(wrongTypes, fc.constantFrom('application/json', 'application/yaml'))
        .map(([body, type]) => post('/v1/categorize', JSON.stringify(body), type)),
      2500,
    );
  });

  it('duplicate keys, in JSON and in YAML (1,000)', async () => {
    await fuzz(
      fc.oneof(
        duplicateKey.map((text) => post('/v1/categorize', text, 'application/json')),
        fc
          .constantFrom(
            'node: {name: a}\nnode: {name: b}\n',
            'service:\n  spec: {}\n  spec: {}\n',
            'services: [shop/web]\nservices: [shop/api]\n',
          )
          .chain((text) => fc.constantFrom('/v1/categorize', '/v1/batch').map((path) => post(path, text, 'application/yaml'))),
      ),
      1000,
    );
  });

  it('unicode and random text, random bytes, random JSON values (2,000)', async () => {
    await fuzz(
      fc.oneof(
        fc
          .tuple(strictRoutes, fc.string({ unit: 'binary', maxLength: 200 }), contentTypes)
          .map(([path, text, type]) => post(path, text, type)),
        fc
          .tuple(strictRoutes, fc.uint8Array({ minLength: 1, maxLength: 200 }), contentTypes)
          .map(([path, data, type]) => post(path, data, type)),
        fc
          .tuple(strictRoutes, fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('application/json', 'application/yaml'))
          .map(([path, value, type]) => post(path, JSON.stringify(value) ?? 'null', type)),
        fc
          .tuple(bodyRoutes, fc.string({ unit: 'grapheme', maxLength: 100 }))
          .map(([path, text]) => post(path, `k${text}: [${text}\n`, 'application/yaml')),
      ),
      2000,
    );
  });

  it('batch requests and cluster dumps with wrong shapes (1,000)', async () => {
    await fuzz(
      fc.oneof(
        fc
          .record({
            services: fc.oneof(
              otherThan('array'),
              fc.array(
                fc.string({ maxLength: 8 }).filter((s) => !/^[^/]+\/[^/]+$/.test(s)),
                { minLength: 1, maxLength: 3 },
              ),
            ),
          })
          .map((b) => post('/v1/batch', JSON.stringify(b), 'application/json')),
        fc.record({ nodes: otherThan('array') }).map((b) => post('/v1/batch', JSON.stringify(b), 'application/json')),
        fc
          .record({ objects: fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 1, maxLength: 4 }) })
          .map((b) => post('/v1/batch', JSON.stringify(b), 'application/json')),
        fc
          .record({ explain: otherThan('boolean'), services: fc.constant(['shop/web']) })
          .map((b) => post('/v1/batch', JSON.stringify(b), 'application/json')),
        fc
          .array(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), { minLength: 1, maxLength: 4 })
          .map((items) =>
            post(
              '/v1/snapshot',
              JSON.stringify({ apiVersion: 'v1', kind: 'List', items: items.map((i) => ({ ...i, apiVersion: 'v1', kind: 'Service' })) }),
              'application/json',
            ),
          ),
        otherThan('object').map((items) =>
          post('/v1/snapshot', JSON.stringify({ apiVersion: 'v1', kind: 'List', items }), 'application/json'),
        ),
      ),
      1000,
    );
  });

  it('hostile query strings and paths on the snapshot routes (1,500)', async () => {
    const value = fc.string({ unit: 'binary', maxLength: 40 });
    // encodeURIComponent refuses lone surrogates; URLSearchParams replaces them.
    const segment = fc.string({ unit: 'grapheme', maxLength: 20 });
    const query = fc
      .record(
        {
          node: value.filter((s) => !['node-1', 'node-2', 'node-3'].includes(s)),
          port: value,
          ipFamily: value,
          explain: value,
          client: value,
          traffic: value,
          extra: value,
        },
        { requiredKeys: [] },
      )
      .map((q) => new URLSearchParams(Object.entries(q) as [string, string][]).toString());
    await fuzz(
      fc
        .tuple(
          fc.constantFrom('decision', 'pick'),
          fc.oneof(
            fc.constant('shop/web'),
            fc.tuple(segment, segment).map(([a, b]) => `${encodeURIComponent(a)}/${encodeURIComponent(b)}`),
          ),
          query,
        )
        .map(([route, service, q]): Hostile => ({ method: 'GET', path: `/v1/services/${service}/${route}?${q}` })),
      1500,
    );
  });

  it('YAML alias and merge-key bombs, deep nesting, huge arrays (600)', async () => {
    await fuzz(
      fc.oneof(
        {
          arbitrary: fc.tuple(bodyRoutes, fc.oneof(aliasBomb, mergeBomb)).map(([path, text]) => post(path, text, 'application/yaml')),
          weight: 3,
        },
        {
          arbitrary: fc
            .tuple(bodyRoutes, deepNesting)
            .map(([path, text]) => post(path, text, text.startsWith('{') ? 'application/json' : 'application/yaml')),
          weight: 2,
        },
        {
          arbitrary: fc
            .tuple(fc.constantFrom('/v1/categorize', '/v1/batch'), hugeArray)
            .map(([path, text]) => post(path, text, 'application/json')),
          weight: 1,
        },
      ),
      600,
    );
  });
});
