// Runs every result case of the conformance table against the reference oracle. Error cases are
// requests the engine must refuse; the reference is not a validator, so they are filtered out here.
import { describe, expect, it } from 'vitest';
import { referenceCategorize } from '../reference/index.js';
import { cases, errorCases, resultCases } from './cases.js';
import { checkCase, isErrorCase, outcomeOf } from './run.js';

const isSorted = (list: string[]) => list.every((x, i) => i === 0 || list[i - 1]! < x);

describe('conformance table', () => {
  it('has unique case names', () => {
    const names = cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('writes every expected endpoint list sorted (cluster, local, internal, external)', () => {
    for (const c of resultCases) {
      const lists = [c.expect.clusterEndpoints, c.expect.localEndpoints, c.expect.internal?.endpoints, c.expect.external?.endpoints];
      for (const list of lists) if (list) expect(isSorted(list), c.name).toBe(true);
    }
  });

  it('keeps error cases apart', () => {
    expect(errorCases.every(isErrorCase)).toBe(true);
    expect(resultCases.some(isErrorCase)).toBe(false);
  });
});

describe('reference oracle against the conformance table', () => {
  it.each(cases.filter((c) => !isErrorCase(c)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    checkCase(outcomeOf(referenceCategorize, c.request), c);
  });
});
