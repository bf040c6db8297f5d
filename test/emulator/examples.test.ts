// Every example of examples/ through `tpe simulate` (and `tpe lint`, `tpe diff` where its README
// says so), as a user runs them: a child process. Expected results are worked out by hand from
// docs/rules.md and the emulator's documented scheduler (emulator/model/schedule.ts: zone with the
// fewest of the workload's pods first, then node, ties by name; DaemonSets on every node whose taints
// they tolerate) — not read back from the emulator.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Flow, SimulationReport } from '../../emulator/document.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function tpe(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'surfaces/cli/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function simulate(example: string, ...options: string[]): SimulationReport {
  const run = tpe(['simulate', '--json', ...options, `examples/${example}`]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as SimulationReport;
}

/** Each flow as `client → pod=share, …` (or its verdict), sorted: a readable picture of who reaches what. */
function picture(flows: readonly Flow[]): string[] {
  return flows
    .map((f) => {
      const client = f.from.pod ?? `${f.from.external ? 'external' : 'host'}@${f.from.node}`;
      const to =
        f.verdict === 'route'
          ? f.endpoints
              .map((e) => `${e.pod}=${Math.round(e.share * 1000) / 1000}`)
              .sort()
              .join(', ')
          : f.verdict;
      return `${client} → ${to}`;
    })
    .sort();
}

describe('examples/agent-itp-local: a DaemonSet agent behind internalTrafficPolicy: Local', () => {
  it('every web pod reaches the agent on its own node, and nothing leaves the node (docs/rules.md §3, §6)', () => {
    const r = simulate('agent-itp-local');
    // web-0/1/2 land one per zone: node-a, node-b, node-c; the agent runs on all three.
    expect(picture(r.flows)).toEqual([
      'shop/web-0 → monitoring/node-agent-node-a=1',
      'shop/web-1 → monitoring/node-agent-node-b=1',
      'shop/web-2 → monitoring/node-agent-node-c=1',
    ]);
    for (const f of r.flows) expect(f.endpoints[0]!.node).toBe(f.from.node);
    // 3 pods × 20 req/s × 8 KiB, all on the same node.
    expect(r.summary.bytesPerSecond).toEqual({ sameNode: 3 * 20 * 8192, sameZone: 0, crossZone: 0 });
    expect(r.summary.crossZoneCostPerMonth.usd).toBe(0);
  });

  it('lint finds nothing', () => {
    const run = tpe(['lint', '--fail-on', 'info', 'examples/agent-itp-local']);
    expect(run).toMatchObject({ code: 0, stdout: 'No findings.\n' });
  });
});

describe("examples/agent-itp-local-skipped-node: the DaemonSet does not tolerate node-c's taint", () => {
  it('the web pod on node-c is dropped: endpoints exist, none on its node (docs/rules.md §6, §11.5)', () => {
    const r = simulate('agent-itp-local-skipped-node');
    expect(picture(r.flows)).toEqual([
      'shop/web-0 → monitoring/node-agent-node-a=1',
      'shop/web-1 → monitoring/node-agent-node-b=1',
      'shop/web-2 → drop',
    ]);
    expect(r.flows.find((f) => f.verdict === 'drop')!.from.node).toBe('node-c');
    expect(r.summary).toMatchObject({
      route: 2,
      drop: 1,
      reject: 0,
      bytesPerSecond: { sameNode: 2 * 20 * 8192, sameZone: 0, crossZone: 0 },
    });
  });

  it('tpe lint --fail-on error exits 1 and names node-c', () => {
    const run = tpe(['lint', '--fail-on', 'error', 'examples/agent-itp-local-skipped-node']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('ERROR ITPLocalNoLocalEndpoint  Service monitoring/node-agent port otlp\n  nodes: node-c\n');
    const json = tpe(['lint', '--json', '--fail-on', 'ITPLocalNoLocalEndpoint', 'examples/agent-itp-local-skipped-node']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).findings).toEqual([
      expect.objectContaining({
        code: 'ITPLocalNoLocalEndpoint',
        severity: 'error',
        object: 'Service monitoring/node-agent',
        port: 'otlp',
        nodes: ['node-c'],
      }),
    ]);
  });
});

