// ClientIP session affinity: kube-proxy pins a client address to one endpoint of a Service port, in
// each node's own affinity table (docs/rules.md §6: "ClientIP affinity rules first"), for as long as
// that endpoint stays usable. Which endpoint a client lands on first is random in a real cluster;
// here it is seeded rendezvous hashing over the client's address, the node deciding, the Service
// port and each endpoint's address: the same input and seed give the same picks, another seed other
// picks, the order flows are evaluated in does not matter — and when endpoints come or go only the
// clients of a vanished endpoint move, as with a real affinity table.
import { hashString, mix32 } from '../hash.js';

/** The per-client part: seed, client address, deciding node. */
export function clientHash(seed: number, clientIP: string, node: string): number {
  return hashString(node, hashString(clientIP, mix32(seed ^ 0x9e3779b9)));
}

/**
 * The pinned endpoint among the usable ones (`run`, endpoint indices): the one whose hash with the
 * client and port is highest. `endpointHash` holds each endpoint's address hash.
 */
export function affinityPick(client: number, port: number, run: Uint32Array, endpointHash: Uint32Array): number {
  const key = client ^ port;
  let best = run[0]!;
  let bestScore = -1;
  for (let k = 0; k < run.length; k++) {
    const e = run[k]!;
    const score = mix32(key ^ endpointHash[e]!);
    if (score > bestScore) {
      bestScore = score;
      best = e;
    }
  }
  return best;
}
