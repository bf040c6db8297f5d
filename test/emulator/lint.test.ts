// `tpe lint`'s rules on hand-made facts: each rule firing where docs/rules.md says the risk exists,
// and staying quiet where it does not. Services are read by host/objects from manifests, as the
// emulator reads them; flows are written by hand with the verdicts docs/rules.md gives, and grouped
// into the outcomes and endpoint loads lint reads (lint-builders.ts).
import { describe, expect, it } from 'vitest';
import { readService } from '../../host/objects/service.js';
import { resolveEra } from '../../host/engine/eras.js';
import type { ServiceModel } from '../../host/objects/model.js';
import type { HealthCheckView, LintFacts, LintState } from '../../emulator/lint/facts.js';
import { gated, lint, LINT_CODES, parseFailOn, RULES } from '../../emulator/lint/lint.js';
import { renderLintText } from '../../emulator/lint/text.js';
import type { LintFinding } from '../../emulator/lint/types.js';
import type { Flow, HintReport, SimulationReport, Step } from '../../emulator/document.js';
import { ep, flow, report, summary } from './report-builders.js';
import { loadsOf, outcomesOf } from './lint-builders.js';

const era = resolveEra('1.35', undefined);

function service(name: string, spec: Record<string, unknown>, status?: Record<string, unknown>): ServiceModel {
  const [namespace, short] = name.split('/') as [string, string];
  const raw = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: short, namespace },
    spec: { ports: [{ name: 'http', port: 80 }], ...spec },
    ...(status ? { status } : {}),
  };
  return readService(raw, { minor: era.minor, gates: era.gates }).service;
}