describe('examples/node-local-dns: a host-network cache per node, misses kept in-zone', () => {
  it("lookups stay on the node; misses go to the zone's CoreDNS (docs/rules.md §4, §5)", () => {
    const r = simulate('node-local-dns');
    // app-0 node-a1, app-1 node-b1, app-2 node-a2; coredns-0 node-a1 (cp-1 is tainted), coredns-1 node-b1;
    // the cache runs on all four nodes (it tolerates everything), with the node's address.
    expect(picture(r.flows)).toEqual([
      'default/app-0 → kube-system/node-local-dns-node-a1=1',
      'default/app-1 → kube-system/node-local-dns-node-b1=1',
      'default/app-2 → kube-system/node-local-dns-node-a2=1',
      'kube-system/node-local-dns-cp-1 → kube-system/coredns-0=1',
      'kube-system/node-local-dns-node-a1 → kube-system/coredns-0=1',
      'kube-system/node-local-dns-node-a2 → kube-system/coredns-0=1',
      'kube-system/node-local-dns-node-b1 → kube-system/coredns-1=1',
    ]);
    const lookups = r.flows.filter((f) => f.to.service === 'kube-system/node-local-dns');
    expect(lookups.map((f) => f.endpoints[0]!.endpoint).sort()).toEqual(['192.168.0.11:53', '192.168.0.12:53', '192.168.0.13:53']);
    const misses = r.flows.filter((f) => f.to.service === 'kube-system/kube-dns-upstream');
    expect(new Set(misses.map((f) => f.topologyMode))).toEqual(new Set(['PreferSameZone']));
    // Same node: 3 × 100 × 100 B lookups + the misses of node-a1 and node-b1 (2 × 10 × 100 B); same zone: cp-1's and node-a2's misses.
    expect(r.summary.bytesPerSecond).toEqual({ sameNode: 30000 + 2000, sameZone: 2000, crossZone: 0 });
    expect(r.hints).toEqual([
      expect.objectContaining({ service: 'kube-system/kube-dns-upstream', source: 'trafficDistribution', hinted: true }),
    ]);
  });
});

describe('examples/three-zone-web: Cluster vs PreferSameZone', () => {
  // api-0 node-a1, api-1 node-b1, api-2 node-c1, api-3 node-a2, api-4 node-b2; one frontend per node,
  // each 50 req/s × 16 KiB = 819,200 B/s.
  const perClient = 50 * 16384;

  it('without topology every frontend spreads over the five api pods', () => {
    const r = simulate('three-zone-web/cluster');
    expect(r.flows).toHaveLength(6);
    for (const f of r.flows) {
      expect(f.topologyMode).toBe('None');
      expect(f.endpoints.map((e) => e.share)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    }
    // Cross-zone share per client: 3/5 in zones a and b (4 clients), 4/5 in zone c (2 clients) → 4 clients' worth.
    expect(r.summary.bytesPerSecond).toEqual({ sameNode: perClient, sameZone: perClient, crossZone: 4 * perClient });
    // AWS: $0.01/GB in each direction, 30 days.
    expect(r.summary.crossZoneCostPerMonth.usd).toBeCloseTo(((4 * perClient * 30 * 86400) / 1e9) * 0.01 * 2, 6);
    expect(r.summary.endpointLoad).toMatchObject({ max: 60, mean: 60 });
  });

  it("PreferSameZone keeps each frontend in its zone; zone-c's single api pod takes both of its frontends", () => {
    const r = simulate('three-zone-web/prefer-same-zone');
    expect(picture(r.flows)).toEqual([
      'shop/frontend-0 → shop/api-0=0.5, shop/api-3=0.5',
      'shop/frontend-1 → shop/api-1=0.5, shop/api-4=0.5',
      'shop/frontend-2 → shop/api-2=1',
      'shop/frontend-3 → shop/api-0=0.5, shop/api-3=0.5',
      'shop/frontend-4 → shop/api-1=0.5, shop/api-4=0.5',
      'shop/frontend-5 → shop/api-2=1',
    ]);
    expect(r.summary.bytesPerSecond).toEqual({ sameNode: 3 * perClient, sameZone: 3 * perClient, crossZone: 0 });
    expect(r.summary.crossZoneCostPerMonth.usd).toBe(0);
    // 300 req/s over 5 endpoints: mean 60; api-2 takes zone-c's 100.
    expect(r.summary.endpointLoad).toMatchObject({ max: 100, mean: 60 });
  });

  it('tpe diff shows the six flows changing endpoints and the cost saved', () => {
    const run = tpe(['diff', '--json', 'examples/three-zone-web/cluster', 'examples/three-zone-web/prefer-same-zone']);
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout);
    expect(diff.flows).toEqual({ before: 6, after: 6, unchanged: 0, changed: 6, added: 0, removed: 0, complete: true });
    expect(new Set(diff.changes.map((c: { kind: string }) => c.kind))).toEqual(new Set(['endpoints']));
    expect(diff.summary.bytesPerSecond.crossZone).toEqual({ before: 4 * perClient, after: 0, delta: -4 * perClient });
    expect(diff.summary.crossZoneCostPerMonth.delta).toBeCloseTo(-((4 * perClient * 30 * 86400) / 1e9) * 0.02, 6);
    const text = tpe(['diff', 'examples/three-zone-web/cluster', 'examples/three-zone-web/prefer-same-zone']).stdout;
    expect(text).toMatch(/cross-zone cost\/month +│ +\$169\.87 │ +\$0\.00 │ +-\$169\.87 │/);
  });
});

