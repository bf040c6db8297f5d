// `tpe lint` above maxFlows: a generated cluster (bench/emulator-cluster.ts) whose flows outnumber
// the report's limit many times over. Lint reads the emulator's tally of every flow, not the listed
// ones, so every blackhole is found with all its nodes and the rules that read routed traffic still
// fire. Expected nodes are worked out from the generated objects and docs/rules.md (which nodes run
// clients, which host the Service's pods), never from the emulator's output.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { simulate } from '../../emulator/index.js';
import { collectFacts } from '../../emulator/lint/collect.js';
import type { LintFacts } from '../../emulator/lint/facts.js';
import { lint } from '../../emulator/lint/lint.js';
import type { LintFinding } from '../../emulator/lint/types.js';
import { generateCluster, policyOf, type ScaleOptions } from '../../bench/emulator-cluster.js';
import { loadsOf, outcomesOf } from './lint-builders.js';

const engine = await loadEngine();

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown> & { nodeName?: string };
}

/** Facts of the generated objects, read off the input: nodes, their zones, the pods of each app. */
function input(objects: readonly unknown[]) {
  const all = objects as Obj[];
  const nodes = all.filter((o) => o.kind === 'Node').map((o) => o.metadata.name);
  const zone = new Map(
    all.filter((o) => o.kind === 'Node').map((o) => [o.metadata.name, o.metadata.labels!['topology.kubernetes.io/zone']!]),
  );
  const pods = all.filter((o) => o.kind === 'Pod');
  /** Nodes running a pod of the app (a Service's pods carry app: <its name>; the rest app: client). */
  const nodesOf = (app: string) => new Set(pods.filter((p) => p.metadata.labels!.app === app).map((p) => p.spec.nodeName!));
  const service = (name: string) => all.find((o) => o.kind === 'Service' && o.metadata.name === name)!;
  return { nodes, zone, podNodes: new Set(pods.map((p) => p.spec.nodeName!)), nodesOf, service };
}

const sorted = (nodes: Iterable<string>) => [...nodes].sort();
const minus = (a: Iterable<string>, b: Set<string>) => sorted([...a].filter((n) => !b.has(n)));
const find = (findings: readonly LintFinding[], code: string, name?: string) =>
  findings.filter((f) => f.code === code && (name === undefined || f.object.endsWith(`/${name}`)));

describe('every ITP=Local blackhole, with all its nodes, above maxFlows (default traffic)', () => {
  // 200 nodes, 40 Services: every node runs a pod, so the default traffic is 200 × 40 = 8,000 flows,
  // and the 4 ITP=Local Services with 6 pods each drop about 4 × 194 of them — far above maxFlows 100.
  const options: ScaleOptions = { nodes: 200, pods: 1200, services: 40, largest: 6, largestCount: 0, small: 6, namespaces: 4 };
  const objects = generateCluster(options);
  const cluster = input(objects);
  const itpLocal = Array.from({ length: options.services }, (_, s) => s).filter((s) => policyOf(s) === 'itpLocal');

  it('the report lists at most maxFlows flows; lint still names every blackholed Service and every client node without a local pod (docs/rules.md §6, §11.5)', () => {
    const report = simulate(engine, objects, { maxFlows: 100 });
    expect(report.summary.flows).toBe(8000);
    expect(report.summary.drop).toBeGreaterThan(100);
    expect(report.flows).toHaveLength(100);

    const findings = find(lint(collectFacts(engine, objects, { maxFlows: 100 })).findings, 'ITPLocalNoLocalEndpoint');
    expect(itpLocal).toHaveLength(4);
    expect(findings.map((f) => f.object).sort()).toEqual(
      itpLocal.map((s) => `Service ns-0${s % 4}/svc-${String(s).padStart(5, '0')}`).sort(),
    );
    for (const s of itpLocal) {
      const name = `svc-${String(s).padStart(5, '0')}`;
      const dropped = minus(cluster.podNodes, cluster.nodesOf(name));
      const [finding] = find(findings, 'ITPLocalNoLocalEndpoint', name);
      expect(sorted(finding!.nodes!)).toEqual(dropped);
      // One flow per client node (the default traffic), 1 request/s each.
      expect(finding!.message).toContain(`(${dropped.length} flows, ${dropped.length} req/s)`);
    }
  });

  it('the report counts every flow in `outcomes`, and names every node of the dropped ones', () => {
    const report = simulate(engine, objects, { maxFlows: 100 });
    const total = report.outcomes!.reduce((n, o) => n + o.flows, 0);
    expect(total).toBe(8000);
    for (const s of itpLocal) {
      const name = `svc-${String(s).padStart(5, '0')}`;
      const drop = report.outcomes!.filter((o) => o.to.service.endsWith(`/${name}`) && o.verdict === 'drop');
      expect(drop.flatMap((o) => o.nodes!)).toEqual(minus(cluster.podNodes, cluster.nodesOf(name)));
    }
    expect(report.outcomes!.filter((o) => o.verdict === 'route').every((o) => o.nodes === undefined)).toBe(true);
  });
});

