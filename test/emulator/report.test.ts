// The renderers of `tpe simulate` (text tables, CSV) on hand-made reports: every figure below is
// worked out by hand from the flows given, not read back from the renderer.
import { describe, expect, it } from 'vitest';
import { renderText } from '../../emulator/report/text.js';
import { renderCsv, CSV_COLUMNS } from '../../emulator/report/csv.js';
import { groupFlows } from '../../emulator/text/flows.js';
import { compactNames, formatBytes, formatUsd, landing } from '../../emulator/text/format.js';
import type { Step } from '../../emulator/document.js';
import { ep, flow, report, summary } from './report-builders.js';

describe('compactNames', () => {
  it('folds numbered names into ranges and keeps the others', () => {
    expect(compactNames(['node-3', 'node-1', 'node-2', 'node-7', 'db'])).toBe('db, node-[1-3,7]');
  });
  it('keeps zero padding and does not mix padded with unpadded names', () => {
    expect(compactNames(['n-01', 'n-02', 'n-03', 'n-1'])).toBe('n-1, n-[01-03]');
  });
  it('names one numbered node as itself and dedupes', () => {
    expect(compactNames(['node-a1', 'node-a1'])).toBe('node-a1');
  });
  it('shows a few names or ranges and counts the names left out', () => {
    expect(compactNames(['a', 'b', 'c', 'd', 'e', 'f'], 2)).toBe('a, b, … (+4 more)');
    expect(compactNames(['n-1', 'n-3', 'n-5', 'n-6', 'n-9'], 2)).toBe('n-[1,3,…] (+3 more)');
  });
  it('folds 5,000 node names into one group', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `ip-10-0-${i}`);
    expect(compactNames(names)).toBe('ip-10-0-[0-4999]');
  });
});

describe('formatting', () => {
  it('binary byte units with one decimal below 100', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MiB');
    expect(formatBytes(150 * 1024)).toBe('150 KiB');
  });
  it('dollars with cents and thousands', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(-3)).toBe('-$3.00');
  });
});

describe("landing: where one flow's bytes go", () => {
  it("splits by the endpoint's node and zone relative to the source", () => {
    // 2 req/s × 1 KiB = 2048 B/s: half to node-a1 itself, a quarter to node-a2 (same zone), a quarter to zone-b.
    const f = flow({
      pod: 'p/c',
      node: 'node-a1',
      service: 's/x',
      rps: 2,
      endpoints: [ep('1:1', 'node-a1', 0.5), ep('2:1', 'node-a2', 0.25), ep('3:1', 'node-b1', 0.25)],
    });
    expect(landing(f)).toEqual({ sameNode: 1024, sameZone: 512, crossZone: 512, unknownZone: 0 });
  });
  it('counts an endpoint of unknown zone as zone unknown (never same- or cross-zone) and nothing for a dropped flow', () => {
    const unknown = flow({
      node: 'node-a1',
      service: 's/x',
      endpoints: [{ endpoint: '1:1', pod: null, node: null, zone: null, share: 1 }],
    });
    expect(landing(unknown)).toEqual({ sameNode: 0, sameZone: 0, crossZone: 0, unknownZone: 1024 });
    expect(landing(flow({ node: 'node-a1', service: 's/x', verdict: 'drop' }))).toEqual({
      sameNode: 0,
      sameZone: 0,
      crossZone: 0,
      unknownZone: 0,
    });
  });
  it('counts traffic between nodes without a zone label (a kind or minikube cluster) as zone unknown, as the summary does', () => {
    const unlabelled = flow({
      node: 'node-a1',
      service: 's/x',
      endpoints: [{ endpoint: '1:1', pod: null, node: 'worker2', zone: '', share: 1 }],
    });
    unlabelled.from.zone = '';
    expect(landing(unlabelled)).toEqual({ sameNode: 0, sameZone: 0, crossZone: 0, unknownZone: 1024 });
  });
});

