// The hints section of the report as a user meets it through simulate(): whether the release's
// kube-proxy reads the hints the controller wrote (asked of the engine), a topology annotation that
// turns nothing on (warning TopologyAnnotationIgnored), CPU the hints line rests on that was assumed,
// and the text: a wrapped "why", a folded table of endpoints per hinted Service, truncation said.
// Expectations are worked out by hand from docs/eras.md and docs/rules.md §5.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { simulate } from '../../emulator/simulate.js';
import { renderHints } from '../../emulator/text/hints.js';
import type { HintedEndpoint, HintReport } from '../../emulator/document.js';
import { node, pod, service } from './objects.js';

const engine = await loadEngine();
const MODE = 'service.kubernetes.io/topology-mode';
const HINTS = 'service.kubernetes.io/topology-aware-hints';

// Two zones of equal CPU, two Ready web pods in each: the heuristic hints each for its own zone.
const cluster = [
  node('node-a', 'zone-a'),
  node('node-b', 'zone-b'),
  pod('web-1', 'node-a', '10.0.1.1', { labels: { app: 'web' } }),
  pod('web-2', 'node-a', '10.0.1.2', { labels: { app: 'web' } }),
  pod('web-3', 'node-b', '10.0.2.1', { labels: { app: 'web' } }),
  pod('web-4', 'node-b', '10.0.2.2', { labels: { app: 'web' } }),
];
const web = (annotations: Record<string, string>) => service('web', { annotations });

describe('hinted, but does kube-proxy of the release read the hints?', () => {
  it('1.21 with the gate on: the controller takes "Auto", kube-proxy only exactly "auto"', () => {
    const gates = { featureGates: { TopologyAwareHints: true }, kubernetesVersion: '1.21' };
    const upper = simulate(engine, [...cluster, web({ [HINTS]: 'Auto' })], gates).hints![0]!;
    expect(upper).toMatchObject({ service: 'shop/web', hinted: true, honoured: false });
    expect(upper.message).toContain('kube-proxy of Kubernetes 1.21 ignores these hints');
    expect(upper.message).toContain('exactly "auto"');
    const lower = simulate(engine, [...cluster, web({ [HINTS]: 'auto' })], gates).hints![0]!;
    expect(lower).toMatchObject({ hinted: true, honoured: true });
    expect(lower.message).not.toContain('ignores these hints');
  });

  it('1.35: hints are always read', () => {
    const r = simulate(engine, [...cluster, web({ [MODE]: 'Auto' })]);
    expect(r.hints![0]).toMatchObject({ hinted: true, honoured: true, allocation: { 'zone-a': 2, 'zone-b': 2 } });
    // Every flow from a web pod stays in its zone.
    for (const f of r.flows) expect(f.topologyMode).toBe('PreferSameZone');
  });

  it('not hinted: nothing to honour, no honoured field', () => {
    const r = simulate(engine, [...cluster, web({ [MODE]: 'Auto' })], {
      kubernetesVersion: '1.32',
      featureGates: { TopologyAwareHints: false },
    });
    expect(r.hints![0]).toMatchObject({ hinted: false });
    expect(r.hints![0]!.honoured).toBeUndefined();
  });
});

describe('a topology annotation that turns nothing on', () => {
  it('"true": a hints entry that says so, and warning TopologyAnnotationIgnored', () => {
    const r = simulate(engine, [...cluster, web({ [MODE]: 'true' })]);
    expect(r.hints).toHaveLength(1);
    expect(r.hints![0]).toMatchObject({ source: 'none', hinted: false, ignoredAnnotation: `${MODE}=true` });
    const warning = r.warnings!.find((w) => w.code === 'TopologyAnnotationIgnored')!;
    expect(warning.object).toBe('Service shop/web');
    expect(warning.message).toContain('"Auto"');
  });

  it('Disabled is off on purpose: no entry, no warning', () => {
    const r = simulate(engine, [...cluster, web({ [MODE]: 'Disabled' })]);
    expect(r.hints).toBeUndefined();
    expect((r.warnings ?? []).some((w) => w.code === 'TopologyAnnotationIgnored')).toBe(false);
  });
});