describe('examples/etp-local-rollout: an ETP=Local load balancer while node-b is drained', () => {
  let r: SimulationReport;
  beforeAll(() => {
    r = simulate('etp-local-rollout');
  });

  it("steps at the events and when the drained pod's grace period ends", () => {
    expect(r.steps!.map((s) => s.atMs)).toEqual([0, 30000, 90000, 120000]);
  });

  it("external traffic uses only the entry node's pods; the in-cluster client is short-circuited to all (docs/rules.md §6)", () => {
    // storefront-0 node-a, storefront-1 node-b; checkout-0 node-a. 300 req/s over three entry nodes.
    expect(picture(r.steps![0]!.flows)).toEqual([
      'external@node-a → shop/storefront-0=1',
      'external@node-b → shop/storefront-1=1',
      'external@node-c → drop',
      'shop/checkout-0 → shop/storefront-0=0.5, shop/storefront-1=0.5',
    ]);
    expect(r.steps![0]!.flows.find((f) => f.from.pod === 'shop/checkout-0')!.shortCircuit).toBe(true);
  });

  it('after the drain node-b still serves through its terminating pod; the replacement lands on node-c (docs/rules.md §3.5)', () => {
    // Zone b has no schedulable node once node-b is cordoned: the replacement goes to zone-c.
    expect(picture(r.steps![1]!.flows)).toEqual([
      'external@node-a → shop/storefront-0=1',
      'external@node-b → shop/storefront-1=1',
      'external@node-c → shop/storefront-2=1',
      // Cluster semantics: Ready endpoints exist, so the terminating one is not used.
      'shop/checkout-0 → shop/storefront-0=0.5, shop/storefront-2=0.5',
    ]);
    expect(picture(r.steps![2]!.flows)).toContain('external@node-b → drop');
    // Scaled to 3: zone-a and zone-c have one each, zone-b none schedulable → node-a (ties by name).
    expect(picture(r.steps![3]!.flows)).toEqual([
      'external@node-a → shop/storefront-0=0.5, shop/storefront-3=0.5',
      'external@node-b → drop',
      'external@node-c → shop/storefront-2=1',
      'shop/checkout-0 → shop/storefront-0=0.333, shop/storefront-2=0.333, shop/storefront-3=0.333',
    ]);
  });

  it('tpe lint: node-b fails its health check at 30s while serving (docs/rules.md §7)', () => {
    const run = tpe(['lint', '--json', '--fail-on', 'HealthCheckFailsWhileServing', 'examples/etp-local-rollout']);
    expect(run.code).toBe(1);
    const { findings } = JSON.parse(run.stdout);
    expect(findings.find((f: { code: string }) => f.code === 'HealthCheckFailsWhileServing')).toMatchObject({
      nodes: ['node-b'],
      at: ['30s'],
    });
    expect(tpe(['lint', '--fail-on', 'error', 'examples/etp-local-rollout']).code).toBe(0);
  });

  it('the text report shows every step and what changed', () => {
    const text = tpe(['simulate', 'examples/etp-local-rollout']).stdout;
    expect(text).toContain('Fake clock: 4 steps');
    expect(text).toMatch(
      /At 1m30s \(pod shop\/storefront-1 gone \(grace period ended\)\): 1 flow changed\n.*\n.*\n.*\n│ shop\/storefront:http │ LB IP \(external\) │ route → drop │ node-b /,
    );
  });
});

describe("the README's emulator section", () => {
  it('shows the output the commands print today', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Emulator:'), readme.indexOf('\n## ', readme.indexOf('## Emulator:') + 1));
    const pasted = [...section.matchAll(/```\n\$ npx tpe ([^\n;]+)(?:; echo "exit \$\?")?\n([\s\S]*?)```/g)];
    expect(pasted.map((m) => m[1]!.split(' ')[0])).toEqual(['simulate', 'diff', 'lint', 'simulate', 'slices']);
    for (const [whole, command, output] of pasted) {
      const run = tpe(command!.split(' '));
      const shown = whole!.includes('; echo "exit $?"') ? `${run.stdout}exit ${run.code}\n` : run.stdout;
      // A line `…` in the pasted output stands for lines left out: the parts around it appear in order.
      const parts = output!.split(/^…\n/m);
      if (parts.length === 1) expect(shown, command).toBe(output);
      else {
        let from = 0;
        for (const part of parts) {
          const at = shown.indexOf(part, from);
          expect(at, `${command}: ${part.slice(0, 80)}`).toBeGreaterThanOrEqual(0);
          from = at + part.length;
        }
      }
    }
  });
});