describe('groupFlows', () => {
  it('one group per Service port, address and verdict, problems first', () => {
    const flows = [
      flow({ pod: 'p/c1', node: 'node-a1', service: 's/x', endpoints: [ep('1:1', 'node-a1', 1)] }),
      flow({ pod: 'p/c2', node: 'node-a2', service: 's/x', endpoints: [ep('1:1', 'node-a1', 1)] }),
      flow({ pod: 'p/c3', node: 'node-b1', service: 's/x', verdict: 'drop' }),
      flow({ node: 'node-b1', external: true, service: 's/x', endpoints: [ep('2:1', 'node-b1', 1)] }),
    ];
    const groups = groupFlows(flows);
    expect(groups.map((g) => [g.verdict, g.via, g.nodes, g.flows])).toEqual([
      ['drop', 'clusterIP', ['node-b1'], 1],
      ['route', 'clusterIP', ['node-a1', 'node-a2'], 2],
      ['route', 'nodePort', ['node-b1'], 1],
    ]);
    expect(groups[1]!.pods).toBe(2);
    expect(groups[2]!.pods).toBe(0);
  });

  it('5,000 nodes print a handful of lines', () => {
    const flows = Array.from({ length: 5000 }, (_, i) => {
      const node = `node-a${i}`;
      return i % 10 === 0
        ? flow({ pod: `p/c${i}`, node, service: 's/x', verdict: 'drop' })
        : flow({ pod: `p/c${i}`, node, service: 's/x', endpoints: [ep('1:1', 'node-a0', 1)] });
    });
    const text = renderText(report(flows));
    const flowSection = text.split('\n\n')[1]!;
    // Title, underline, 3 border lines, header, 2 rows, the drop legend.
    expect(flowSection.split('\n')).toHaveLength(9);
    // 500 dropping nodes (every tenth) are 500 ranges of one: six shown, 494 counted.
    expect(flowSection).toContain('│ node-a[0,10,20,30,40,50,…] (+494 more) ');
    expect(flowSection).toContain('│ node-a[1-9,11-19,21-29,31-39,41-49,51-59,…] (+4,446 more) │');
  });
});

