// `npm run bench:http`: the decision service over loopback (autocannon), each route side by side with a
// bare Hono route that parses the same input and answers a constant (bench/http-server.ts). tpe runs
// as `npm start` runs it — node dist/surfaces/cli/cli.js serve, access log on (to a file) — and
// each server in its own process, so the load generator has the other core:
//
//   POST /v1/categorize   a 100-endpoint Service (bench/scenario.ts) from one node, JSON body
//   GET  .../pick         the same Service in a snapshot of 1,000 nodes (tpe serve --cluster)
//
// For each: saturation throughput (10 connections) with p50/p99, the ratio tpe ÷ bare, the server's
// CPU time per request (user + system, from /proc/PID/stat: what the server spent, whatever the
// loopback and the load generator did meanwhile), and latency at a fixed 1,000 req/s (one connection: autocannon sends each second's 1,000 requests back to back and
// then waits, so this is the latency of one request at a time, GC pauses included). Latencies are
// taken from every response at microsecond resolution (autocannon's own histogram has 1 ms steps).
//
// Then the price of each middleware feature on the pick: tpe (bench/tpe-server.ts) with every feature
// on, and with each of the access log, request id, metrics and time limit off in turn — req/s and
// CPU per request, the feature's cost being the CPU it adds.
//
//   npm run bench:http -- --soak          10 minutes at 1,000 req/s against tpe (categorize and pick
//                                         alternating): RSS at start (after a 30 s warm-up) and end
//   npm run bench:http -- --snapshot-under-load
//                                         picks on one connection, back to back, while a 15 MiB YAML
//                                         dump and then a 15 MiB JSON dump are PUT to /v1/snapshot:
//                                         pick latency p50/p99/max during each PUT, and peak RSS
//   --seconds N                           length of each throughput run (default 10)
//   --no-middleware                       skip the price of each middleware feature
//   --soak-minutes N                      length of the soak (default 10)
import autocannon from 'autocannon';
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterDump } from './dump.js';
import { nodesOf, scenario } from './scenario.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const SECONDS = option('--seconds', 10);
const SOAK_MINUTES = option('--soak-minutes', 10);
const RATE = 1000;

// --- inputs: one 100-endpoint Service, from one node (categorize) or in a 1,000-node snapshot (pick)
const service = scenario(100, 1000);
const nodes = nodesOf(1000);
const categorizeBody = JSON.stringify({ ...service, node: nodes[1] });
const dir = mkdtempSync(join(tmpdir(), 'tpe-bench-'));
// In a directory of its own: tpe watches the file's directory, and the servers' logs are written to \`dir\`.
mkdirSync(join(dir, 'cluster'));
const clusterFile = join(dir, 'cluster', 'cluster.json');
writeFileSync(
  clusterFile,
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ...nodes.map((n) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels } })),
      service.service,
      ...service.endpointSlices,
    ],
  }),
);
const PICK_PATH = '/v1/services/shop/web/pick?node=node-1&client=10.9.8.7';

interface Server {
  url: string;
  child: ChildProcess;
}

