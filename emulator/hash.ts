// Small deterministic hashes (no runtime API): ClientIP affinity picks (traffic/affinity.ts) and the
// per-endpoint hashes the proxy views keep for them.

/** FNV-1a over the UTF-16 code units of `s`, from `seed`. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit finalizer (murmur3 fmix32): spreads neighbouring inputs over the whole range. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