describe('renderText', () => {
  const flows = [
    flow({
      pod: 'shop/web-1',
      node: 'node-a1',
      service: 'shop/cart',
      rps: 4,
      endpoints: [ep('10.0.1.5:8080', 'node-a1', 0.5, 'shop/cart-1'), ep('10.0.2.5:8080', 'node-b1', 0.5, 'shop/cart-2')],
    }),
    flow({ pod: 'shop/web-2', node: 'node-c1', service: 'shop/cart', rps: 4, verdict: 'drop' }),
  ];
  // 4 req/s × 1 KiB: 2 KiB/s stay on node-a1, 2 KiB/s go to zone-b.
  const r = report(
    flows,
    {
      meta: { seed: 7, kubernetesVersion: '1.35', nodes: 3, pods: 4, services: 1, zones: ['zone-a', 'zone-b', 'zone-c'] },
      hints: [
        {
          service: 'shop/cart',
          source: 'annotation',
          hinted: false,
          safeguard: 'TooFewEndpoints',
          message: 'two endpoints cannot cover three zones',
        },
        { service: 'shop/other', source: 'none', hinted: false, safeguard: null, message: 'no hints asked for' },
      ],
      warnings: [{ code: 'DefaultedNodeCPU', object: 'Node node-c1', message: 'status.allocatable.cpu is missing' }],
    },
    {
      bytesPerSecond: { sameNode: 2048, sameZone: 0, crossZone: 2048 },
      zoneMatrix: { 'zone-a→zone-a': 2048, 'zone-a→zone-b': 2048 },
      crossZoneCostPerMonth: {
        usd: 0.1,
        pricePerGiB: 0.0107,
        billedBothDirections: true,
        provider: 'aws',
        quoted: { usd: 0.01, per: 'GB', source: 'aws.amazon.com/ec2/pricing/on-demand' },
      },
      endpointLoad: { max: 2, mean: 2, busiest: '10.0.1.5:8080' },
    },
  );
  const text = renderText(r);

  it('says what was simulated', () => {
    expect(text).toMatch(/^tpe simulate — 3 nodes in 3 zones \(zone-a, zone-b, zone-c\), 4 pods, 1 Service\nKubernetes 1\.35 · seed 7\n/);
  });
  it('lists flows by verdict with their landing split', () => {
    expect(text).toContain('Flows: 2 — route 1, drop 1, reject 0');
    expect(text).toMatch(/shop\/cart:http +│ ClusterIP +│ drop +│ node-c1 +│ +1 │ +4 │ – /);
    expect(text).toMatch(/shop\/cart:http +│ ClusterIP +│ route +│ node-a1 +│ +1 │ +4 │ same node 50%, cross-zone 50% +│ 2 \(None\)/);
    expect(text).toContain('drop: the Service has endpoints, but a Local policy left none on the source node');
  });
  it('prints the split, the zone matrix with a dot for no traffic, and the cost with its price and source', () => {
    expect(text).toMatch(/same node +│ +2 KiB\/s │ +50% │/);
    expect(text).toMatch(/zone-a +│ +2 KiB\/s │ +2 KiB\/s │/);
    expect(text).toContain('Cross-zone cost: $0.10 per month');
    // 2048 B/s × 2,592,000 s = 4.94 GiB.
    expect(text).toContain(
      '4.94 GiB/month cross-zone (2 KiB/s for 30 days) at $0.01/GB (aws), billed on both the sending and the receiving side.',
    );
    expect(text).toContain('Price source: aws.amazon.com/ec2/pricing/on-demand');
  });
  it('names the safeguard that removed hints, skips Services that asked for none, lists warnings', () => {
    expect(text).toMatch(/shop\/cart +│ topology annotation │ no +│ TooFewEndpoints │/);
    expect(text).not.toContain('shop/other');
    expect(text).toMatch(/DefaultedNodeCPU │ Node node-c1 │ status\.allocatable\.cpu is missing/);
  });
  it('above --max-flows, makes its rows of the outcomes (every flow counted), routed ones included, and says what they lack', () => {
    const outcomes = [
      {
        to: { service: 's/x', port: 'http' },
        traffic: 'internal' as const,
        via: 'clusterIP' as const,
        verdict: 'route' as const,
        topologyMode: 'None' as const,
        flows: 19999,
        requestsPerSecond: 19999,
      },
      {
        to: { service: 's/x', port: 'http' },
        traffic: 'internal' as const,
        via: 'clusterIP' as const,
        verdict: 'drop' as const,
        topologyMode: 'None' as const,
        flows: 1,
        requestsPerSecond: 1,
        nodes: ['node-a1'],
      },
    ];
    const out = renderText(
      report(
        [flow({ pod: 'p/c', node: 'node-a1', service: 's/x', port: 'http', verdict: 'drop' })],
        { outcomes },
        { flows: 20000, route: 19999, drop: 1 },
      ),
    );
    expect(out).toMatch(/s\/x:http +│ ClusterIP │ drop +│ node-a1 +│ +1 │/);
    expect(out).toMatch(/s\/x:http +│ ClusterIP │ route +│ \(not listed\) +│ +19,999 │ +19,999 │/);
    expect(out).toContain('20,000 flows, more than --max-flows: rows count every flow');
    expect(text).not.toContain('more than --max-flows');
  });
  it('says "no flows" only when there is none, not when none was listed', () => {
    const out = renderText(
      report(
        [],
        {
          outcomes: [
            {
              to: { service: 's/x', port: 'http' },
              traffic: 'internal',
              via: 'clusterIP',
              verdict: 'route',
              topologyMode: 'None',
              flows: 5,
              requestsPerSecond: 5,
            },
          ],
        },
        { flows: 5, route: 5 },
      ),
    );
    expect(out).not.toContain('No flows');
    expect(renderText(report([], {}, { flows: 0, route: 0 }))).toContain('No flows: the cluster has no client');
  });

  it('the endpoint load table says how many endpoints it leaves out', () => {
    // 7 endpoints, one flow each at 7, 6, … 1 req/s: the top 5 are shown, 2 are not.
    const flows = [1, 2, 3, 4, 5, 6, 7].map((i) =>
      flow({ node: 'node-a', service: 'shop/web', rps: i, endpoints: [ep(`10.0.0.${i}:8080`, 'node-a', 1)] }),
    );
    const text = renderText(report(flows, {}, { endpointLoad: { max: 7, mean: 4, busiest: '10.0.0.7:8080' } }));
    expect(text).toContain('The 5 busiest of 7 endpoints with traffic; 2 more not shown.');
    expect(text).toMatch(/10\.0\.0\.3:8080 .*│ +3 │/);
    expect(text).not.toMatch(/10\.0\.0\.2:8080/);
  });

  it('no flows: says whether Services are missing or clients are', () => {
    const meta = (services: number) => ({ meta: { seed: 0, kubernetesVersion: '1.35', nodes: 2, pods: 0, services, zones: [] } });
    expect(renderText(report([], meta(0), { flows: 0, route: 0 }))).toContain('No flows: the cluster has no Service to send to.');
    expect(renderText(report([], meta(2), { flows: 0, route: 0 }))).toContain(
      'No flows: the cluster has 2 Services but no client calls them (no pod runs that could call one, and no Traffic flow names one).',
    );
  });

  it('prints no steps section without events', () => {
    expect(text).not.toContain('Fake clock');
  });
  it('without the quoted price, gives the price per GiB', () => {
    const { quoted: _quoted, ...perGiB } = r.summary.crossZoneCostPerMonth;
    const out = renderText({ ...r, summary: { ...r.summary, crossZoneCostPerMonth: perGiB } });
    expect(out).toContain('at $0.01/GiB (aws), billed on both');
    expect(out).not.toContain('Price source');
  });

  it('prints every step and what changed at it', () => {
    const before = flow({ pod: 'shop/web-1', node: 'node-a1', service: 'shop/cart', endpoints: [ep('10.0.1.5:8080', 'node-a1', 1)] });
    const after = { ...before, verdict: 'drop' as const, endpoints: [] };
    const steps: Step[] = [
      { atMs: 0, at: '0s', events: [], flows: [before], summary: summary({ flows: 1, route: 1 }) },
      { atMs: 60000, at: '60s', events: ['pod shop/cart-1 deleted'], flows: [after], summary: summary({ flows: 1, drop: 1 }) },
    ];
    const out = renderText(report([before], { steps }));
    expect(out).toContain('Fake clock: 2 steps');
    expect(out).toMatch(/│ 0s +│ \(start\) +│ +1 │ +0 │/);
    expect(out).toMatch(/│ 60s +│ pod shop\/cart-1 deleted +│ +0 │ +1 │/);
    expect(out).toContain('At 60s (pod shop/cart-1 deleted): 1 flow changed');
    expect(out).toMatch(/shop\/cart:http +│ ClusterIP +│ route → drop +│ node-a1 +│ +1 │ +1 → 0 │/);
  });

  it('says when the controller re-decided hints at a step', () => {
    const f = flow({ pod: 'shop/web-1', node: 'node-a1', service: 'shop/cart', endpoints: [ep('10.0.1.5:8080', 'node-a1', 1)] });
    const steps: Step[] = [
      { atMs: 0, at: '0s', events: [], flows: [f], summary: summary() },
      {
        atMs: 60000,
        at: '60s',
        events: ['zone zone-b down'],
        flows: [f],
        summary: summary(),
        hints: [
          {
            service: 'shop/cart',
            source: 'annotation',
            hinted: false,
            safeguard: 'NodesInOneZone',
            message: 'every Ready node is in zone-a',
          },
        ],
      },
    ];
    expect(renderText(report([f], { steps }))).toContain(
      'At 60s (zone zone-b down): no flow changed\nHints of shop/cart: none (safeguard NodesInOneZone) — every Ready node is in zone-a',
    );
  });

  it('shows the busiest endpoints and the load imbalance', () => {
    const load = report(
      [
        flow({ pod: 'p/c1', node: 'node-a1', service: 's/x', rps: 30, endpoints: [ep('10.0.0.1:80', 'node-a1', 1)] }),
        flow({ pod: 'p/c2', node: 'node-b1', service: 's/x', rps: 10, endpoints: [ep('10.0.0.2:80', 'node-b1', 1)] }),
      ],
      {},
      { endpointLoad: { max: 30, mean: 20, busiest: '10.0.0.1:80' } },
    );
    const out = renderText(load);
    expect(out).toContain('busiest 10.0.0.1:80 at 30 req/s; mean 20 req/s over the endpoints that get traffic (max/mean 1.5×).');
    expect(out).toContain('Uneven load is the price of Local policies');
    expect(out).toMatch(/s\/x:http +│ 10\.0\.0\.1:80 +│ – +│ node-a1 +│ +30 │\n.*s\/x:http +│ 10\.0\.0\.2:80 +│ – +│ node-b1 +│ +10 │/);
  });
});

