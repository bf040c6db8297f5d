// One endpoint among a decision's candidates, as host/cluster/pick.ts picks (docs/rules.md §6): uniform,
// with ClientIP affinity first. Pins are kept per VM (Envoy runs one per worker thread) in a fixed
// table: a pin is honoured while younger than the Service's timeout and while its endpoint is still a
// candidate, refreshed by every pick, and keyed by the affinity scope and the client's IP — so pins
// survive image updates, as they survive snapshot swaps in tpe serve. A full probe window forgets its
// oldest pin (tpe serve forgets the oldest of all).
import { candidates, candidateKey, keyLength, portWord, image, PORT_AFFINITY, PORT_SCOPE } from './image';
import { bytesEqual } from './bytes';

let state: u64 = 0x9e3779b97f4a7c15;

export function seed(value: u64): void {
  state ^= value;
  if (state == 0) state = 0x9e3779b97f4a7c15;
}

/** xorshift64*: uniform enough for load spreading, and no host call per request. */
function next(): u64 {
  let x = state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  state = x;
  return x * 0x2545f4914f6cdd1d;
}

/** floor(random · n), as Picker does with Math.random. */
function uniform(n: u32): u32 {
  return <u32>(((next() >> 32) * <u64>n) >> 32);
}

const SLOTS: u32 = 2048;
const PROBES: u32 = 8;
const ENTRY: usize = 192;
const E_SEEN: usize = 0; //    u64 ms of the last pick; 0: free
const E_HASH: usize = 8;
const E_KEY_LEN: usize = 12; // u8
const E_EP_LEN: usize = 13; //  u8
const E_KEY: usize = 16; //     scope, NUL, client IP: up to 96 bytes
const E_EP: usize = 112; //     "ip:port": up to 64 bytes
const MAX_KEY: usize = 96;
let table: usize = 0;
const KEY: usize = memory.data(<i32>MAX_KEY);

function hash(ptr: usize, len: usize): u32 {
  let h: u32 = 2166136261;
  for (let i: usize = 0; i < len; i++) h = (h ^ load<u8>(ptr + i)) * 16777619;
  return h;
}

/** The candidate of port `p` whose key equals the bytes at `ep`, or -1. */
function candidateWithKey(p: u32, ep: usize, epLen: usize): i32 {
  const n = candidates(p);
  for (let i: u32 = 0; i < n; i++) {
    const key = candidateKey(p, i);
    if (bytesEqual(key, keyLength, ep, epLen)) return <i32>i;
  }
  return -1;
}

/** Allocates the pin table (at configuration: the request path never allocates). */
export function reserveAffinity(): void {
  if (table != 0) return;
  table = heap.alloc(<usize>SLOTS * ENTRY);
  memory.fill(table, 0, <usize>SLOTS * ENTRY);
}

/** The candidate index to route to; `client` may be 0 (no source address: no affinity). */
export function pick(p: u32, client: usize, clientLen: usize, nowMs: u64): u32 {
  const n = candidates(p);
  const timeout = portWord(p, PORT_AFFINITY);
  const scopeLen = <usize>portWord(p, PORT_SCOPE + 1);
  if (timeout == 0 || client == 0 || scopeLen + 1 + clientLen > MAX_KEY) return uniform(n);
  memory.copy(KEY, image + <usize>portWord(p, PORT_SCOPE), scopeLen);
  store<u8>(KEY + scopeLen, 0);
  memory.copy(KEY + scopeLen + 1, client, clientLen);
  const keyLen = scopeLen + 1 + clientLen;
  const h = hash(KEY, keyLen);
  let slot: usize = 0;
  let oldest: u64 = 0xffffffffffffffff;
  for (let k: u32 = 0; k < PROBES; k++) {
    const e = table + <usize>((h + k) & (SLOTS - 1)) * ENTRY;
    const seen = load<u64>(e + E_SEEN);
    if (seen != 0 && load<u32>(e + E_HASH) == h && bytesEqual(e + E_KEY, <usize>load<u8>(e + E_KEY_LEN), KEY, keyLen)) {
      slot = e;
      break;
    }
    if (seen < oldest) {
      oldest = seen;
      slot = e;
    }
  }
  let chosen: i32 = -1;
  const pinned = load<u64>(slot + E_SEEN) != 0 && load<u32>(slot + E_HASH) == h &&
    bytesEqual(slot + E_KEY, <usize>load<u8>(slot + E_KEY_LEN), KEY, keyLen);
  if (pinned && nowMs - load<u64>(slot + E_SEEN) < <u64>timeout * 1000) {
    chosen = candidateWithKey(p, slot + E_EP, <usize>load<u8>(slot + E_EP_LEN));
  }
  if (chosen < 0) chosen = <i32>uniform(n);
  const ep = candidateKey(p, <u32>chosen);
  store<u64>(slot + E_SEEN, nowMs == 0 ? 1 : nowMs);
  store<u32>(slot + E_HASH, h);
  store<u8>(slot + E_KEY_LEN, <u8>keyLen);
  memory.copy(slot + E_KEY, KEY, keyLen);
  store<u8>(slot + E_EP_LEN, <u8>keyLength);
  memory.copy(slot + E_EP, ep, keyLength);
  return <u32>chosen;
}
