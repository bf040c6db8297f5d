// ClientIP session affinity: kube-proxy pins a client address to one endpoint of a Service port, in
// each node's own affinity table (semantics.md §6: "ClientIP affinity rules first"). Which endpoint
// a client lands on first is random in a real cluster; here it is a seeded hash of the client's
// address, the node deciding and the Service port — the same input and seed give the same picks,
// another seed gives other picks, and the order flows are evaluated in does not matter.

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

/** The per-client part: seed, client address, deciding node. */
export function clientHash(seed: number, clientIP: string, node: string): number {
  return hashString(node, hashString(clientIP, mix32(seed ^ 0x9e3779b9)));
}

/** Index of the pinned endpoint among `count` usable ones. */
export function affinityPick(client: number, port: number, count: number): number {
  return mix32(client ^ port) % count;
}