/** `tpe`: as `npm start` runs it; `bare`: bench/http-server.ts; a list: tpe-server.ts without those features. */
async function startServer(
  mode: 'tpe' | 'bare' | readonly string[],
  cluster = clusterFile,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Server> {
  if (mode === 'bare') {
    const child = fork(new URL('./http-server.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    return { url: `http://127.0.0.1:${(JSON.parse(line.toString()) as { port: number }).port}`, child };
  }
  // The access log and the start-up lines go to a file, as a container runtime would take them.
  const log = join(dir, `tpe-${Date.now()}.log`);
  const cli = new URL('../dist/surfaces/cli/cli.js', import.meta.url).pathname;
  const ablation = new URL('./tpe-server.ts', import.meta.url).pathname;
  const argv =
    mode === 'tpe'
      ? [cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--cluster', cluster]
      : ['--import', 'tsx', ablation, '--cluster', cluster, '--without', mode.join(',')];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', openSync(log, 'a')], env });
  for (;;) {
    const listening = /tpe listening on (http:\/\/\S+)/.exec(readFileSync(log, 'utf8'));
    if (listening) return { url: listening[1]!, child };
    if (child.exitCode !== null) throw new Error(`tpe serve exited: ${readFileSync(log, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopServer(server: Server): Promise<void> {
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  await exited;
}

/** The server's resident memory (or, with VmHWM, its peak so far), from /proc (Linux). */
function rss(server: Server, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1];
  return Number(kib) * 1024;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The server's CPU time so far (user + system), in µs, from /proc (Linux). */
function cpuMicros(server: Server): number {
  const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1e6;
}

interface Route {
  name: string;
  request: autocannon.Request;
}

const ROUTES: Route[] = [
  {
    name: 'POST /v1/categorize (100 endpoints)',
    request: { method: 'POST', path: '/v1/categorize', headers: { 'content-type': 'application/json' }, body: categorizeBody },
  },
  { name: 'GET /v1/services/…/pick (1,000-node snapshot)', request: { method: 'GET', path: PICK_PATH } },
];

interface Run {
  rps: number;
  /** Server CPU µs per answered request. */
  cpu: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
}

/** One autocannon run; latencies in µs from every 2xx response. */
async function load(
  server: Server,
  requests: autocannon.Request[],
  options: { connections: number; seconds: number; overallRate?: number },
): Promise<Run> {
  const { url } = server;
  const latencies: number[] = [];
  const cpuBefore = cpuMicros(server);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const opts: autocannon.Options = { url, requests, connections: options.connections, duration: options.seconds };
    if (options.overallRate) opts.overallRate = options.overallRate;
    const instance = autocannon(opts, (error: unknown, r: autocannon.Result) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode < 300) latencies.push(responseTime * 1000);
    });
  });
  const cpu = (cpuMicros(server) - cpuBefore) / Math.max(1, latencies.length);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    rps: latencies.length / options.seconds,
    cpu,
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

/** tpe answers every route correctly before anything is timed. */
async function checkTpe(tpe: Server): Promise<void> {
  const categorize = await fetch(`${tpe.url}/v1/categorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: categorizeBody,
  });
  const result = (await categorize.json()) as { internal?: { verdict: string; endpoints: string[] } };
  if (categorize.status !== 200 || result.internal?.verdict !== 'route' || result.internal.endpoints.length === 0)
    throw new Error(`categorize did not route: ${JSON.stringify(result).slice(0, 300)}`);
  const pick = await fetch(`${tpe.url}${PICK_PATH}`);
  if (pick.status !== 200 || !pick.headers.get('x-gateway-destination-endpoint'))
    throw new Error(`pick did not answer an endpoint: ${await pick.text()}`);
}

async function checkBare(bare: Server): Promise<void> {
  for (const route of ROUTES) {
    const { method, headers, body } = route.request;
    const res = await fetch(`${bare.url}${route.request.path}`, {
      method,
      headers: headers as Record<string, string>,
      body: body as string | undefined,
    });
    if (res.status !== 200) throw new Error(`bare ${route.name}: ${res.status}`);
  }
}

const us = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : x >= 10 ? `${x.toFixed(0)} µs` : `${x.toFixed(1)} µs`);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.versions.node}`;

async function compare(): Promise<void> {
  const tpe = await startServer('tpe');
  const bare = await startServer('bare');
  try {
    await checkTpe(tpe);
    await checkBare(bare);
    const rows: string[] = [];
    for (const route of ROUTES) {
      // Warm both servers (JIT, caches) before measuring.
      for (const s of [tpe, bare]) await load(s, [route.request], { connections: 10, seconds: 2 });
      const saturated = {
        tpe: await load(tpe, [route.request], { connections: 10, seconds: SECONDS }),
        bare: await load(bare, [route.request], { connections: 10, seconds: SECONDS }),
      };
      const paced = {
        tpe: await load(tpe, [route.request], { connections: 1, seconds: SECONDS, overallRate: RATE }),
        bare: await load(bare, [route.request], { connections: 1, seconds: SECONDS, overallRate: RATE }),
      };
      for (const run of [...Object.values(saturated), ...Object.values(paced)])
        if (run.errors) throw new Error(`${route.name}: ${run.errors} failed requests`);
      rows.push(
        `| ${route.name} | tpe | ${saturated.tpe.rps.toFixed(0)} | ${us(saturated.tpe.p50)} | ${us(saturated.tpe.p99)} | ${(saturated.tpe.rps / saturated.bare.rps).toFixed(2)}× | ${us(saturated.tpe.cpu)} | ${us(paced.tpe.p50)} | ${us(paced.tpe.p99)} | ${us(paced.tpe.p999)} |`,
        `| | bare Hono | ${saturated.bare.rps.toFixed(0)} | ${us(saturated.bare.p50)} | ${us(saturated.bare.p99)} | 1× | ${us(saturated.bare.cpu)} | ${us(paced.bare.p50)} | ${us(paced.bare.p99)} | ${us(paced.bare.p999)} |`,
      );
      process.stderr.write(`measured ${route.name}\n`);
    }
    process.stdout.write(
      [
        `tpe HTTP benchmark: ${machine}; ${SECONDS} s per run, loopback, server and autocannon in separate processes.`,
        '',
        '| route | server | req/s (10 connections) | p50 | p99 | ratio | server CPU per request | p50 at 1,000 req/s | p99 at 1,000 req/s | p99.9 at 1,000 req/s |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await stopServer(tpe);
    await stopServer(bare);
  }
}

/**
 * The pick with every middleware feature on, and with each one off: the cost of a feature is the
 * server CPU per request it adds. Runs alternate (all on, one off, all on, the next off, …) so a
 * change in the machine's load shows in the all-on runs.
 */
async function middlewarePrices(): Promise<void> {
  const pick = ROUTES[1]!.request;
  const features = ['accessLog', 'requestId', 'metrics', 'timeLimit'];
  const rows: string[] = [];
  const measure = async (without: string[]) => {
    const server = await startServer(without);
    try {
      await load(server, [pick], { connections: 10, seconds: 2 });
      return await load(server, [pick], { connections: 10, seconds: SECONDS });
    } finally {
      await stopServer(server);
    }
  };
  const baseline: Run[] = [];
  for (const feature of [...features, 'all']) {
    const on = await measure([]);
    baseline.push(on);
    const off = await measure(feature === 'all' ? features : [feature]);
    rows.push(
      `| ${feature === 'all' ? 'all four' : feature} | ${on.rps.toFixed(0)} | ${us(on.cpu)} | ${off.rps.toFixed(0)} | ${us(off.cpu)} | ${us(on.cpu - off.cpu)} |`,
    );
    process.stderr.write(`priced ${feature}\n`);
  }
  process.stdout.write(
    [
      `The price of each middleware feature on GET …/pick (tpe-server.ts, 10 connections, ${SECONDS} s per run; each "off" run beside an "all on" run):`,
      '',
      '| feature off | req/s all on | CPU per request all on | req/s without it | CPU per request without it | its cost per request |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
}

async function soak(): Promise<void> {
  const tpe = await startServer('tpe');
  try {
    await checkTpe(tpe);
    const requests = ROUTES.map((r) => r.request);
    await load(tpe, requests, { connections: 1, seconds: 30, overallRate: RATE });
    const start = rss(tpe);
    const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
    process.stderr.write(`soak: warm-up done, RSS ${mib(start)}; ${SOAK_MINUTES} min at ${RATE} req/s\n`);
    const runs: Run[] = [];
    const samples = [start];
    for (let minute = 1; minute <= SOAK_MINUTES; minute++) {
      runs.push(await load(tpe, requests, { connections: 1, seconds: 60, overallRate: RATE }));
      samples.push(rss(tpe));
      process.stderr.write(
        `soak: minute ${minute}: ${runs.at(-1)!.rps.toFixed(0)} req/s, p99 ${us(runs.at(-1)!.p99)}, RSS ${mib(samples.at(-1)!)}\n`,
      );
    }
    const end = samples.at(-1)!;
    const total = runs.reduce((n, r) => n + r.rps * 60, 0);
    const errors = runs.reduce((n, r) => n + r.errors, 0);
    const worstP99 = Math.max(...runs.map((r) => r.p99));
    process.stdout.write(
      [
        `tpe HTTP soak: ${machine}; ${SOAK_MINUTES} min at ${RATE} req/s (categorize and pick alternating) after a 30 s warm-up.`,
        '',
        '| requests | failed | p50 | worst minute p99 | RSS start | RSS end | drift | RSS min … max |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|',
        `| ${total.toFixed(0)} | ${errors} | ${us(runs[Math.floor(runs.length / 2)]!.p50)} | ${us(worstP99)} | ${mib(start)} | ${mib(end)} | ${(((end - start) / start) * 100).toFixed(1)}% | ${mib(Math.min(...samples))} … ${mib(Math.max(...samples))} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await stopServer(tpe);
  }
}