describe('the rules that read routed traffic fire above maxFlows', () => {
  // 30 nodes in 3 zones, 20 Services of 2 pods each (svc-00000 has 12), client pods everywhere; the
  // controller makes the slices (node hints for PreferSameNode). A Traffic from every client pod:
  const options: ScaleOptions = { nodes: 30, pods: 300, services: 20, largest: 12, largestCount: 1, small: 2, namespaces: 2 };
  // svc-00000 (12 pods) made PreferSameNode; svc-00005 ITP=Local; svc-00004, -11, -18 PreferClose;
  // svc-00006 and -19 LoadBalancers with ETP=Local.
  const objects: unknown[] = generateCluster(options);
  const cluster = input(objects);
  const name = (s: number) => `svc-${String(s).padStart(5, '0')}`;
  const key = (s: number) => `ns-0${s % 2}/${name(s)}`;
  cluster.service(name(0)).spec.trafficDistribution = 'PreferSameNode';
  // The node of svc-00000's first pod calls it at 100 req/s, on top of the client pods' 1 req/s each.
  const heavy = (objects as Obj[]).find((o) => o.kind === 'Pod' && o.metadata.name === `${name(0)}-0`)!.spec.nodeName!;
  const clients = { selector: { app: 'client' } };
  objects.push({
    apiVersion: 'tpe.dev/v1alpha1',
    kind: 'Traffic',
    metadata: { name: 'callers' },
    spec: {
      flows: [
        ...[5, 4, 11, 18, 0].map((s) => ({ from: clients, to: { service: key(s) } })),
        { from: { node: heavy }, to: { service: key(0) }, requestsPerSecond: 100 },
        { from: clients, to: { service: key(6), via: 'loadBalancer' } },
        { from: { external: true }, to: { service: key(19) } },
      ],
    },
  });
  const simulation = { generateSlices: true, maxFlows: 20 };
  const facts = collectFacts(engine, objects, simulation);
  const findings = lint(facts).findings;
  const clientNodes = cluster.nodesOf('client');

  it('the generated Services have the policies the Traffic counts on, and many more flows than maxFlows', () => {
    expect([5, 4, 11, 18, 6, 19].map(policyOf)).toEqual(['itpLocal', 'sameZone', 'sameZone', 'sameZone', 'etpLocal', 'etpLocal']);
    expect(simulate(engine, objects, simulation).summary.flows).toBeGreaterThan(50 * simulation.maxFlows);
  });

  it('PreferSameNodeNoLocalEndpoint: client nodes without a pod of the Service fall back (docs/rules.md §4)', () => {
    const [f] = find(findings, 'PreferSameNodeNoLocalEndpoint', name(0));
    expect(sorted(f!.nodes!)).toEqual(minus(clientNodes, cluster.nodesOf(name(0))));
  });

  it('TopologyNotApplied: clients in a zone with no endpoint get no topology (docs/rules.md §4, §11.1)', () => {
    for (const s of [4, 11, 18]) {
      const zones = new Set([...cluster.nodesOf(name(s))].map((n) => cluster.zone.get(n)));
      const expected = sorted([...clientNodes].filter((n) => !zones.has(cluster.zone.get(n))));
      const found = find(findings, 'TopologyNotApplied', name(s));
      if (expected.length === 0) expect(found).toEqual([]);
      else expect(sorted(found[0]!.nodes!)).toEqual(expected);
    }
    // Two pods cover at most two of the three zones: at least one Service must show it.
    expect(findings.filter((f) => f.code === 'TopologyNotApplied').length).toBeGreaterThan(0);
  });

  it("EndpointOverload: the pod on the heavy caller's node takes its 100 req/s and more (PreferSameNode keeps them on the node)", () => {
    // The other 11 pods share about 250 client req/s: well under half of the heavy pod's load.
    const [f] = find(findings, 'EndpointOverload', name(0));
    expect(f!.nodes).toEqual([heavy]);
    expect(Number(/takes ([\d.]+) req\/s/.exec(f!.message)![1])).toBeGreaterThanOrEqual(100);
  });

  it('LocalPolicyShortCircuit: every client pod calling the ETP=Local LB IP (docs/rules.md §6, §11.7)', () => {
    expect(sorted(find(findings, 'LocalPolicyShortCircuit', name(6))[0]!.nodes!)).toEqual(sorted(clientNodes));
  });

  it('ExternalLocalNoEndpoint and ITPLocalNoLocalEndpoint name every node concerned', () => {
    expect(find(findings, 'ExternalLocalNoEndpoint', name(19))[0]).toMatchObject({
      severity: 'info',
      nodes: minus(cluster.nodes, cluster.nodesOf(name(19))),
    });
    expect(sorted(find(findings, 'ITPLocalNoLocalEndpoint', name(5))[0]!.nodes!)).toEqual(minus(clientNodes, cluster.nodesOf(name(5))));
  });

  it('the findings are those of a report that lists every flow: the tally and the listing agree', () => {
    const full = simulate(engine, objects, { generateSlices: true, maxFlows: 1_000_000 });
    expect(full.flows).toHaveLength(full.summary.flows);
    const listed: LintFacts = {
      ...facts,
      states: facts.states.map((s) => ({ ...s, outcomes: outcomesOf(full.flows), endpointLoad: loadsOf(full.flows) })),
    };
    expect(lint(facts)).toEqual(lint(listed));
  });
});
