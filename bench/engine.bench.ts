// `npm run bench`: the WASM engine side by side with the plain-TypeScript reference (test/reference),
// in one run, at 10 / 100 / 1,000 / 10,000 endpoints (bench/scenario.ts); one node, and one Service
// port for 1,000 nodes. p50 of each task. Rows, from the outside in:
//
//   from objects   engine.categorize(request) vs referenceCategorize(request): both read the raw
//                  objects; the engine also validates them as the API server does (bench/objects.bench.ts
//                  prices that part), converts the slices, encodes and decides.
//   decision       the decision from already-read inputs, vs referenceDecide on its read endpoint list:
//                  cold  = engine.decide on a port never seen (encode, prepare, decide, build the lists);
//                  warm  = engine.decide on the port the engine decided last, for another node — the
//                          snapshot path of the HTTP service: prepare is skipped, the lists are cached.
//   batch          the same for 1,000 nodes: engine.decide(portRequest, nodes) vs referenceDecide per node;
//                  and library categorizeNodes (objects read once) vs referenceCategorize per node.
//   wasm core      decidePort (copy + prepare + decide) for 1,000 nodes on an encoded port (two copies of it
//                  alternate, so every run prepares): the engine's hot path without result objects, in ns
//                  per endpoint per node; beside it a plain typed-array scan per node and endpoint in JS
//                  (what a non-indexed filter costs).
import { Bench } from 'tinybench';
import { statSync } from 'node:fs';
import { loadEngine } from '../surfaces/node/index.js';
import { readPortRequest } from '../host/engine/request.js';
import { encodePort, decidePort } from '../host/engine/encode.js';
import type { NodeModel } from '../host/objects/model.js';
import { referenceCategorize, referenceDecide, referenceInput } from '../test/reference/index.js';
import type { CategorizeRequest } from '../host/engine/types.js';
import { nodesOf, scenario, ZONES } from './scenario.js';

// `npm run bench -- --sizes 10,100,1000` measures only those (10,000 takes minutes on a busy machine).
const sizesArg = process.argv.indexOf('--sizes');
const SIZES = sizesArg >= 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [10, 100, 1000, 10000];
const BATCH_NODES = 1000;

const engine = await loadEngine();
const nodeRefs = nodesOf(BATCH_NODES);
const nodes: NodeModel[] = nodeRefs.map((n) => ({
  name: n.name,
  labels: n.labels,
  zone: n.labels['topology.kubernetes.io/zone']!,
  controlPlane: false,
  allocatableMilliCPU: null,
  ready: null,
  unschedulable: false,
  taints: [],
}));
const queries = nodes.map((n) => ({ name: n.name, zone: n.zone }));
const rows: string[][] = [];