/**
 * Pick latency while big dumps are PUT: the server starts on the JSON dump (so the picked Service is
 * in every snapshot), then one client picks back to back while another PUTs the YAML dump, then the
 * JSON one. Each PUT's row has the picks answered during it and the server's peak RSS after it.
 */
async function snapshotUnderLoad(): Promise<void> {
  const size = 15 * 1024 * 1024;
  const dumps = (['yaml', 'json'] as const).map((format) => ({ format, ...clusterDump(size, format) }));
  const jsonFile = join(dir, 'dump.json');
  writeFileSync(jsonFile, dumps[1]!.text);
  // A 15 MiB YAML dump takes longer to read than the default 10 s request limit on a busy machine.
  const tpe = await startServer('tpe', jsonFile, { ...process.env, TPE_REQUEST_TIMEOUT_MS: '60000' });
  const pickPath = '/v1/services/shop/svc-1/pick?node=node-1';
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
  try {
    const first = await fetch(`${tpe.url}${pickPath}`);
    if (first.status !== 200) throw new Error(`pick did not answer: ${await first.text()}`);
    await first.arrayBuffer();
    const idle = rss(tpe);
    const rows: string[] = [];
    for (const dump of dumps) {
      const latencies: number[] = [];
      let done = false;
      const started = performance.now();
      const putting = fetch(`${tpe.url}/v1/snapshot`, {
        method: 'PUT',
        body: dump.text,
        headers: { 'content-type': dump.format === 'yaml' ? 'application/yaml' : 'application/json' },
      }).then(async (r) => {
        const body = await r.text();
        done = true;
        if (r.status !== 200) throw new Error(`PUT ${dump.format}: ${r.status} ${body.slice(0, 300)}`);
        return performance.now() - started;
      });
      let failed = 0;
      while (!done) {
        const t0 = performance.now();
        const res = await fetch(`${tpe.url}${pickPath}`);
        await res.arrayBuffer();
        if (res.status !== 200) failed += 1;
        if (!done) latencies.push((performance.now() - t0) * 1000);
      }
      const putMs = await putting;
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
      rows.push(
        `| ${dump.format.toUpperCase()} | ${(dump.text.length / 1024 / 1024).toFixed(1)} MiB (${dump.services} Services, 200 Nodes) | ${(putMs / 1000).toFixed(1)} s | ${latencies.length} | ${failed} | ${us(at(0.5))} | ${us(at(0.99))} | ${us(latencies.at(-1) ?? NaN)} | ${mib(rss(tpe, 'VmHWM'))} | ${mib(rss(tpe))} |`,
      );
      process.stderr.write(`measured PUT ${dump.format}\n`);
    }
    process.stdout.write(
      [
        `tpe snapshot under load: ${machine}; picks back to back on one connection while each dump is PUT; RSS idle ${mib(idle)}.`,
        '',
        '| dump | size | PUT took | picks during it | failed | p50 | p99 | max | peak RSS so far | RSS after |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await stopServer(tpe);
  }
}

try {
  if (args.includes('--snapshot-under-load')) await snapshotUnderLoad();
  else if (args.includes('--soak')) await soak();
  else {
    await compare();
    if (!args.includes('--no-middleware')) await middlewarePrices();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
