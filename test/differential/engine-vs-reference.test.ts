// Property-based differential test: the WASM engine and the plain-TypeScript reference must give
// the same decision for every generated valid request (10,000 per run, shrinking on failure).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadEngine } from '../../surfaces/node/index.js';
import { referenceCategorize } from '../reference/index.js';
import { readPortRequest, readRequestNode } from '../../host/engine/request.js';
import { arbRequest } from '../reference/generators.js';
import type { CategorizeRequest, CategorizeResult } from '../../host/engine/types.js';

const engine = await loadEngine();

/** The decision fields; allReachableEndpoints is a set (docs/contracts.md §2: order carries no meaning). */
function decision(r: CategorizeResult) {
  return {
    service: r.service,
    port: r.port,
    node: r.node,
    kubernetesVersion: r.kubernetesVersion,
    topologyMode: r.topologyMode,
    clusterEndpoints: r.clusterEndpoints,
    localEndpoints: r.localEndpoints,
    allReachableEndpoints: [...r.allReachableEndpoints].sort(),
    hasAnyEndpoints: r.hasAnyEndpoints,
    internal: r.internal,
    external: r.external,
  };
}

describe('WASM engine vs reference', () => {
  it('agree on 10,000 generated requests', () => {
    fc.assert(
      fc.property(arbRequest(), (request) => {
        expect(decision(engine.categorize(request))).toEqual(decision(referenceCategorize(request)));
      }),
      { numRuns: 10_000 },
    );
  });

  it('agree node by node when one request is decided for many nodes at once (the batch path)', () => {
    fc.assert(
      fc.property(
        arbRequest(),
        fc.array(
          arbRequest().map((r) => r.node),
          { minLength: 1, maxLength: 8 },
        ),
        (request, nodes) => {
          const { node: _node, ...rest } = request;
          const batch = engine.categorizeNodes(rest, nodes);
          nodes.forEach((node, j) => expect(decision(batch[j]!)).toEqual(decision(referenceCategorize({ ...request, node }))));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('agree when read ports are decided one node at a time, interleaved (a port stays prepared in the engine between calls)', () => {
    const portOf = (request: CategorizeRequest) => {
      const { node: _node, ...rest } = request;
      return readPortRequest(rest);
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            arbRequest(),
            fc.array(
              arbRequest().map((r) => r.node),
              { minLength: 1, maxLength: 4 },
            ),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        fc.array(fc.nat(), { minLength: 1, maxLength: 24 }),
        (ports, order) => {
          const read = ports.map(([request, nodes]) => ({ request, nodes, port: portOf(request) }));
          // The same ports asked again and again, from their nodes, in an order that mixes them.
          for (const k of order) {
            const { request, nodes, port } = read[k % read.length]!;
            const node = nodes[Math.floor(k / read.length) % nodes.length]!;
            const [result] = engine.decide(port, [readRequestNode(node)]);
            expect(decision(result!)).toEqual(decision(referenceCategorize({ ...request, node })));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
