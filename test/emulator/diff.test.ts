// `tpe diff`'s comparison on hand-made reports: which flows changed and how the figures moved.
import { describe, expect, it } from 'vitest';
import { diffFlows, diffReports, flowKey } from '../../emulator/diff/diff.js';
import { renderDiffText } from '../../emulator/diff/text.js';
import { ep, flow, report } from './report-builders.js';

const cart = (
  node: string,
  endpoints = [ep('10.0.1.5:8080', 'node-a1', 0.5), ep('10.0.2.5:8080', 'node-b1', 0.5)],
  pod = `shop/web-${node}`,
) => flow({ pod, node, service: 'shop/cart', rps: 2, endpoints });

describe('diffFlows', () => {
  it('finds no change between equal flows', () => {
    const flows = [cart('node-a1'), cart('node-b1')];
    expect(diffFlows(flows, structuredClone(flows))).toEqual({ changes: [], unchanged: 2 });
  });

  it('classifies verdict, endpoint, share, new and gone flows', () => {
    const a = [
      cart('node-a1'),
      cart('node-a2'),
      cart('node-b1'),
      flow({ pod: 'shop/web-x', node: 'node-c1', service: 'shop/cart', endpoints: [ep('10.0.1.5:8080', 'node-a1', 1)] }),
      flow({ node: 'node-b1', external: true, service: 'shop/cart', endpoints: [ep('10.0.2.5:8080', 'node-b1', 1)] }),
    ];
    const b = [
      cart('node-a1'),
      // Same endpoints, other shares (session affinity pinned more on one).
      cart('node-a2', [ep('10.0.1.5:8080', 'node-a1', 0.75), ep('10.0.2.5:8080', 'node-b1', 0.25)]),
      // Topology: only the zone's endpoint.
      cart('node-b1', [ep('10.0.2.5:8080', 'node-b1', 1)]),
      flow({ pod: 'shop/web-x', node: 'node-c1', service: 'shop/cart', verdict: 'drop' }),
      flow({ pod: 'shop/web-new', node: 'node-c1', service: 'shop/cart', verdict: 'reject' }),
    ];
    const { changes, unchanged } = diffFlows(a, b);
    expect(unchanged).toBe(1);
    expect(changes.map((c) => [c.kind, c.from.node, c.before?.verdict ?? null, c.after?.verdict ?? null])).toEqual([
      // Sorted by Service port, then key (the client): external@node-b1, shop/web-new, shop/web-node-a2, …
      ['removed', 'node-b1', 'route', null],
      ['added', 'node-c1', null, 'reject'],
      ['shares', 'node-a2', 'route', 'route'],
      ['endpoints', 'node-b1', 'route', 'route'],
      ['verdict', 'node-c1', 'route', 'drop'],
    ]);
    const endpoints = changes.find((c) => c.kind === 'endpoints')!;
    expect(endpoints.before!.endpoints).toEqual(['10.0.1.5:8080', '10.0.2.5:8080']);
    expect(endpoints.after!.endpoints).toEqual(['10.0.2.5:8080']);
    // 2 req/s × 1 KiB from zone-b: half went to zone-a before (1024 B/s), none after.
    expect(endpoints.before!.crossZoneBytesPerSecond).toBe(1024);
    expect(endpoints.after!.crossZoneBytesPerSecond).toBe(0);
  });

  it('pairs identical flows in order instead of merging them', () => {
    const one = flow({ pod: 'p/c', node: 'node-a1', service: 's/x', endpoints: [ep('1:1', 'node-a1', 1)] });
    const two = { ...one, verdict: 'drop' as const, endpoints: [] };
    const { changes, unchanged } = diffFlows([one, one], [one, two]);
    expect(unchanged).toBe(1);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.key).toBe(`${flowKey(one)} #2`);
  });

  it('keys external and host clients by their node, pods by name', () => {
    expect(flowKey(flow({ node: 'node-a1', external: true, service: 's/x', via: 'loadBalancer' }))).toBe(
      'external@node-a1 s/x:http external loadBalancer ',
    );
    expect(flowKey(flow({ node: 'node-a1', hostNetwork: true, service: 's/x' }))).toBe('host@node-a1 s/x:http internal clusterIP ');
    expect(flowKey(flow({ pod: 'p/c', node: 'node-a1', service: 's/x', name: 'n' }))).toBe('p/c s/x:http internal clusterIP n');
  });
});

