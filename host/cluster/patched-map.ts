// A read-only map that is another one with some values replaced, without copying it: the next
// snapshot of a 10,000-Service cluster after one EndpointSlice event shares the previous one's map
// and carries only the replaced entry. Keys (and so the order) are the base's; the overrides are
// folded into a fresh base once they are many, so a long chain of events costs O(1) amortized per
// replaced value and lookups stay two Map reads.

/** Overrides kept before they are folded into a copy of the base. */
const FOLD_AT = 256;

export class PatchedMap<V> implements ReadonlyMap<string, V> {
  readonly #base: ReadonlyMap<string, V>;
  readonly #overrides: ReadonlyMap<string, V>;

  private constructor(base: ReadonlyMap<string, V>, overrides: ReadonlyMap<string, V>) {
    this.#base = base;
    this.#overrides = overrides;
  }

  /** `prev` with the values of `updates` (every key already in `prev`) replaced. */
  static of<V>(prev: ReadonlyMap<string, V>, updates: readonly (readonly [string, V])[]): ReadonlyMap<string, V> {
    if (updates.length === 0) return prev;
    const base = prev instanceof PatchedMap ? (prev.#base as ReadonlyMap<string, V>) : prev;
    const overrides = new Map(prev instanceof PatchedMap ? (prev.#overrides as ReadonlyMap<string, V>) : []);
    for (const [k, v] of updates) overrides.set(k, v);
    if (overrides.size < FOLD_AT) return new PatchedMap(base, overrides);
    const folded = new Map(base);
    for (const [k, v] of overrides) folded.set(k, v);
    return folded;
  }

  get size(): number {
    return this.#base.size;
  }

  get(key: string): V | undefined {
    const v = this.#overrides.get(key);
    return v !== undefined ? v : this.#base.get(key);
  }

  has(key: string): boolean {
    return this.#base.has(key);
  }

  *entries(): MapIterator<[string, V]> {
    for (const [k, v] of this.#base) yield [k, this.#overrides.get(k) ?? v];
  }

  *keys(): MapIterator<string> {
    yield* this.#base.keys();
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
