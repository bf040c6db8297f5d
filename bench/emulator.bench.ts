// `npm run bench:emulator`: the emulator at the SIG-scalability limits (bench/emulator-cluster.ts:
// 5,000 nodes in 3 zones, 150,000 pods, 10,000 Services, 250 endpoints for the largest), side by
// side with the naive per-node evaluation (engine.decide once per node and port). Measures:
//   ingest              parsed objects → the model (validation included), time and peak RSS
//   every node's view   one engine call per Service port (zone rows + special nodes), time and memory
//   one changed slice   applySlices on a 250-endpoint Service: read, convert, decide, re-index
//   flow verdicts/s     the default traffic (every node with a pod → every Service port) routed and tallied
// The naive figures are measured on a sample of ports × all 5,000 nodes and scaled to every port.
import { loadEngine } from '../surfaces/node/index.js';
import type { NodeModel } from '../host/objects/model.js';
import { Emulation } from '../emulator/index.js';
import { planTraffic } from '../emulator/traffic/plan.js';
import { routeFlows } from '../emulator/traffic/route.js';
import { Warnings } from '../host/cluster/warnings.js';
import { generateCluster, SIG_SCALE } from './emulator-cluster.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:emulator does)');
const MiB = 1024 * 1024;
const mem = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};
let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};
const ms = (t: number) => `${t >= 100 ? t.toFixed(0) : t.toFixed(1)} ms`;
const mib = (b: number) => `${(b / MiB).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const engine = await loadEngine();
let t = performance.now();
const objects = generateCluster(SIG_SCALE);
const generated = performance.now() - t;
const inputBytes = mem();
process.stderr.write(`generated ${objects.length} objects in ${ms(generated)}\n`);

// Stage times from the progress callback; memory measured (after a GC) at each stage boundary.
const stages = new Map<string, { start: number; end: number; cpuStart: number; cpuEnd: number; memStart: number; memEnd: number }>();
/** CPU time of the process in ms (all threads: GC helpers included): steadier than wall time on a shared machine. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let calls = 0;
const emulation = new Emulation(engine, objects, {
  onProgress: (done, total, stage) => {
    if (++calls % 512 === 0) sampleRss();
    let s = stages.get(stage);
    if (!s) {
      const memStart = mem();
      stages.set(stage, (s = { start: performance.now(), end: 0, cpuStart: cpu(), cpuEnd: 0, memStart, memEnd: 0 }));
    }
    if (done === total) {
      s.end = performance.now();
      s.cpuEnd = cpu();
      sampleRss();
      s.memEnd = mem();
    }
  },
});
const stage = (name: string) => stages.get(name)!;
const ingest = stage('ingest');
const views = stage('views');
const ports = emulation.views.ports();
process.stderr.write(`ingest ${ms(ingest.end - ingest.start)}, views ${ms(views.end - views.start)} for ${ports.length} ports\n`);

// Naive per-node evaluation: engine.decide(req, [node]) for every node, on a sample of ports.
const nodes: NodeModel[] = emulation.cluster.nodes.map((n) => ({
  name: n.name,
  labels: n.labels,
  zone: n.zone,
  controlPlane: n.controlPlane,
  allocatableMilliCPU: n.milliCPU,
  ready: n.ready,
  unschedulable: n.unschedulable,
  taints: n.taints,
}));
const queries = nodes.map((n) => ({ name: n.name, zone: n.zone }));
const SAMPLE = 100;
const sample = ports.filter((_, i) => i % Math.floor(ports.length / SAMPLE) === 0).slice(0, SAMPLE);
t = performance.now();
let c0 = cpu();
for (const view of sample) for (const node of nodes) engine.decide(view.req, [node]);
const naivePerPort = (performance.now() - t) / sample.length;
const naivePerPortCpu = (cpu() - c0) / sample.length;
t = performance.now();
for (const view of sample) engine.decideDetached(view.req, queries);
const batchAllNodesPerPort = (performance.now() - t) / sample.length;
process.stderr.write(`naive ${ms(naivePerPort)} per port (${nodes.length} nodes)\n`);

// One changed slice: the largest ITP=Local Service (every node hosting one of its 250 endpoints is special).
const target = ports.find((v) => v.req.endpoints.length === SIG_SCALE.largest && v.nodeDependent)!;
const rawSlices = objects.filter((o) => {
  const x = o as { kind: string; metadata: { namespace: string; labels?: Record<string, string> } };
  return x.kind === 'EndpointSlice' && `${x.metadata.namespace}/${x.metadata.labels?.['kubernetes.io/service-name']}` === target.serviceKey;
}) as Array<{ endpoints: Array<{ conditions: { ready: boolean; serving: boolean } }> }>;
const changeTimes: number[] = [];
const changeCpu: number[] = [];
for (let i = 0; i < 41; i++) {
  const flipped = structuredClone(rawSlices);
  const ep = flipped[0]!.endpoints[i % flipped[0]!.endpoints.length]!;
  ep.conditions = { ready: i % 2 === 1, serving: i % 2 === 1 };
  t = performance.now();
  const c = cpu();
  const { portsReevaluated } = emulation.applySlices(target.serviceKey, flipped);
  changeTimes.push(performance.now() - t);
  changeCpu.push(cpu() - c);
  if (portsReevaluated.length !== 1) throw new Error('the changed slice should re-evaluate exactly its port');
}
const changed = emulation.views.portsOf(target.serviceKey)[0]!;
t = performance.now();
c0 = cpu();
for (const node of nodes) engine.decide(changed.req, [node]);
const naiveChange = performance.now() - t;
const naiveChangeCpu = cpu() - c0;

// Flow verdicts: the default traffic, planned and routed.
t = performance.now();
const groups = planTraffic(null, emulation.cluster, emulation.views, 0, new Warnings());
const planned = performance.now() - t;
t = performance.now();
const c = cpu();
const tally = routeFlows(groups, emulation.cluster, 10_000);
const routed = performance.now() - t;
const routedCpu = cpu() - c;
sampleRss();
t = performance.now();
const report = emulation.route();
const fullRoute = performance.now() - t;
sampleRss();
const flowsPerSecond = tally.flows / (routed / 1000);
const naiveFlowsPerSecond = nodes.length / (naivePerPort / 1000);
const viewCpu = views.cpuEnd - views.cpuStart;

const rows = [
  [
    'ingest (objects → model, validated)',
    `${ms(ingest.end - ingest.start)} (cpu ${ms(ingest.cpuEnd - ingest.cpuStart)}), model ${mib(ingest.memEnd - ingest.memStart)}`,
    '—',
    '—',
    '—',
  ],
  [
    `every node's view (${ports.length} ports × ${nodes.length} nodes)`,
    `${ms(views.end - views.start)} (cpu ${ms(viewCpu)}), ${mib(views.memEnd - views.memStart)}`,
    `${((naivePerPort * ports.length) / 1000).toFixed(0)} s (cpu ${((naivePerPortCpu * ports.length) / 1000).toFixed(0)} s); engine batch over all nodes, no zone rows: ${((batchAllNodesPerPort * ports.length) / 1000).toFixed(1)} s`,
    `${((naivePerPortCpu * ports.length) / viewCpu).toFixed(0)}×`,
    '≤ 1 s, ≤ 1 GiB',
  ],
  [
    `one changed slice (${target.key}, ${target.req.endpoints.length} endpoints, ITP=Local)`,
    `${ms(median(changeTimes))} (cpu ${ms(median(changeCpu))}; median of ${changeTimes.length})`,
    `${ms(naiveChange)} (cpu ${ms(naiveChangeCpu)})`,
    `${(naiveChangeCpu / median(changeCpu)).toFixed(0)}×`,
    '≤ 10 ms',
  ],
  [
    `flow verdicts (default traffic: ${(tally.flows / 1e6).toFixed(1)}M flows)`,
    `${(flowsPerSecond / 1e6).toFixed(1)}M/s (${ms(routed)}, cpu ${ms(routedCpu)})`,
    `${(naiveFlowsPerSecond / 1e6).toFixed(2)}M/s (cpu ${(nodes.length / naivePerPortCpu / 1000).toFixed(2)}M/s)`,
    `${(tally.flows / routedCpu / (nodes.length / naivePerPortCpu)).toFixed(0)}×`,
    '≥ 1M/s',
  ],
];
console.log(
  `tpe emulator at SIG-scalability limits — ${nodes.length} nodes, ${emulation.cluster.podCount} pods, ${emulation.cluster.serviceCount} Services, largest ${SIG_SCALE.largest} endpoints; node ${process.version}`,
);
console.log(
  `input: ${objects.length} parsed objects (${mib(inputBytes)} of heap, generated in ${ms(generated)}); peak RSS ${mib(peakRss)}`,
);
console.log(
  `naive = engine.decide(req, [node]) once per node, measured on ${sample.length} ports × ${nodes.length} nodes and scaled to every port; ratios of CPU time`,
);
console.log('wall times, with CPU time (all threads of the process) beside them: the machine may be shared\n');
console.log('| measure | tpe emulator | naive per-node | ratio | goal |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(
  `\nplan ${ms(planned)}; route() end to end (plan, route, list ${report.flows.length} flows, summary) ${ms(fullRoute)}; ` +
    `verdicts: route ${report.summary.route}, drop ${report.summary.drop}, reject ${report.summary.reject}; cross-zone ${(report.summary.bytesPerSecond.crossZone / MiB).toFixed(1)} MiB/s = $${report.summary.crossZoneCostPerMonth.usd.toFixed(0)}/month`,
);
