// The generator only makes requests the reference can answer (the differential test's precondition).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbRequest } from './generators.js';
import { referenceCategorize } from './index.js';

const isSorted = (list: string[]) => list.every((x, i) => i === 0 || list[i - 1]! < x);

describe('arbRequest', () => {
  it('1,000 generated requests all go through referenceCategorize', () => {
    fc.assert(
      fc.property(arbRequest(), (request) => {
        const result = referenceCategorize(request);
        for (const list of [result.clusterEndpoints, result.localEndpoints, result.allReachableEndpoints]) {
          if (list) expect(isSorted(list)).toBe(true);
        }
      }),
      { numRuns: 1000, seed: 20240521 },
    );
  });
});
