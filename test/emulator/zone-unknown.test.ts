// Nodes without a zone label are their own category in the byte split and the cost ("zone
// unknown"), never "same zone"; and a flow from a NotReady node says why it is skipped. Worked out by
// hand: the default traffic is 1 request/s of 1 KiB from every pod to every Service port.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { simulate } from '../../emulator/simulate.js';
import { renderText } from '../../emulator/report/text.js';
import { renderCsv } from '../../emulator/report/csv.js';
import { node, pod, service, traffic } from './objects.js';

const engine = await loadEngine();

describe('zone unknown', () => {
  // client on bare-1, the only endpoint on bare-2; neither node has a zone label.
  const objects = [
    node('bare-1', null),
    node('bare-2', null),
    pod('client', 'bare-1', '10.0.9.1', { labels: { app: 'client' } }),
    pod('web-1', 'bare-2', '10.0.1.1', { labels: { app: 'web' } }),
    service('web'),
    traffic({
      flows: [{ from: { pod: 'shop/client' }, to: { service: 'shop/web', port: 'http' }, requestsPerSecond: 1, bytesPerRequest: 1024 }],
    }),
  ];

  it('traffic between two unlabelled nodes is neither same- nor cross-zone, and is not priced', () => {
    const r = simulate(engine, objects);
    expect(r.summary.bytesPerSecond).toEqual({ sameNode: 0, sameZone: 0, crossZone: 0, unknownZone: 1024 });
    expect(r.summary.crossZoneCostPerMonth.usd).toBe(0);
    const text = renderText(r);
    expect(text).toMatch(/│ zone unknown +│ +1 KiB\/s │ +100% │/);
    expect(text).toContain('Not priced: 1 KiB/s between nodes where a side has no zone label');
    // The flow's own landing says the same, in the flow table and the CSV.
    expect(text).toMatch(/│ zone unknown 100% +│/);
    const csv = renderCsv(r).trim().split('\n');
    expect(csv[0]!.endsWith(',cross_zone_bytes_per_second,unknown_zone_bytes_per_second')).toBe(true);
    expect(csv[1]!.endsWith(',0,0,0,1024')).toBe(true);
  });

  it('a labelled cluster has no unknownZone field', () => {
    const labelled = [
      node('a1', 'zone-a'),
      node('a2', 'zone-a'),
      pod('client', 'a1', '10.0.9.1', { labels: { app: 'client' } }),
      pod('web-1', 'a2', '10.0.1.1', { labels: { app: 'web' } }),
      ...objects.slice(4),
    ];
    const r = simulate(engine, labelled);
    expect(r.summary.bytesPerSecond).toEqual({ sameNode: 0, sameZone: 1024, crossZone: 0 });
  });
});

describe('a flow from a NotReady node', () => {
  it('is skipped with warning NotReadyNode naming the node', () => {
    const r = simulate(engine, [
      node('node-a', 'zone-a', { ready: false }),
      node('node-b', 'zone-a'),
      pod('web-1', 'node-b', '10.0.1.1', { labels: { app: 'web' } }),
      service('web'),
      traffic({ flows: [{ from: { node: 'node-a' }, to: { service: 'shop/web', port: 'http' } }] }),
    ]);
    expect(r.summary.flows).toBe(0);
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'NotReadyNode', message: expect.stringContaining('node-a is NotReady') }),
    );
  });
});
