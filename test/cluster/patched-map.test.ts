// PatchedMap is the map it stands for: the same entries in the same order after any chain of
// replacements, across the fold into a fresh base.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PatchedMap } from '../../host/cluster/patched-map.js';

describe('PatchedMap', () => {
  it('equals the plain map with the same replacements, folded or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.array(fc.tuple(fc.nat(39), fc.integer()), { maxLength: 30 }), { maxLength: 30 }),
        (size, batches) => {
          const keys = Array.from({ length: size }, (_, i) => `k${String(i).padStart(2, '0')}`);
          const plain = new Map(keys.map((k) => [k, -1]));
          let patched: ReadonlyMap<string, number> = new Map(plain);
          for (const batch of batches) {
            const updates = batch.filter(([i]) => i < size).map(([i, v]) => [keys[i]!, v] as const);
            for (const [k, v] of updates) plain.set(k, v);
            patched = PatchedMap.of(patched, updates);
            expect([...patched]).toEqual([...plain]);
            expect(patched.size).toBe(plain.size);
            for (const k of keys) expect(patched.get(k)).toBe(plain.get(k));
            expect(patched.has('missing')).toBe(false);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('folds its overrides into a plain Map once they are many', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
    let map: ReadonlyMap<string, number> = new Map(keys.map((k) => [k, 0]));
    for (const [i, k] of keys.slice(0, 255).entries()) map = PatchedMap.of(map, [[k, i + 1]]);
    expect(map).toBeInstanceOf(PatchedMap);
    map = PatchedMap.of(map, [[keys[255]!, 256]]);
    expect(map).toBeInstanceOf(Map);
    expect([...map.values()].slice(0, 3)).toEqual([1, 2, 3]);
  });
});