for (const n of SIZES) {
  // As a client sends it: parsed JSON, nothing shared with the generator's literals.
  const base = JSON.parse(JSON.stringify(scenario(n, BATCH_NODES))) as Omit<CategorizeRequest, 'node'>;
  const single = { ...base, node: nodeRefs[1]! } as CategorizeRequest;
  const port = readPortRequest(base);
  const refInputs = nodeRefs.map((node) => referenceInput({ ...base, node } as CategorizeRequest));
  const copies = [
    encodePort(engine.kernel.abi, { ...port, annotations: port.service.annotations }),
    encodePort(engine.kernel.abi, { ...port, annotations: port.service.annotations }),
  ];
  let nextNode = 0;
  let copy = 0;
  const scan = typedArrayScan(
    port.endpoints.map((e) => (e.ready ? 1 : 0)),
    port.endpoints.map((e) => ZONES.indexOf(e.zoneHints[0] ?? '')),
  );

  // The two sides agree before they are timed.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(engine.categorize(single), referenceCategorize(single))) throw new Error(`engine and reference disagree at ${n} endpoints`);
  if (!same(engine.decide(port, nodes.slice(0, 50)), refInputs.slice(0, 50).map(referenceDecide)))
    throw new Error(`batch disagrees at ${n} endpoints`);

  const heavy = n * BATCH_NODES >= 1_000_000;
  // A warm-up of a second per task (and at least tinybench's 16 runs): long enough for V8 to
  // optimize the per-request paths, which 16 runs of a 10 µs task are not.
  const bench = heavy
    ? new Bench({ time: 300, iterations: 3, warmup: true })
    : new Bench({ time: 500, iterations: 20, warmup: true, warmupTime: 1000 });
  bench
    .add('engine from objects', () => engine.categorize(single))
    .add('reference from objects', () => referenceCategorize(single))
    .add('engine decision cold', () => engine.decide({ ...port }, [nodes[1]!]))
    .add('engine decision warm', () => engine.decide(port, [nodes[(nextNode = (nextNode + 1) % BATCH_NODES)]!]))
    .add('reference decision', () => referenceDecide(refInputs[1]!))
    .add('engine batch', () => engine.decide(port, nodes))
    .add('reference batch', () => {
      for (const input of refInputs) referenceDecide(input);
    })
    .add('library categorizeNodes', () => engine.categorizeNodes(base, nodeRefs))
    .add('reference categorize per node', () => {
      for (const node of nodeRefs) referenceCategorize({ ...base, node } as CategorizeRequest);
    })
    .add('wasm core batch', () => {
      decidePort(engine.kernel, copies[(copy = 1 - copy)]!, queries);
    })
    .add('js scan batch', () => scan(queries));
  await bench.run();
  const ns = (name: string) => {
    const result = bench.getTask(name)?.result;
    if (!result || !('latency' in result)) throw new Error(`benchmark task ${name} did not complete`);
    return result.latency.p50! * 1e6;
  };
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3));
  const ratio = (ref: string, eng: string) => `${fmt(ns(ref) / ns(eng))}×`;
  rows.push([
    String(n),
    fmt(ns('engine from objects') / 1e3),
    fmt(ns('reference from objects') / 1e3),
    ratio('reference from objects', 'engine from objects'),
    fmt(ns('engine decision cold') / 1e3),
    fmt(ns('engine decision warm') / 1e3),
    fmt(ns('reference decision') / 1e3),
    ratio('reference decision', 'engine decision cold'),
    ratio('reference decision', 'engine decision warm'),
    fmt(ns('engine batch') / 1e6),
    fmt(ns('reference batch') / 1e6),
    ratio('reference batch', 'engine batch'),
    fmt(ns('library categorizeNodes') / 1e6),
    fmt(ns('reference categorize per node') / 1e6),
    ratio('reference categorize per node', 'library categorizeNodes'),
    fmt(ns('wasm core batch') / 1e3),
    fmt(ns('wasm core batch') / (n * BATCH_NODES)),
    fmt(ns('js scan batch') / (n * BATCH_NODES)),
    ratio('reference batch', 'wasm core batch'),
  ]);
  process.stderr.write(`measured ${n} endpoints: from objects ${rows.at(-1)![3]}, decision cold ${rows.at(-1)![7]}\n`);
}

const header = [
  'endpoints',
  'from objects: engine µs',
  'reference µs',
  'ratio',
  'decision: engine cold µs',
  'warm µs',
  'reference µs',
  'ratio cold',
  'ratio warm',
  `batch (${BATCH_NODES} nodes): engine ms`,
  'reference ms',
  'ratio',
  'categorizeNodes ms',
  'reference per node ms',
  'ratio',
  'wasm core batch µs',
  'ns/endpoint/node',
  'js scan ns/endpoint/node',
  'reference ÷ wasm core',
];
const wasmBytes = statSync(new URL('../build/tpe.wasm', import.meta.url)).size;
console.log(`engine: ${wasmBytes} bytes of WASM; node ${process.version}; p50 of each task\n`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

/** The naive per-node filter over typed arrays: Ready and hinted for the node's zone. */
function typedArrayScan(ready: number[], zone: number[]) {
  const readyArr = Uint8Array.from(ready);
  const zoneArr = Int32Array.from(zone);
  const out = new Uint32Array(readyArr.length);
  return (qs: { zone: string }[]) => {
    let total = 0;
    for (const q of qs) {
      const z = ZONES.indexOf(q.zone);
      let count = 0;
      for (let i = 0; i < readyArr.length; i++) if (readyArr[i] && zoneArr[i] === z) out[count++] = i;
      total += count;
    }
    return total;
  };
}
