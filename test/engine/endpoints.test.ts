// endpointsForPort orders the endpoints of one port number by a numeric rank of their addresses
// (ipv4Rank) instead of sorting `ip:port` strings: the rank must order exactly as the strings do, and
// the list must be the one the reference oracle builds — order, duplicates and conditions — whatever
// the addresses and ports look like.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointsForPort, ipv4Rank } from '../../host/engine/endpoints.js';
import { defaultGates } from '../../host/engine/eras.js';
import type { EndpointSliceModel } from '../../host/objects/model.js';
import { buildEndpointList } from '../../test/reference/endpoints.js';
import type { RefContext } from '../../test/reference/types.js';

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 2, 9, 10, 19, 25, 99, 100, 199, 200, 249, 250, 255));
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(1, 8, 80, 800, 8000, 8080, 9, 90, 443, 65535, 6553, 655));
const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);
const stringOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('ipv4Rank', () => {
  it('orders canonical ip:port keys of one port exactly as their strings order', () => {
    fc.assert(
      fc.property(ipv4, ipv4, port, (ipA, ipB, p) => {
        expect(sign(ipv4Rank(ipA) - ipv4Rank(ipB))).toBe(stringOrder(`${ipA}:${p}`, `${ipB}:${p}`));
      }),
      { numRuns: 20_000 },
    );
  });

  it('orders the neighbours where string order and numeric order part', () => {
    const ips = [
      '10.0.0.1',
      '10.0.0.10',
      '10.0.0.100',
      '10.0.0.2',
      '1.0.0.0',
      '100.0.0.0',
      '10.0.0.19',
      '10.1.0.0',
      '10.10.0.0',
      '2.0.0.0',
    ];
    const byRank = [...ips].sort((a, b) => ipv4Rank(a) - ipv4Rank(b));
    expect(byRank.map((ip) => `${ip}:8080`)).toEqual(ips.map((ip) => `${ip}:8080`).sort());
  });

  it.each(['010.0.0.1', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1..2.3', '', '1.2.3.4 ', '::1', 'a.b.c.d', '1.2.3.00'])(
    'is -1 for %j',
    (ip) => {
      expect(ipv4Rank(ip)).toBe(-1);
    },
  );
});

describe('endpointsForPort', () => {
  const ctx = { gates: defaultGates(33), family: 'IPv4', nodeName: 'n', zone: '' } as unknown as RefContext;
  // Addresses from a small pool, so slices name the same endpoint; a few are not canonical (the
  // string-sorted path), which a validated slice may not hold but endpointsForPort must order too.
  const address = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.10', '10.0.1.0', '9.9.9.9', '100.1.1.1', '10.0.0.100') },
    { weight: 1, arbitrary: fc.constantFrom('010.0.0.1', '10.0.0.01') },
  );
  const condition = fc.constantFrom(true, false, undefined);
  const endpoint = fc.record({ address, ready: condition, serving: condition, terminating: condition });
  const slice = fc.record({
    name: fc.constantFrom('a', 'b', 'c', 'd'),
    port: fc.constantFrom(80, 8080, 9),
    endpoints: fc.array(endpoint, { maxLength: 12 }),
  });

  it('is the reference list: order, duplicates replaced unless terminating, conditions defaulted', () => {
    fc.assert(
      fc.property(fc.array(slice, { maxLength: 5 }), fc.boolean(), (raw, terminatingCondition) => {
        const objects = raw.map((s) => ({
          metadata: { name: s.name },
          addressType: 'IPv4',
          ports: [{ name: 'http', port: s.port, protocol: 'TCP' }],
          endpoints: s.endpoints.map((e) => ({
            addresses: [e.address],
            conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
          })),
        }));
        const models: EndpointSliceModel[] = raw.map((s) => ({
          namespace: 'ns',
          name: s.name,
          serviceName: 'web',
          addressType: 'IPv4',
          ports: [{ name: 'http', port: s.port, protocol: 'TCP' }],
          endpoints: s.endpoints.map((e) => ({
            addresses: [e.address],
            conditions: { ready: e.ready ?? null, serving: e.serving ?? null, terminating: e.terminating ?? null },
            nodeName: null,
            zone: null,
            forZones: [],
            forNodes: [],
            targetPod: null,
          })),
        }));
        const gates = { ...ctx.gates, EndpointSliceTerminatingCondition: terminatingCondition };
        const expected = buildEndpointList(objects, 'http', 'TCP', 'IPv4', { ...ctx, gates }).map((e) => [
          e.ipPort,
          e.ready,
          e.serving,
          e.terminating,
        ]);
        const actual = endpointsForPort(models, { name: 'http', protocol: 'TCP' } as never, 'IPv4', terminatingCondition).map((e) => [
          e.key,
          e.ready,
          e.serving,
          e.terminating,
        ]);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
