// `npm run bench:edge`: the snapshot pick in Node, workerd, Deno and Bun, side by side under the same
// load. Each serves the same app on the same cluster — the bench:http pick scenario, one 100-endpoint
// Service in a 1,000-node snapshot, built into the edge bundles with --cluster — loaded one runtime
// at a time on 127.0.0.1, with autocannon (in this process) on the other core, in --rounds (default
// 3) rounds of each runtime in turn, each figure the median of its rounds:
//   saturation: 10 connections for --seconds (default 5): req/s, p50, p99
//   paced: 1,000 req/s on one connection: p50, p99, p99.9 (the latency of one request at a time)
// and the resident memory of each server at the end. Then the sizes of the default bundles
// (dist/edge, the demo cluster built in), raw and gzipped.
import autocannon from 'autocannon';
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildEdge, EDGE_RUNTIMES, type EdgeBundle } from '../surfaces/edge/build.js';
import { freePort, startEdge, startProcess, type RunningEdge } from '../surfaces/edge/run.js';
import { nodesOf, scenario } from './scenario.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const SECONDS = option('--seconds', 5);
const ROUNDS = option('--rounds', 3);
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * All four servers up at once (an idle one costs nothing), then ROUNDS rounds each measuring every
 * runtime in turn, so a change in the machine's load between runs (it is shared) falls on every
 * runtime alike; each figure is the median of its rounds.
 */
async function measure(): Promise<string[]> {
  const benchBundles = join(dir, 'bundles');
  await buildEdge({ outDir: benchBundles, cluster: clusterFile });
  const runtimes = ['node', ...EDGE_RUNTIMES] as const;
  const servers: RunningEdge[] = [];
  try {
    for (const runtime of runtimes) {
      const port = await freePort(HOST);
      servers.push(runtime === 'node' ? await startNode(port) : await startEdge(runtime, benchBundles, HOST, port));
    }
    const picks = await Promise.all(servers.map(pickOf));
    if (new Set(picks).size !== 1) throw new Error(`the runtimes answered differently: ${picks.join(' / ')}`);
    for (const server of servers) await load(server.url, { connections: 10, seconds: 2 }); // JIT and caches warm
    const runs = servers.map(() => ({ saturated: [] as Run[], paced: [] as Run[] }));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, server] of servers.entries()) {
        const saturated = await load(server.url, { connections: 10, seconds: SECONDS });
        const paced = await load(server.url, { connections: 1, seconds: SECONDS, overallRate: RATE });
        if (saturated.errors || paced.errors) throw new Error(`${server.runtime}: ${saturated.errors + paced.errors} failed requests`);
        runs[i]!.saturated.push(saturated);
        runs[i]!.paced.push(paced);
      }
      process.stderr.write(`round ${round}/${ROUNDS} done\n`);
    }
    return servers.map((server, i) => {
      const { saturated, paced } = runs[i]!;
      const m = (list: Run[], key: keyof Run) => median(list.map((r) => r[key]));
      return `| ${server.runtime} | ${m(saturated, 'rps').toFixed(0)} | ${us(m(saturated, 'p50'))} | ${us(m(saturated, 'p99'))} | ${us(m(paced, 'p50'))} | ${us(m(paced, 'p99'))} | ${us(m(paced, 'p999'))} | ${mib(rss(server.pid))} |`;
    });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

function sizeRows(bundles: EdgeBundle[]): string[] {
  return bundles.map((b) => {
    const files = b.files.filter((f) => /\.(js|wasm)$/.test(f.name));
    const raw = files.reduce((n, f) => n + f.bytes, 0);
    const gzip = files.reduce((n, f) => n + gzipSync(readFileSync(join(b.dir, f.name))).length, 0);
    return `| ${b.runtime} | ${files.map((f) => `\`${f.name}\` ${kb(f.bytes)}`).join(' + ')} | ${kb(raw)} | ${kb(gzip)} |`;
  });
}

const load0 = loadavg()[0]!.toFixed(1);
try {
  const rows = await measure();
  const sizes = sizeRows(await buildEdge());
  process.stdout.write(
    [
      `tpe edge benchmark: ${machine}; GET …/pick (1,000-node snapshot), loopback, one server loaded at a time; median of ${ROUNDS} rounds of ${SECONDS} s per figure; load average ${load0} at start, ${loadavg()[0]!.toFixed(1)} at end.`,
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
