// TopologyAnnotationIgnored, OnlyTerminatingEndpoints and NoClients over whole simulations (the
// facts collect.ts reads from a run), each case worked out by hand from docs/rules.md §3, §5.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { collectFacts } from '../../emulator/lint/collect.js';
import { lint } from '../../emulator/lint/lint.js';
import { renderLintText } from '../../emulator/lint/text.js';
import type { SimulateOptions } from '../../emulator/emulation.js';
import { node, pod, service, traffic } from './objects.js';

const engine = await loadEngine();
const run = (objects: unknown[], options: SimulateOptions = {}) => lint(collectFacts(engine, objects, options));
const codes = (objects: unknown[], options: SimulateOptions = {}) => run(objects, options).findings.map((f) => `${f.code} ${f.object}`);

const nodes = [node('node-a', 'zone-a'), node('node-b', 'zone-b')];
const client = pod('client', 'node-a', '10.0.9.1', { labels: { app: 'client' } });
const web = (ready: boolean, terminating: boolean, i: number) =>
  pod(`web-${i}`, i % 2 ? 'node-a' : 'node-b', `10.0.1.${i}`, { labels: { app: 'web' }, ready, terminating });

describe('TopologyAnnotationIgnored', () => {
  it('"true" on topology-mode: a warning naming the value', () => {
    const r = run([
      ...nodes,
      client,
      web(true, false, 1),
      service('web', { annotations: { 'service.kubernetes.io/topology-mode': 'true' } }),
    ]);
    const f = r.findings.find((x) => x.code === 'TopologyAnnotationIgnored')!;
    expect(f).toMatchObject({ severity: 'warning', object: 'Service shop/web' });
    expect(f.message).toContain('service.kubernetes.io/topology-mode="true" turns nothing on');
  });

  it('topology-mode: Auto on 1.26, whose controller reads only topology-aware-hints; quiet on 1.27', () => {
    const objects = [
      ...nodes,
      client,
      web(true, false, 1),
      service('web', { annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } }),
    ];
    expect(codes(objects, { kubernetesVersion: '1.26' })).toContain('TopologyAnnotationIgnored Service shop/web');
    expect(codes(objects, { kubernetesVersion: '1.27' })).not.toContain('TopologyAnnotationIgnored Service shop/web');
  });

  it('Auto and Disabled are quiet', () => {
    for (const value of ['Auto', 'Disabled'])
      expect(
        codes([...nodes, client, web(true, false, 1), service('web', { annotations: { 'service.kubernetes.io/topology-mode': value } })]),
      ).not.toContain('TopologyAnnotationIgnored Service shop/web');
  });
});

describe('OnlyTerminatingEndpoints', () => {
  it('every endpoint serving but terminating: a warning; traffic still routes through the fallback', () => {
    const objects = [...nodes, client, web(true, true, 1), web(true, true, 2), service('web')];
    const r = run(objects);
    const f = r.findings.find((x) => x.code === 'OnlyTerminatingEndpoints')!;
    expect(f).toMatchObject({ severity: 'warning', object: 'Service shop/web' });
    expect(f.message).toContain('all 2 usable endpoints are serving but terminating');
    expect(f.message).toContain('terminating fallback');
    expect(r.findings.map((x) => x.code)).not.toContain('NoEndpoints');
  });

  it('one Ready endpoint besides: quiet', () => {
    expect(codes([...nodes, client, web(true, true, 1), web(true, false, 2), service('web')])).not.toContain(
      'OnlyTerminatingEndpoints Service shop/web',
    );
  });

  it('1.25, before kube-proxy has the fallback by default: the message says traffic is rejected, and NoEndpoints fires', () => {
    const r = run([...nodes, client, web(true, true, 1), service('web')], { kubernetesVersion: '1.25' });
    expect(r.findings.find((x) => x.code === 'OnlyTerminatingEndpoints')!.message).toContain('no terminating fallback');
    expect(r.findings.map((x) => x.code)).toContain('NoEndpoints');
  });
});

describe('NoClients', () => {
  it('Services but no pod at all: an info per Service, and not "No findings."', () => {
    // No pod at all: the default traffic (every node that runs a pod calls every Service port) has no client.
    const r = run([...nodes, service('web'), service('api', { selector: { app: 'api' } })]);
    expect(r.findings.filter((f) => f.code === 'NoClients').map((f) => [f.severity, f.object])).toEqual([
      ['info', 'Service shop/api'],
      ['info', 'Service shop/web'],
    ]);
    expect(renderLintText(r)).not.toContain('No findings.');
  });

  it('a cluster with clients: quiet', () => {
    expect(codes([...nodes, client, web(true, false, 1), service('web')]).filter((c) => c.startsWith('NoClients'))).toEqual([]);
  });
});
