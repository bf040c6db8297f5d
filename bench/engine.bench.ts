// `npm run bench`: the WASM engine side by side with the plain-TypeScript reference (test/reference),
// in one run, at 10 / 100 / 1,000 / 10,000 endpoints; one decision, and one Service for 1,000 nodes.
// Rows:
//   library      engine.categorize / categorizeNodes: validation, EndpointSlice conversion, WASM, result objects
//   reference    test/reference's referenceCategorize, once per node (the oracle; same inputs, same outputs)
//   wasm core    encode + prepare + decide only (the hot path; answers are pool runs, no strings)
//   js scan      a plain typed-array scan per node and endpoint (what a non-indexed JS filter costs)
import { Bench } from 'tinybench';
import { loadEngine } from '../host/index.js';
import { readPortRequest } from '../host/engine/request.js';
import { encode } from '../host/engine/encode.js';
import { referenceCategorize } from '../test/reference/index.js';
import type { CategorizeRequest } from '../host/engine/types.js';
import { nodesOf, scenario } from './scenario.js';

const SIZES = [10, 100, 1000, 10000];
const BATCH_NODES = 1000;

const engine = await loadEngine();
const nodes = nodesOf(BATCH_NODES);
const rows: string[][] = [];

for (const n of SIZES) {
  const base = scenario(n, BATCH_NODES);
  const single = { ...base, node: nodes[1]! } as CategorizeRequest;
  const port = readPortRequest(base);
  const queries = nodes.map((q) => ({ name: q.name, zone: q.labels['topology.kubernetes.io/zone']! }));
  const scan = typedArrayScan(port.endpoints.map((e) => (e.ready ? 1 : 0)), port.endpoints.map((e) => zoneIndex(e.zoneHints[0])));

  // Sanity: the two sides agree before they are timed.
  const a = engine.categorize(single);
  const b = referenceCategorize(single);
  if (JSON.stringify(a.allReachableEndpoints) !== JSON.stringify(b.allReachableEndpoints)) throw new Error(`engine and reference disagree at ${n} endpoints`);

  const heavy = n * BATCH_NODES >= 1_000_000;
  const bench = new Bench({ time: heavy ? 300 : 600, iterations: heavy ? 3 : 20, warmup: true });
  bench
    .add('library single', () => engine.categorize(single))
    .add('reference single', () => referenceCategorize(single))
    .add('wasm core single', () => {
      encode(engine.kernel, { ...port, annotations: port.service.annotations }, [queries[1]!]);
      engine.kernel.run();
    })
    .add('library batch', () => engine.categorizeNodes(base, nodes))
    .add('reference batch', () => {
      for (const node of nodes) referenceCategorize({ ...base, node } as CategorizeRequest);
    })
    .add('wasm core batch', () => {
      encode(engine.kernel, { ...port, annotations: port.service.annotations }, queries);
      engine.kernel.run();
    })
    .add('js scan batch', () => scan(queries));
  await bench.run();
  const ns = (name: string) => {
    const result = bench.getTask(name)?.result;
    if (!result || !('latency' in result)) throw new Error(`benchmark task ${name} did not complete`);
    return result.latency.p50! * 1e6;
  };
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3));
  rows.push([
    String(n),
    fmt(ns('library single') / 1000),
    fmt(ns('reference single') / 1000),
    `${fmt(ns('reference single') / ns('library single'))}×`,
    fmt(ns('wasm core single') / 1000),
    `${fmt(ns('reference single') / ns('wasm core single'))}×`,
    fmt(ns('library batch') / 1e6),
    fmt(ns('reference batch') / 1e6),
    `${fmt(ns('reference batch') / ns('library batch'))}×`,
    fmt(ns('wasm core batch') / 1e6),
    fmt(ns('wasm core batch') / (n * BATCH_NODES)),
    fmt(ns('js scan batch') / (n * BATCH_NODES)),
    `${fmt(ns('reference batch') / ns('wasm core batch'))}×`,
  ]);
  process.stderr.write(`measured ${n} endpoints\n`);
}

const header = [
  'endpoints', 'library single µs', 'reference single µs', 'ratio', 'wasm core single µs', 'reference ÷ wasm core',
  `library batch ms (${BATCH_NODES} nodes)`, 'reference batch ms', 'ratio',
  'wasm core batch ms', 'wasm core ns/endpoint/node', 'js scan ns/endpoint/node', 'reference ÷ wasm core',
];
console.log(`engine ${(await import('node:fs')).statSync(new URL('../build/tpe.wasm', import.meta.url)).size} bytes of WASM; node ${process.version}; p50 of each task\n`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

function zoneIndex(zone: string | undefined): number {
  return zone === undefined ? -1 : ['zone-a', 'zone-b', 'zone-c'].indexOf(zone);
}

/** The naive per-node filter over typed arrays: Ready and hinted for the node's zone. */
function typedArrayScan(ready: number[], zone: number[]) {
  const readyArr = Uint8Array.from(ready);
  const zoneArr = Int32Array.from(zone);
  const out = new Uint32Array(readyArr.length);
  return (queries: { zone: string }[]) => {
    let total = 0;
    for (const q of queries) {
      const z = zoneIndex(q.zone);
      let count = 0;
      for (let i = 0; i < readyArr.length; i++) if (readyArr[i] && zoneArr[i] === z) out[count++] = i;
      total += count;
    }
    return total;
  };
}
