// `npm run bench:kube`: tpe serve --kubeconfig against the API server double in its own process
// (bench/kube-apiserver.ts) holding 5,000 nodes, 10,000 Services and 150,000 endpoints (one
// EndpointSlice per Service). tpe runs in this process, as `tpe serve` would, so its memory can be
// sampled:
//
//   first sync     from start to the first full list of all three kinds applied (/readyz ok), and
//                  the peak RSS and heap of this process meanwhile (sampled every 20 ms);
//   event → answer one MODIFIED EndpointSlice sent to the double until a decision against the store
//                  holds the new endpoint (p50/p99 of 200 events, one at a time);
//   picks under 1,000 events/s   HTTP picks one at a time for SECONDS, without events and then while
//                  the double sends 1,000 EndpointSlice events a second: p50/p99 of each.
//
//   NODES, SERVICES, PODS (environment) change the cluster; --seconds N each pick phase (default 5).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { loadEngine } from '../surfaces/node/index.js';
import { serve } from '../surfaces/node/serve.js';

const args = process.argv.slice(2);
const SERVICES = Number(process.env.SERVICES ?? 10000);
const SECONDS = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 5;

const child = fork(new URL('./kube-apiserver.ts', import.meta.url), { execArgv: ['--import', 'tsx'], env: process.env });
const [ready] = (await once(child, 'message')) as [{ kubeconfig: string; endpoints: number }];
console.log(`double ready: ${process.env.NODES ?? 5000} nodes, ${SERVICES} Services, ${ready.endpoints} endpoints`);

const engine = await loadEngine();
global.gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
// Every 20 ms while the event loop is free; the sync keeps it busy at times, so also once at the end.
const sampler = setInterval(sample, 20);
const t0 = performance.now();
const server = await serve({
  port: 0,
  host: '127.0.0.1',
  engine,
  kube: { kubeconfig: ready.kubeconfig },
  handleSignals: false,
  accessLog: false,
  log: () => undefined,
});
// Time spent applying batches (reading and validating the listed objects, building the snapshot).
let applyMs = 0;
const flush = server.kube!.live.flush.bind(server.kube!.live);
server.kube!.live.flush = () => {
  const start = performance.now();
  const update = flush();
  applyMs += performance.now() - start;
  return update;
};
await server.kube!.synced;
const syncMs = performance.now() - t0;
server.kube!.live.flush = flush;
clearInterval(sampler);
sample();
global.gc?.();
const after = process.memoryUsage();
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(
  `first sync: ${(syncMs / 1000).toFixed(2)} s (of which applying the lists: ${(applyMs / 1000).toFixed(2)} s); peak RSS ${mib(peakRss)} (${mib(base.rss)} before), peak heap ${mib(peakHeap)}; heap after GC ${mib(after.heapUsed)} (+${mib(after.heapUsed - base.heapUsed)})`,
);

const { store } = server;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const fmt = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(2)} ms, p99 ${quantile(xs, 0.99).toFixed(2)} ms (n=${xs.length})`;

// --- one EndpointSlice event → the new answer
const nodeName = 'node-0';
const decideFirst = (i: number) => {
  const cache = store.current.decisions;
  const t = cache.target(cache.service('shop', `svc-${i}`), undefined, undefined);
  return cache.decide(engine, t, cache.node(nodeName), false);
};
// When each watch event reached tpe's snapshot queue (after the client parsed it): splits the time
// into the wire (double, TLS, client) and tpe's own part (coalescing, apply, swap, decide).
let arrived = 0;
const live = server.kube!.live;
const push = live.push.bind(live);
live.push = (event) => {
  arrived = performance.now();
  push(event);
};
const latencies: number[] = [];
const tpePart: number[] = [];
for (let k = 0; k < 200; k++) {
  const i = 1 + ((k * 37) % (SERVICES - 1));
  const ip = `10.251.${k >> 8}.${k & 255}`;
  const start = performance.now();
  child.send({ type: 'modify', service: i, ip });
  for (;;) {
    await new Promise((r) => setImmediate(r));
    if (decideFirst(i).allReachableEndpoints.some((e) => e.startsWith(`${ip}:`))) break;
    if (performance.now() - start > 5000) throw new Error('event not applied within 5 s');
  }
  latencies.push(performance.now() - start);
  tpePart.push(performance.now() - arrived);
}
live.push = push;
console.log(`one EndpointSlice event → new answer: ${fmt(latencies)}; of which from its arrival at tpe's queue: ${fmt(tpePart)}`);

// --- picks with and without 1,000 events/s
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const url = new URL(`${server.url}/v1/services/shop/svc-0/pick?node=${nodeName}`);
const pick = () =>
  new Promise<number>((resolve, reject) => {
    const start = performance.now();
    request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`pick answered ${res.statusCode}`)),
      );
    })
      .on('error', reject)
      .end();
  });
const picksFor = async (ms: number) => {
  const out: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) out.push(await pick());
  return out;
};
await picksFor(500);
const quiet = await picksFor(SECONDS * 1000);
const revision = store.revision;
child.send({ type: 'rate', perSecond: 1000, seconds: SECONDS });
const busy = await picksFor(SECONDS * 1000);
const [done] = (await once(child, 'message')) as [{ sent: number }];
console.log(`picks, no events: ${fmt(quiet)}`);
console.log(
  `picks while 1,000 events/s: ${fmt(busy)}; ${done.sent} events sent, ${store.revision - revision} revisions (${(done.sent / (store.revision - revision)).toFixed(1)} events per batch)`,
);

child.send({ type: 'stop' });
agent.destroy();
await server.close();