describe('CPU the allocation rests on', () => {
  it('names the zone whose nodes report no allocatable CPU and the CPUs assumed', () => {
    const noCpu = { ...node('node-b', 'zone-b'), status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    const r = simulate(engine, [node('node-a', 'zone-a'), noCpu, ...cluster.slice(2), web({ [MODE]: 'Auto' })]);
    // Both zones 4 CPUs (zone-b's assumed): 50% each.
    expect(r.hints![0]!.message).toContain('zone-a 2 (50% of CPU), zone-b 2 (50% of CPU; CPU assumed (4 per node)');
  });
});

const endpoint = (i: number, zone: string, over: Partial<HintedEndpoint> = {}): HintedEndpoint => ({
  slice: 'web-1',
  address: `10.0.0.${i}`,
  pod: `shop/web-${i}`,
  node: `node-${zone.slice(-1)}${(i % 3) + 1}`,
  zone,
  ready: true,
  forZones: [zone],
  forNodes: [],
  ...over,
});

describe('text', () => {
  const report: HintReport = {
    service: 'shop/web',
    source: 'annotation',
    hinted: true,
    safeguard: null,
    message: `Annotation ${MODE}=Auto asks for topology-aware hints. ${'A long explanation that goes on. '.repeat(12)}`,
    allocation: { 'zone-a': 4, 'zone-b': 3 },
    honoured: true,
    endpoints: [
      ...[1, 2, 3].map((i) => endpoint(i, 'zone-a')),
      endpoint(4, 'zone-a', { forZones: ['zone-b'] }),
      ...[5, 6].map((i) => endpoint(i, 'zone-b')),
      endpoint(7, 'zone-b', { ready: false, forZones: [] }),
    ],
  };

  it('a summary row, the why wrapped to 100 columns, and one row per zone × readiness × hints', () => {
    const text = renderHints([report]);
    const lines = text.split('\n');
    const start = lines.indexOf('shop/web:') + 1;
    const why = lines.slice(
      start,
      lines.findIndex((l, n) => n > start && l.startsWith('┌')),
    );
    expect(why.length).toBeGreaterThan(2);
    for (const l of why) expect(l.length).toBeLessThanOrEqual(100);
    expect(text).toContain('│ shop/web │ topology annotation │ yes    │ –         │ zone-a: 4, zone-b: 3 │ yes                   │');
    // web-1…3 share a row; web-4 (zone-a, hinted for zone-b) has its own; web-7 is not ready.
    expect(text).toMatch(/│ zone-a │ yes +│ zone-a +│ +3 │ node-a\[1-3\] +│ web-\[1-3\] +│/);
    expect(text).toMatch(/│ zone-a │ yes +│ zone-b +│ +1 │ node-a2 +│ web-4 +│/);
    expect(text).toMatch(/│ zone-b │ no +│ – +│ +1 │ node-b2 +│ web-7 +│/);
    expect(text).not.toContain('for nodes');
    expect(text).not.toContain('not shown');
  });

  it('above maxRows, the rows left out are counted', () => {
    const text = renderHints([report], { maxRows: 2 });
    expect(text).toContain('… 2 more rows (3 endpoints) not shown; --json lists every endpoint.');
  });

  it('node hints equal to the own node fold as "own node"', () => {
    const sameNode = { ...report, endpoints: [1, 2].map((i) => endpoint(i, 'zone-a', { node: `node-a${i}`, forNodes: [`node-a${i}`] })) };
    expect(renderHints([sameNode])).toMatch(/│ zone-a │ yes +│ zone-a +│ own node +│ +2 │ node-a\[1-2\] +│ web-\[1-2\] +│/);
  });
});
