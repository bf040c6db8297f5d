// The filter never traps on what it is sent: images with bytes changed, words overwritten or cut
// short are refused or loaded, and either way every request after them is answered (a route to a
// key of the image, a 503, or a pass) — the VM never fails.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { compileImage } from '../../host/cluster/image.js';
import { demoSnapshot, engine, filterModule } from './cluster.js';
import { ProxyWasmHost } from './host.js';

const NODE = 'node-a1';
const image = compileImage(engine, demoSnapshot(), NODE, 'internal');
const AUTHORITIES = [
  'cart.shop:80',
  'checkout.shop',
  'node-agent.monitoring:9100',
  'search.shop.svc:80',
  'web.shop.svc.cluster.local:80',
  'x',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(image.length - 1), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('word' as const),
    at: fc.nat(Math.floor(image.length / 4) - 1),
    value: fc.oneof(fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, image.length), fc.nat()),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(image.length - 1), value: fc.constant(0) }),
);

it('refuses or loads a damaged image, and never traps answering after it', async () => {
  const host = await ProxyWasmHost.load(filterModule, { pluginConfiguration: JSON.stringify({ node: NODE, fetch: { cluster: 'tpe' } }) });
  expect(host.start()).toBe(true);
  await fc.assert(
    fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
      let bytes = image.slice();
      for (const m of mutations) {
        if (m.kind === 'byte') {
          if (m.at < bytes.length) bytes[m.at] = m.value;
        } else if (m.kind === 'word') {
          if (m.at * 4 + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(m.at * 4, m.value >>> 0, true);
        } else bytes = bytes.slice(0, m.at);
      }
      host.tick();
      host.respond([...host.pendingCalls.keys()][0]!, { status: 200, body: bytes });
      for (const authority of AUTHORITIES) {
        const answer = host.request([[':authority', authority]], { properties: { 'source.address': '10.0.0.9:1000' } });
        const destination = answer.requestHeaders.find(([k]) => k === 'x-gateway-destination-endpoint');
        expect(answer.localResponse === null || answer.localResponse.status === 503).toBe(true);
        if (destination) expect(destination[1]).toMatch(/^.{1,64}$/s);
      }
      expect(host.failed).toBeNull();
    }),
    { numRuns: 400, seed: 20261206 },
  );
});
