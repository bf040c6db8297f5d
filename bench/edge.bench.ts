// `npm run bench:edge`: the snapshot pick in Node, workerd, Deno and Bun, side by side under the same
// load. Each serves the same app on the same cluster — the bench:http pick scenario, one 100-endpoint
// Service in a 1,000-node snapshot, built into the edge bundles with --cluster — one runtime at a
// time on 127.0.0.1, with autocannon (in this process) on the other core:
//   saturation: 10 connections for --seconds (default 10): req/s, p50, p99
//   paced: 1,000 req/s on one connection: p50, p99, p99.9 (the latency of one request at a time)
// and the resident memory of the server after both. Then the sizes of the default bundles
// (dist/edge, the demo cluster built in), raw and gzipped.
import autocannon from 'autocannon';
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildEdge, EDGE_RUNTIMES, type EdgeBundle } from '../surfaces/edge/build.js';
import { freePort, startEdge, startProcess, type RunningEdge } from '../surfaces/edge/run.js';
import { nodesOf, scenario } from './scenario.js';

const args = process.argv.slice(2);
const SECONDS = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 10;
const RATE = 1000;
const HOST = '127.0.0.1';
const PICK_PATH = '/v1/services/shop/web/pick?node=node-1&client=10.9.8.7';

const dir = mkdtempSync(join(tmpdir(), 'tpe-bench-edge-'));
const clusterFile = join(dir, 'cluster.json');
const service = scenario(100, 1000);
writeFileSync(
  clusterFile,
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ...nodesOf(1000).map((n) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels } })),
      service.service,
      ...service.endpointSlices,
    ],
  }),
);

interface Run {
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
}

/** One autocannon run; latencies in µs from every 2xx response (autocannon's histogram has 1 ms steps). */
async function load(url: string, options: { connections: number; seconds: number; overallRate?: number }): Promise<Run> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const opts: autocannon.Options = { url: `${url}${PICK_PATH}`, connections: options.connections, duration: options.seconds };
    if (options.overallRate) opts.overallRate = options.overallRate;
    const instance = autocannon(opts, (error: unknown, r: autocannon.Result) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode < 300) latencies.push(responseTime * 1000);
    });
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    rps: latencies.length / options.seconds,
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

/** Every server answers the same pick before anything is timed. */
async function pickOf(server: RunningEdge): Promise<string> {
  const res = await fetch(`${server.url}${PICK_PATH}`);
  const body = (await res.json()) as { verdict?: string; service?: string; node?: string };
  if (res.status !== 200 || !res.headers.get('x-gateway-destination-endpoint'))
    throw new Error(`${server.runtime}: no pick: ${JSON.stringify(body)}`);
  return JSON.stringify({ verdict: body.verdict, service: body.service, node: body.node });
}

const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
const us = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(0)} µs`);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const kb = (b: number) => `${(b / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} kB`;
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.versions.node}`;

async function startNode(port: number): Promise<RunningEdge> {
  const script = new URL('./edge-node-server.ts', import.meta.url).pathname;
  return startProcess(
    'node',
    { command: process.execPath, args: ['--import', 'tsx', script, HOST, String(port), clusterFile], cwd: process.cwd() },
    HOST,
    port,
  );
}

async function measure(): Promise<string[]> {
  const benchBundles = join(dir, 'bundles');
  await buildEdge({ outDir: benchBundles, cluster: clusterFile });
  const rows: string[] = [];
  let expected: string | undefined;
  for (const runtime of ['node', ...EDGE_RUNTIMES] as const) {
    const port = await freePort(HOST);
    const server = runtime === 'node' ? await startNode(port) : await startEdge(runtime, benchBundles, HOST, port);
    try {
      const pick = await pickOf(server);
      if (expected !== undefined && pick !== expected) throw new Error(`${runtime} answered ${pick}, Node ${expected}`);
      expected = pick;
      await load(server.url, { connections: 10, seconds: 2 }); // JIT and caches warm
      const saturated = await load(server.url, { connections: 10, seconds: SECONDS });
      const paced = await load(server.url, { connections: 1, seconds: SECONDS, overallRate: RATE });
      if (saturated.errors || paced.errors) throw new Error(`${runtime}: ${saturated.errors + paced.errors} failed requests`);
      rows.push(
        `| ${runtime} | ${saturated.rps.toFixed(0)} | ${us(saturated.p50)} | ${us(saturated.p99)} | ${us(paced.p50)} | ${us(paced.p99)} | ${us(paced.p999)} | ${mib(rss(server.pid))} |`,
      );
      process.stderr.write(`measured ${runtime}\n`);
    } finally {
      await server.stop();
    }
  }
  return rows;
}

function sizeRows(bundles: EdgeBundle[]): string[] {
  return bundles.map((b) => {
    const files = b.files.filter((f) => /\.(js|wasm)$/.test(f.name));
    const raw = files.reduce((n, f) => n + f.bytes, 0);
    const gzip = files.reduce((n, f) => n + gzipSync(readFileSync(join(b.dir, f.name))).length, 0);
    return `| ${b.runtime} | ${files.map((f) => `\`${f.name}\` ${kb(f.bytes)}`).join(' + ')} | ${kb(raw)} | ${kb(gzip)} |`;
  });
}

try {
  const rows = await measure();
  const sizes = sizeRows(await buildEdge());
  process.stdout.write(
    [
      `tpe edge benchmark: ${machine}; GET …/pick (1,000-node snapshot), ${SECONDS} s per run, loopback, one server at a time.`,
      '',
      '| runtime | req/s (10 connections) | p50 | p99 | p50 at 1,000 req/s | p99 at 1,000 req/s | p99.9 at 1,000 req/s | RSS after |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      'Bundles of npm run build:edge (the demo cluster built in):',
      '',
      '| runtime | files | size | gzipped |',
      '|---|---|---:|---:|',
      ...sizes,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
