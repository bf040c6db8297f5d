// `npm run bench:envoy`: the Envoy filter (surfaces/envoy) in the proxy-wasm harness (test/proxy-wasm/host.ts).
//   sizes       the engine's .wasm, the filter's, and the SDK's minimal header filter (the README
//               example of @gcoredev/proxy-wasm-sdk-as, built -O3 with its WASI shim and the incremental runtime)
//   per request one stream through the harness: proxy_on_context_create, proxy_on_request_headers (the
//               :authority lookup, the decision, the pick, the header set or the local 503),
//               proxy_on_done, proxy_on_log, proxy_on_delete — host side included; p50 and p99
//   per update  proxy_on_http_call_response with a new image: validation, the engine's prepare and
//               decide for every Service port on this node, and the swap; p50 and p99
import { Bench } from 'tinybench';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileImage } from '../host/cluster/image.js';
import { snapshotFromObjects } from '../host/cluster/snapshot.js';
import { resolveEra } from '../host/engine/eras.js';
import { DEMO_CLUSTER } from '../host/cluster/demo.js';
import { loadEngine } from '../surfaces/node/index.js';
import { ProxyWasmHost } from '../test/proxy-wasm/host.js';
import { generateCluster } from './emulator-cluster.js';

const engine = await loadEngine();
const filter = readFileSync('dist/envoy/tpe-filter.wasm');
const era = resolveEra(undefined, undefined);

function sdkFilterSize(): number {
  const dir = mkdtempSync(join(tmpdir(), 'tpe-bench-sdk-'));
  try {
    const out = join(dir, 'add-header.wasm');
    execFileSync(process.execPath, [
      'node_modules/assemblyscript/bin/asc.js',
      'test/proxy-wasm/sdk-filter/add-header.ts',
      '--config',
      'node_modules/@assemblyscript/wasi-shim/asconfig.json',
      '--runtime',
      'incremental',
      '-O3',
      '--noAssert',
      '-o',
      out,
    ]);
    return statSync(out).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');
const us = (ns: number) => (ns / 1000).toFixed(2);

console.log('\nSizes');
console.table([
  { module: 'engine (dist/build/tpe.wasm)', bytes: fmt(statSync('dist/build/tpe.wasm').size) },
  { module: 'Envoy filter (dist/envoy/tpe-filter.wasm)', bytes: fmt(filter.length) },
  { module: 'SDK minimal header filter (@gcoredev/proxy-wasm-sdk-as, -O3)', bytes: fmt(sdkFilterSize()) },
]);

async function started(image: Uint8Array, node: string, fetch = false): Promise<ProxyWasmHost> {
  const config = fetch ? { node, fetch: { cluster: 'tpe' } } : { node, image: Buffer.from(image).toString('base64') };
  const host = await ProxyWasmHost.load(filter, { pluginConfiguration: JSON.stringify(config) });
  if (!host.start()) throw new Error(host.logs.map((l) => l.message).join('; '));
  return host;
}

const demo = snapshotFromObjects(DEMO_CLUSTER, era, 'demo');
const demoImage = compileImage(engine, demo, 'node-a1', 'internal');
const host = await started(demoImage, 'node-a1');
const requests = new Bench({ time: 1000, warmupTime: 200 });
let client = 0;
requests
  .add('route (shop/cart, uniform)', () => {
    host.request([[':authority', 'cart.shop.svc.cluster.local:80']]);
  })
  .add('route (shop/checkout, ClientIP affinity)', () => {
    host.request([[':authority', 'checkout.shop']], {
      properties: { 'source.address': `10.9.${(client >> 8) & 255}.${client++ & 255}:4000` },
    });
  })
  .add('drop → local 503 (node-agent from node-b2)', () => {
    dropHost.request([[':authority', 'node-agent.monitoring.svc.cluster.local:9100']]);
  })
  .add('unknown Service → pass through', () => {
    host.request([[':authority', 'example.com']]);
  });
const dropHost = await started(compileImage(engine, demo, 'node-b2', 'internal'), 'node-b2');
await requests.run();

console.log('\nPer request (one stream through the harness), µs');
console.table(
  requests.tasks.map((t) => {
    const r = t.result as unknown as { latency: { p50: number; p99: number; samplesCount: number } };
    return { request: t.name, p50: us(r.latency.p50 * 1e6), p99: us(r.latency.p99 * 1e6), samples: fmt(r.latency.samplesCount) };
  }),
);

/** An image update as the filter sees it: a fetch answered 200 with the image. */
async function updateBench(name: string, objects: readonly unknown[], node: string) {
  const snapshot = snapshotFromObjects(objects, era, name);
  const image = compileImage(engine, snapshot, node, 'internal');
  const h = await started(image, node, true);
  const bench = new Bench({ time: 1000, warmupTime: 100, iterations: 10 });
  bench.add(name, () => {
    h.tick();
    const [id] = h.pendingCalls.keys();
    h.respond(id!, { status: 200, body: image });
  });
  await bench.run();
  const r = bench.tasks[0]!.result as unknown as { latency: { p50: number; p99: number } };
  return {
    cluster: name,
    Services: fmt(snapshot.services.size),
    'image bytes': fmt(image.length),
    'p50 ms': r.latency.p50.toFixed(3),
    'p99 ms': r.latency.p99.toFixed(3),
  };
}

const mid = generateCluster({ nodes: 500, pods: 15_000, services: 1_000, largest: 250, largestCount: 10, small: 14, namespaces: 20 });
const sig = generateCluster();
console.log('\nPer snapshot update (fetch answered 200: validate, decide every port, swap)');
console.table([
  await updateBench('demo (6 nodes, 7 Services)', DEMO_CLUSTER, 'node-a1'),
  await updateBench('generated (500 nodes, 1,000 Services)', mid, 'node-00001'),
  await updateBench('SIG scale (5,000 nodes, 10,000 Services)', sig, 'node-00001'),
]);
