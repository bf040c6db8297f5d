// The conformance table against the WASM engine through the library API (docs/contracts.md §4b), error cases
// included: every refusal must be a Status with the expected code, reason and field.
import { describe, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { cases } from './cases.js';
import { checkCase, outcomeOf } from './run.js';

const engine = await loadEngine();

describe('library (WASM engine) against the conformance table', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    checkCase(
      outcomeOf((r) => engine.categorize(r), c.request),
      c,
    );
  });

  it('answers the whole table again through categorizeNodes, one node at a time', () => {
    for (const c of cases) {
      if ('expectStatus' in c) continue;
      const { node, ...rest } = c.request;
      checkCase(engine.categorizeNodes(rest, [node])[0]!, c);
    }
  });
});