describe('renderCsv', () => {
  it('one row per flow with the documented columns; fields with commas are quoted', () => {
    const f = flow({
      pod: 'shop/web-1',
      node: 'node-a1',
      service: 'shop/cart',
      rps: 2,
      name: 'a,b',
      endpoints: [ep('10.0.2.5:8080', 'node-b1', 0.5), ep('10.0.1.5:8080', 'node-a1', 0.5)],
    });
    const lines = renderCsv(report([f, flow({ node: 'node-b1', external: true, service: 'shop/cart', verdict: 'drop' })])).split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      ',"a,b",pod,shop/web-1,node-a1,zone-a,shop/cart,http,internal,clusterIP,false,None,route,2,2048,2,10.0.1.5:8080=0.5;10.0.2.5:8080=0.5,1024,0,1024,0',
    );
    expect(lines[2]).toBe(',,external,,node-b1,zone-b,shop/cart,http,external,nodePort,false,None,drop,1,1024,0,,0,0,0,0');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });
  it("with events: every step's flows, the step in the at column", () => {
    const f = flow({ pod: 'p/c', node: 'node-a1', service: 's/x', endpoints: [ep('1.1.1.1:80', 'node-a1', 1)] });
    const steps: Step[] = [
      { atMs: 0, at: '0s', events: [], flows: [f], summary: summary() },
      { atMs: 30000, at: '30s', events: ['node node-a1 cordoned'], flows: [f], summary: summary() },
    ];
    const rows = renderCsv(report([f], { steps }))
      .trim()
      .split('\n')
      .slice(1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['0s', '30s']);
  });
});
