// The Traffic kind (docs/contracts.md §5): read like a Kubernetes object, every problem a cause with its field
// path in one Invalid Status; names that do not exist are warnings at plan time, not errors.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { isStatusError, type Status } from '../../host/objects/status.js';
import { readTraffic, simulate } from '../../emulator/index.js';
import { node, pod, service, traffic } from './objects.js';

const engine = await loadEngine();

function causes(spec: Record<string, unknown>): Array<[string, string]> {
  try {
    readTraffic(traffic(spec));
  } catch (e) {
    if (!isStatusError(e)) throw e;
    const status: Status = e.status;
    expect(status.reason).toBe('Invalid');
    return status.details!.causes!.map((c) => [c.field, c.reason]);
  }
  throw new Error('expected an Invalid Status');
}

describe('readTraffic', () => {
  it('reads the docs/contracts.md §5 example with its defaults', () => {
    const t = readTraffic(
      traffic({
        seed: 42,
        flows: [
          {
            from: { namespace: 'shop', selector: { app: 'web' } },
            to: { service: 'shop/cart', port: 'http' },
            requestsPerSecond: 50,
            bytesPerRequest: 4096,
          },
          { from: { external: true, node: 'node-a' }, to: { service: 'cart' } },
        ],
        events: [
          { at: '2m', zoneDown: { zone: 'zone-b' } },
          { at: '60s', cordon: { node: 'node-c' } },
          { at: 90, nodeDown: { node: 'node-a' } },
        ],
      }),
    );
    expect(t.seed).toBe(42);
    expect(t.flows[0]).toMatchObject({
      from: { kind: 'pods', namespace: 'shop', selector: { app: 'web' } },
      to: { service: 'shop/cart', port: 'http', via: null },
      requestsPerSecond: 50,
      bytesPerRequest: 4096,
    });
    // A bare Service name is in the client's namespace, else default; rate and size default to 1 req/s of 1 KiB.
    expect(t.flows[1]).toMatchObject({
      from: { kind: 'external', node: 'node-a' },
      to: { service: 'default/cart' },
      requestsPerSecond: 1,
      bytesPerRequest: 1024,
    });
    // Events sorted by time; numbers are seconds.
    expect(t.events.map((e) => [e.atMs, e.action.type])).toEqual([
      [60_000, 'cordon'],
      [90_000, 'nodeDown'],
      [120_000, 'zoneDown'],
    ]);
  });

  it('refuses unknown fields (a typo must not fall back to a default)', () => {
    expect(causes({ flows: [{ from: { node: 'a' }, to: { service: 's/x' }, requestPerSecond: 5 }] })).toEqual([
      ['spec.flows[0].requestPerSecond', 'FieldValueNotSupported'],
    ]);
  });

  it('names each bad field', () => {
    expect(
      causes({
        seed: -1,
        flows: [
          { from: {}, to: { service: 'Not A Ref' } },
          { from: { external: true, node: 'a' }, to: { service: 's/x', via: 'clusterIP' }, bytesPerRequest: -5 },
          { from: { pod: 'shop/web', node: 'a' }, to: { service: 's/x', via: 'tunnel' } },
        ],
        events: [
          { at: 'soon', cordon: { node: 'a' } },
          { at: '1m' },
          { at: '1m', cordon: { node: 'a' }, drain: { node: 'a' } },
          { at: '1m', scale: { deployment: 'shop/web' } },
        ],
      }),
    ).toEqual([
      ['spec.seed', 'FieldValueInvalid'],
      ['spec.flows[0].from', 'FieldValueRequired'],
      ['spec.flows[0].to.service', 'FieldValueInvalid'],
      ['spec.flows[1].to.via', 'FieldValueInvalid'],
      ['spec.flows[1].bytesPerRequest', 'FieldValueInvalid'],
      ['spec.flows[2].from.node', 'FieldValueForbidden'],
      ['spec.flows[2].to.via', 'FieldValueNotSupported'],
      ['spec.events[0].at', 'FieldValueInvalid'],
      ['spec.events[1]', 'FieldValueRequired'],
      ['spec.events[2]', 'FieldValueInvalid'],
      ['spec.events[3].scale.replicas', 'FieldValueRequired'],
    ]);
  });

  it('inside simulate, the Status says which object of the input it is', () => {
    try {
      simulate(engine, [node('a', 'z'), traffic({ flows: [{ from: { node: 'a' } }] })]);
      expect.unreachable();
    } catch (e) {
      expect(isStatusError(e) && e.status.message).toMatch(
        /^objects\[1\] \(Traffic test\): Traffic "test" is invalid: spec\.flows\[0\]\.to: Required value/,
      );
    }
  });
});

describe('flows that name what the cluster does not hold are skipped with a warning', () => {
  const cluster = [node('node-a', 'zone-a'), pod('web', 'node-a', '10.0.0.5', { labels: { app: 'web' } }), service('cart')];
  it.each([
    [{ from: { pod: 'shop/web' }, to: { service: 'shop/nope' } }, 'UnknownService'],
    [{ from: { pod: 'shop/web' }, to: { service: 'shop/cart', port: 'grpc' } }, 'UnknownPort'],
    [{ from: { external: true, node: 'node-a' }, to: { service: 'shop/cart' } }, 'NotExternallyAccessible'],
    [{ from: { pod: 'shop/web' }, to: { service: 'shop/cart', via: 'nodePort' } }, 'NotExternallyAccessible'],
    [{ from: { node: 'node-z' }, to: { service: 'shop/cart' } }, 'UnknownNode'],
    [{ from: { namespace: 'shop', selector: { app: 'nobody' } }, to: { service: 'shop/cart' } }, 'NoClients'],
  ])('%j → %s', (flow, code) => {
    const report = simulate(engine, [...cluster, traffic({ flows: [flow] })]);
    expect(report.summary.flows).toBe(0);
    expect(report.warnings!.map((w) => w.code)).toContain(code);
  });
});