/** The states lint reads, from a hand-made report: its flows (or every step's), the Services, the hints and the health checks given. */
function facts(
  r: SimulationReport,
  services: ServiceModel[],
  healthChecks: (at: string | null) => HealthCheckView[] = () => [],
): LintFacts {
  const byKey = new Map(services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const state = (at: string | null, flows: Flow[], hints: HintReport[] = r.hints ?? []): LintState => ({
    at,
    outcomes: outcomesOf(flows),
    endpointLoad: loadsOf(flows),
    services: byKey,
    hints,
    healthChecks: healthChecks(at),
  });
  const states = r.steps?.length ? r.steps.map((s) => state(s.at, s.flows, s.hints)) : [state(null, r.flows)];
  return { states, minor: era.minor };
}

const codes = (findings: readonly LintFinding[]) => findings.map((f) => f.code);
const only = (code: string, findings: readonly LintFinding[]) => findings.filter((f) => f.code === code);

const agentLocal = service('monitoring/agent', { clusterIP: '10.96.0.5', selector: { app: 'agent' }, internalTrafficPolicy: 'Local' });
const agentCluster = service('monitoring/agent', { clusterIP: '10.96.0.5', selector: { app: 'agent' } });
const toAgent = (node: string, routed: boolean): Flow =>
  flow({
    pod: `shop/web-${node}`,
    node,
    service: 'monitoring/agent',
    rps: 5,
    ...(routed ? { endpoints: [ep(`10.0.${node.length}.1:4317`, node, 1)] } : { verdict: 'drop' }),
  });

describe('ITPLocalNoLocalEndpoint', () => {
  it('names the nodes whose clients are dropped under internalTrafficPolicy: Local (docs/rules.md §6)', () => {
    const r = report([toAgent('node-a1', true), toAgent('node-b1', true), toAgent('node-c1', false), toAgent('node-c2', false)]);
    const found = only('ITPLocalNoLocalEndpoint', lint(facts(r, [agentLocal])).findings);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', object: 'Service monitoring/agent', port: 'http', nodes: ['node-c1', 'node-c2'] });
    expect(found[0]!.message).toContain('2 flows, 10 req/s');
  });
  it('stays quiet when every client node has an endpoint', () => {
    const r = report([toAgent('node-a1', true), toAgent('node-b1', true)]);
    expect(lint(facts(r, [agentLocal])).findings).toEqual([]);
  });
  it('does not blame internalTrafficPolicy for a drop when the Service is Cluster', () => {
    const r = report([toAgent('node-c1', false)]);
    expect(codes(lint(facts(r, [agentCluster])).findings)).not.toContain('ITPLocalNoLocalEndpoint');
  });
  it("ignores external drops (those are externalTrafficPolicy's)", () => {
    const r = report([flow({ node: 'node-c1', external: true, service: 'monitoring/agent', verdict: 'drop' })]);
    expect(codes(lint(facts(r, [agentLocal])).findings)).not.toContain('ITPLocalNoLocalEndpoint');
  });
  it('with events, says at which steps and names the nodes of every step', () => {
    const steps: Step[] = [
      { atMs: 0, at: '0s', events: [], flows: [toAgent('node-a1', true), toAgent('node-b1', true)], summary: summary() },
      {
        atMs: 60000,
        at: '60s',
        events: ['node node-b1 down'],
        flows: [toAgent('node-a1', true), toAgent('node-b1', false)],
        summary: summary(),
      },
      {
        atMs: 90000,
        at: '90s',
        events: ['node node-a1 down'],
        flows: [toAgent('node-a1', false), toAgent('node-b1', false)],
        summary: summary(),
      },
    ];
    const found = only('ITPLocalNoLocalEndpoint', lint(facts(report([], { steps }), [agentLocal])).findings);
    expect(found).toEqual([expect.objectContaining({ nodes: ['node-a1', 'node-b1'], at: ['60s', '90s'] })]);
  });
});

describe('NoEndpoints', () => {
  it("fires on rejected flows (no usable endpoint anywhere, docs/rules.md §6) and names the clients' nodes", () => {
    const r = report([flow({ pod: 'p/c', node: 'node-a1', service: 'shop/cart', verdict: 'reject' }), toAgent('node-a1', true)]);
    const found = lint(facts(r, [agentLocal])).findings;
    expect(found).toEqual([
      expect.objectContaining({ code: 'NoEndpoints', severity: 'error', object: 'Service shop/cart', nodes: ['node-a1'] }),
    ]);
  });
});

const lb = service(
  'shop/storefront',
  {
    type: 'LoadBalancer',
    clusterIP: '10.96.1.1',
    selector: { app: 'sf' },
    externalTrafficPolicy: 'Local',
    ports: [{ name: 'http', port: 80, nodePort: 30080 }],
  },
  { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
);

describe('HealthCheckFailsWhileServing', () => {
  const view = (node: string, localReady: number, serving: boolean): HealthCheckView => ({
    service: 'shop/storefront',
    node,
    localReady,
    serving,
  });

  it('names the nodes serving only terminating pods: health check 503 while traffic still flows (docs/rules.md §7)', () => {
    const f = facts(report([]), [lb], () => [view('node-a', 1, true), view('node-b', 0, true), view('node-c', 0, false)]);
    const found = only('HealthCheckFailsWhileServing', lint(f).findings);
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', object: 'Service shop/storefront', nodes: ['node-b'] })]);
    expect(found[0]!.message).not.toContain('No node passes');
  });
  it('says when no node passes the health check at all', () => {
    const f = facts(report([]), [lb], () => [view('node-a', 0, true), view('node-b', 0, false)]);
    expect(only('HealthCheckFailsWhileServing', lint(f).findings)[0]!.message).toContain('No node passes the health check');
  });
  it('is quiet when every serving node has a Ready local endpoint, and for nodes that serve nothing', () => {
    const f = facts(report([]), [lb], () => [view('node-a', 1, true), view('node-b', 2, true), view('node-c', 0, false)]);
    expect(codes(lint(f).findings)).not.toContain('HealthCheckFailsWhileServing');
  });
  it('reports the steps at which it shows', () => {
    const steps: Step[] = ['0s', '30s', '90s'].map((at, i) => ({ atMs: i, at, events: [], flows: [], summary: summary() }));
    const f = facts(report([], { steps }), [lb], (at) => (at === '30s' ? [view('node-b', 0, true)] : [view('node-b', 1, true)]));
    expect(only('HealthCheckFailsWhileServing', lint(f).findings)).toEqual([expect.objectContaining({ nodes: ['node-b'], at: ['30s'] })]);
  });
});

describe('ExternalLocalNoEndpoint', () => {
  const np = service('shop/web', { type: 'NodePort', clusterIP: '10.96.1.2', selector: { app: 'web' }, externalTrafficPolicy: 'Local' });
  const drop = (svc: string, node: string) => flow({ node, external: true, service: svc, verdict: 'drop' });

  it('is info behind a load balancer (its health check keeps traffic away) and a warning for a NodePort Service', () => {
    const r = report([drop('shop/storefront', 'node-c'), drop('shop/web', 'node-c'), drop('shop/web', 'node-d')]);
    const found = only('ExternalLocalNoEndpoint', lint(facts(r, [lb, np])).findings);
    expect(found.map((f) => [f.object, f.severity, f.nodes])).toEqual([
      ['Service shop/web', 'warning', ['node-c', 'node-d']],
      ['Service shop/storefront', 'info', ['node-c']],
    ]);
  });
  it('does not fire under externalTrafficPolicy: Cluster', () => {
    const cluster = service('shop/web', { type: 'NodePort', clusterIP: '10.96.1.2', selector: { app: 'web' } });
    const r = report([drop('shop/web', 'node-c')]);
    expect(codes(lint(facts(r, [cluster])).findings)).not.toContain('ExternalLocalNoEndpoint');
  });
});

const withoutNoClients = (findings: readonly LintFinding[]) => findings.filter((f) => f.code !== 'NoClients');

describe('ExternalTrafficPolicyIgnored', () => {
  it('fires for a LoadBalancer without node ports whose IP is not assigned yet (docs/rules.md §11.6)', () => {
    const pending = service('shop/pending', {
      type: 'LoadBalancer',
      clusterIP: '10.96.1.3',
      selector: { app: 'x' },
      externalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: false,
    });
    // No flow at all: NoClients (info) is reported too, and left out here.
    expect(withoutNoClients(lint(facts(report([]), [pending])).findings)).toEqual([
      expect.objectContaining({ code: 'ExternalTrafficPolicyIgnored', object: 'Service shop/pending', port: 'http' }),
    ]);
  });
  it('is quiet once the load balancer has an IP, or with node ports', () => {
    const assigned = service(
      'shop/a',
      {
        type: 'LoadBalancer',
        clusterIP: '10.96.1.4',
        selector: { app: 'x' },
        externalTrafficPolicy: 'Local',
        allocateLoadBalancerNodePorts: false,
      },
      { loadBalancer: { ingress: [{ ip: '203.0.113.11' }] } },
    );
    expect(withoutNoClients(lint(facts(report([]), [assigned, lb])).findings)).toEqual([]);
  });
  it('counts an ingress in Proxy mode as no VIP (1.29+)', () => {
    const proxied = service(
      'shop/p',
      {
        type: 'LoadBalancer',
        clusterIP: '10.96.1.5',
        selector: { app: 'x' },
        externalTrafficPolicy: 'Local',
        allocateLoadBalancerNodePorts: false,
      },
      { loadBalancer: { ingress: [{ ip: '203.0.113.12', ipMode: 'Proxy' }] } },
    );
    expect(codes(withoutNoClients(lint(facts(report([]), [proxied])).findings))).toEqual(['ExternalTrafficPolicyIgnored']);
  });
});

describe('hints and topology', () => {
  const hint = (over: Partial<HintReport>): HintReport => ({
    service: 'shop/api',
    source: 'annotation',
    hinted: true,
    safeguard: null,
    message: 'hinted',
    ...over,
  });
  const api = service('shop/api', { clusterIP: '10.96.2.1', selector: { app: 'api' }, trafficDistribution: 'PreferSameZone' });
  const apiNode = service('shop/api', { clusterIP: '10.96.2.1', selector: { app: 'api' }, trafficDistribution: 'PreferSameNode' });
  const call = (node: string, mode: Flow['topologyMode']) =>
    flow({ pod: `shop/fe-${node}`, node, service: 'shop/api', topologyMode: mode, endpoints: [ep('10.0.0.1:80', 'node-a1', 1)] });

  it("HintsDisabledBySafeguard carries the controller's safeguard and message", () => {
    const r = report([], {
      hints: [hint({ hinted: false, safeguard: 'TooFewEndpoints', message: '2 endpoints, 3 zones' }), hint({ service: 'shop/ok' })],
    });
    expect(lint(facts(r, [])).findings).toEqual([
      expect.objectContaining({ code: 'HintsDisabledBySafeguard', severity: 'warning', object: 'Service shop/api' }),
    ]);
    expect(lint(facts(r, [])).findings[0]!.message).toContain('(safeguard TooFewEndpoints)');
    expect(lint(facts(r, [])).findings[0]!.message).toContain('2 endpoints, 3 zones');
  });

  it('HintsDisabledBySafeguard at the step where a safeguard fired (e.g. after zoneDown)', () => {
    const steps: Step[] = [
      { atMs: 0, at: '0s', events: [], flows: [], summary: summary(), hints: [hint({})] },
      {
        atMs: 60000,
        at: '60s',
        events: ['zone zone-b down'],
        flows: [],
        summary: summary(),
        hints: [hint({ hinted: false, safeguard: 'NodesInOneZone', message: 'one zone left' })],
      },
    ];
    expect(lint(facts(report([], { steps }), [])).findings).toEqual([
      expect.objectContaining({ code: 'HintsDisabledBySafeguard', at: ['60s'] }),
    ]);
  });

  it('PreferSameNodeNoLocalEndpoint names nodes where kube-proxy fell back from PreferSameNode', () => {
    const r = report([call('node-a1', 'PreferSameNode'), call('node-a2', 'PreferSameZone'), call('node-b1', 'None')]);
    const found = lint(facts(r, [apiNode])).findings;
    expect(found).toEqual([expect.objectContaining({ code: 'PreferSameNodeNoLocalEndpoint', nodes: ['node-a2', 'node-b1'] })]);
    expect(found[0]!.message).toContain('None / PreferSameZone');
  });
  it('PreferSameNodeNoLocalEndpoint is quiet when every client node got PreferSameNode', () => {
    expect(lint(facts(report([call('node-a1', 'PreferSameNode')]), [apiNode])).findings).toEqual([]);
  });

  it('TopologyNotApplied names nodes without topology when the Service asked for same-zone routing', () => {
    const r = report([call('node-a1', 'PreferSameZone'), call('node-c1', 'None')], { hints: [hint({ source: 'trafficDistribution' })] });
    expect(lint(facts(r, [api])).findings).toEqual([expect.objectContaining({ code: 'TopologyNotApplied', nodes: ['node-c1'] })]);
  });
  it('TopologyNotApplied is quiet for Services that asked for nothing, and leaves safeguards to their own code', () => {
    const plain = service('shop/api', { clusterIP: '10.96.2.1', selector: { app: 'api' } });
    expect(lint(facts(report([call('node-c1', 'None')]), [plain])).findings).toEqual([]);
    const r = report([call('node-c1', 'None')], { hints: [hint({ hinted: false, safeguard: 'NodesInOneZone' })] });
    expect(codes(lint(facts(r, [api])).findings)).toEqual(['HintsDisabledBySafeguard']);
  });
});

describe('EndpointOverload', () => {
  it('fires when the busiest endpoint takes at least twice the mean and names its node', () => {
    // 30 + 5 + 5 req/s over three endpoints: mean 13.33, busiest 30 = 2.25×.
    const r = report([
      flow({ pod: 'p/a', node: 'node-a1', service: 's/x', rps: 30, endpoints: [ep('10.0.0.1:80', 'node-a1', 1)] }),
      flow({ pod: 'p/b', node: 'node-b1', service: 's/x', rps: 5, endpoints: [ep('10.0.0.2:80', 'node-b1', 1)] }),
      flow({ pod: 'p/c', node: 'node-c1', service: 's/x', rps: 5, endpoints: [ep('10.0.0.3:80', 'node-c1', 1)] }),
    ]);
    const found = lint(facts(r, [])).findings;
    expect(found).toEqual([expect.objectContaining({ code: 'EndpointOverload', nodes: ['node-a1'] })]);
    expect(found[0]!.message).toContain(
      'Endpoint 10.0.0.1:80 takes 30 req/s, 2.25× the mean of the 3 endpoints that get traffic (13.33 req/s)',
    );
  });
  it('is quiet below twice the mean, and with a single endpoint', () => {
    const r = report([
      flow({ pod: 'p/a', node: 'node-a1', service: 's/x', rps: 19, endpoints: [ep('10.0.0.1:80', 'node-a1', 1)] }),
      flow({ pod: 'p/b', node: 'node-b1', service: 's/x', rps: 11, endpoints: [ep('10.0.0.2:80', 'node-b1', 1)] }),
      flow({ pod: 'p/c', node: 'node-c1', service: 's/y', rps: 100, endpoints: [ep('10.0.0.3:80', 'node-c1', 1)] }),
    ]);
    expect(lint(facts(r, [])).findings).toEqual([]);
  });
});

describe('LocalPolicyShortCircuit', () => {
  it('notes pods whose LB-IP traffic got Cluster semantics (docs/rules.md §6)', () => {
    const r = report([
      flow({
        pod: 'shop/checkout-0',
        node: 'node-a',
        service: 'shop/storefront',
        traffic: 'external',
        via: 'loadBalancer',
        shortCircuit: true,
        endpoints: [ep('10.0.0.1:80', 'node-a', 0.5), ep('10.0.0.2:80', 'node-b', 0.5)],
      }),
    ]);
    expect(lint(facts(r, [lb])).findings).toEqual([
      expect.objectContaining({ code: 'LocalPolicyShortCircuit', severity: 'info', nodes: ['node-a'] }),
    ]);
  });
});

describe('lint as a whole', () => {
  const r = report(
    [
      toAgent('node-c1', false),
      flow({
        pod: 'shop/checkout-0',
        node: 'node-a',
        service: 'shop/storefront',
        traffic: 'external',
        via: 'loadBalancer',
        shortCircuit: true,
        endpoints: [ep('10.0.0.1:80', 'node-a', 1)],
      }),
    ],
    {
      hints: [{ service: 'shop/api', source: 'annotation', hinted: false, safeguard: 'NodesInOneZone', message: 'one zone' }],
    },
  );
  const result = lint(facts(r, [agentLocal, lb]));

  it('sorts findings most severe first and counts them', () => {
    expect(result.findings.map((f) => f.severity)).toEqual(['error', 'warning', 'info']);
    expect(result.counts).toEqual({ error: 1, warning: 1, info: 1 });
  });
  it('--fail-on: a severity gates on it and worse; a code gates on that code only', () => {
    expect(gated(result, [parseFailOn('error')!]).map((f) => f.code)).toEqual(['ITPLocalNoLocalEndpoint']);
    expect(gated(result, [parseFailOn('warning')!])).toHaveLength(2);
    expect(gated(result, [parseFailOn('info')!])).toHaveLength(3);
    expect(gated(result, [parseFailOn('HintsDisabledBySafeguard')!]).map((f) => f.code)).toEqual(['HintsDisabledBySafeguard']);
    expect(gated(result, [parseFailOn('NoEndpoints')!])).toEqual([]);
    expect(parseFailOn('fatal')).toBeNull();
  });
  it('every code is documented in docs/lint.md and reported by one rule', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../docs/lint.md', import.meta.url), 'utf8');
    for (const code of LINT_CODES) expect(doc).toContain(`### \`${code}\``);
    expect(new Set(LINT_CODES).size).toBe(RULES.length);
  });
  it('text names the nodes and links the docs', () => {
    const text = renderLintText(result);
    expect(text).toContain('ERROR ITPLocalNoLocalEndpoint  Service monitoring/agent port http\n  nodes: node-c1\n');
    expect(text).toContain('docs/lint.md#itplocalnolocalendpoint');
    expect(text).toMatch(/3 findings: 1 error, 1 warning, 1 info\n$/);
    expect(renderLintText(lint(facts(report([]), [])))).toBe('No findings.\n');
  });
});

describe('lint over a real simulation (collectFacts)', () => {
  // One LoadBalancer pod on node-a, terminated at 10s with a 30s grace period and nothing to replace
  // it (a bare Pod). Worked out from docs/rules.md: at 10s node-a still routes external traffic to
  // the serving terminating pod (§3.5) but its health check counts Ready endpoints only (§7): 503,
  // and no node passes; at 40s the pod is gone and every client is rejected (§6).
  const node = (name: string, zone: string) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } },
    status: { allocatable: { cpu: '4' }, conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const objects = [
    node('node-a', 'zone-a'),
    node('node-b', 'zone-b'),
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sf-0', namespace: 'shop', labels: { app: 'sf' } },
      spec: { nodeName: 'node-a', containers: [{ name: 'sf', ports: [{ name: 'http', containerPort: 8080 }] }] },
      status: { phase: 'Running', podIP: '10.1.0.5', conditions: [{ type: 'Ready', status: 'True' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'sf', namespace: 'shop' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.9',
        selector: { app: 'sf' },
        externalTrafficPolicy: 'Local',
        ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }],
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } },
    },
    {
      apiVersion: 'tpe.dev/v1alpha1',
      kind: 'Traffic',
      metadata: { name: 't' },
      spec: {
        flows: [{ from: { external: true }, to: { service: 'shop/sf', port: 'http', via: 'loadBalancer' } }],
        events: [{ at: '10s', terminatePod: { pod: 'shop/sf-0', gracePeriodSeconds: 30 } }],
      },
    },
  ];

  it('health checks per step, and the findings of each step', async () => {
    const { loadEngine } = await import('../../surfaces/node/index.js');
    const { collectFacts } = await import('../../emulator/lint/collect.js');
    const collected = collectFacts(await loadEngine(), objects);
    expect(collected.states.map((s) => s.at)).toEqual(['0s', '10s', '40s']);
    expect(collected.states.map((s) => s.healthChecks.map((h) => `${h.node}:${h.localReady}:${h.serving}`))).toEqual([
      ['node-a:1:true', 'node-b:0:false'],
      ['node-a:0:true', 'node-b:0:false'],
      ['node-a:0:false', 'node-b:0:false'],
    ]);
    const findings = lint(collected).findings;
    expect(findings.find((f) => f.code === 'HealthCheckFailsWhileServing')).toMatchObject({ nodes: ['node-a'], at: ['10s'] });
    expect(findings.find((f) => f.code === 'HealthCheckFailsWhileServing')!.message).toContain('No node passes the health check');
    expect(findings.find((f) => f.code === 'NoEndpoints')).toMatchObject({ nodes: ['node-a', 'node-b'], at: ['40s'] });
    expect(findings.find((f) => f.code === 'ExternalLocalNoEndpoint')).toMatchObject({
      severity: 'info',
      nodes: ['node-b'],
      at: ['0s', '10s'],
    });
  });
});