describe('diffReports and its text', () => {
  const a = report(
    [cart('node-a1'), cart('node-b1')],
    {},
    {
      bytesPerSecond: { sameNode: 2048, sameZone: 0, crossZone: 2048 },
      crossZoneCostPerMonth: { usd: 0.1, pricePerGiB: 0.01, billedBothDirections: true, provider: 'aws' },
      endpointLoad: { max: 2, mean: 2, busiest: '10.0.1.5:8080' },
    },
  );
  const b = report(
    [cart('node-a1', [ep('10.0.1.5:8080', 'node-a1', 1)]), cart('node-b1', [ep('10.0.2.5:8080', 'node-b1', 1)])],
    {},
    {
      bytesPerSecond: { sameNode: 4096, sameZone: 0, crossZone: 0 },
      crossZoneCostPerMonth: { usd: 0, pricePerGiB: 0.01, billedBothDirections: true, provider: 'aws' },
      endpointLoad: { max: 2, mean: 2, busiest: '10.0.1.5:8080' },
    },
  );
  const diff = diffReports(a, b);

  it('counts and deltas', () => {
    expect(diff.flows).toEqual({ before: 2, after: 2, unchanged: 0, changed: 2, added: 0, removed: 0, complete: true });
    expect(diff.summary.bytesPerSecond.crossZone).toEqual({ before: 2048, after: 0, delta: -2048 });
    expect(diff.summary.bytesPerSecond.sameNode.delta).toBe(2048);
    expect(diff.summary.crossZoneCostPerMonth).toEqual({
      before: 0.1,
      after: 0,
      delta: -0.1,
      pricePerGiB: 0.01,
      billedBothDirections: true,
      provider: 'aws',
    });
    expect(diff.summary.route).toEqual({ before: 2, after: 2, delta: 0 });
  });

  it('renders the changed flows grouped, then the figures with signed deltas', () => {
    const text = renderDiffText(diff, { labels: ['cluster/', 'prefer-same-zone/'] });
    expect(text).toContain('tpe diff — A: cluster/\n           B: prefer-same-zone/');
    expect(text).toContain('Flows: 2 → 2; 2 changed, 0 new, 0 gone, 0 unchanged');
    // Both flows lost their cross-zone half: 1 KiB/s each.
    expect(text).toMatch(/shop\/cart:http +│ ClusterIP +│ other endpoints +│ node-a1, node-b1 +│ +2 │ +2 → 2 │ +-2 KiB\/s │/);
    expect(text).toMatch(/cross-zone bytes\/s +│ +2 KiB\/s │ +0 B\/s │ +-2 KiB\/s │/);
    expect(text).toMatch(/cross-zone cost\/month +│ +\$0\.10 │ +\$0\.00 │ +-\$0\.10 │/);
    expect(text).toMatch(/route +│ +2 │ +2 │ +±0 │/);
  });

  it('says so when nothing changed', () => {
    expect(renderDiffText(diffReports(a, a))).toContain('No flow changed verdict or endpoints.');
  });

  it('says when a side listed only some flows (above --max-flows): only those were compared one by one', () => {
    // B counts 20,000 flows (the summary) but lists the same two as A.
    const big = { ...a, summary: { ...a.summary, flows: 20000, route: 20000 } };
    const partial = diffReports(a, big);
    expect(partial.flows.complete).toBe(false);
    const text = renderDiffText(partial);
    expect(text).toContain(
      'A has 2 flows and B 20,000: more than --max-flows, so only dropped and rejected flows were compared one by one',
    );
    expect(text).toContain('No listed flow changed verdict or endpoints.');
    expect(renderDiffText(diffReports(a, a))).not.toContain('--max-flows');
  });
});
