// The compiled cluster image (host/cluster/image.ts writes it; `tpe compile`, GET /v1/nodes/{node}/image)
// and the decisions this filter takes from it. Little-endian u32 words; offsets are from the image's
// start; u32 arrays are 4-aligned.
//   header   H_* words
//   ports    PORT_WORDS words each: one Service port as the engine reads it (assembly/abi.ts), its
//            endpoint keys ("ip:port"), ClientIP affinity, the two 503 bodies and the affinity scope
//   routes   ROUTE_WORDS words each, sorted by key bytes: `:authority` → port
// Loading validates every offset and id, then runs the engine's own `prepare` and `decide` for this
// node on every port, and keeps one decision per port: the request path only looks it up. The new
// image replaces the old one in a single step at the very end, so a load that fails (or traps)
// leaves the last good image answering.
import {
  PARAMS_PTR, PARAM_SLOTS, P_MINOR, P_GATES, P_SERVICE, P_ANN_HINTS, P_ANN_MODE, P_N, P_ZONE_LIMIT, P_NODE_LIMIT, P_M,
  P_EP_COND, P_EP_NODE, P_EP_ZH_START, P_EP_ZH_IDS, P_EP_NH_START, P_EP_NH_IDS, P_Q_NODE, P_Q_ZONE, P_OUT_FLAGS,
  P_OUT_CLUSTER_START, P_OUT_CLUSTER_LEN, P_OUT_LOCAL_START, P_OUT_LOCAL_LEN, P_EP_STATE, P_POOL, P_ZONE_TABLE,
  P_NODE_TABLE, P_EPOCH, ZONE_COLS, NODE_COLS, OUT_INTERNAL_SHIFT, OUT_INTERNAL_LOCAL, OUT_EXTERNAL, OUT_EXTERNAL_SHIFT,
  OUT_EXTERNAL_LOCAL,
} from '../../../assembly/abi';
import { setParam } from '../../../assembly/params';
import { prepare } from '../../../assembly/sets';
import { decide } from '../../../assembly/index';
import { bytesEqual } from './bytes';

export const IMAGE_MAGIC: u32 = 0x49455054; // "TPEI"
export const IMAGE_VERSION: u32 = 1;
const H_MAGIC: u32 = 0;
const H_VERSION: u32 = 1;
const H_LENGTH: u32 = 2;
const H_MODE: u32 = 3;
const H_NODE: u32 = 4; //         off, len
const H_QUERY_NODE: u32 = 6;
const H_QUERY_ZONE: u32 = 7;
const H_ZONE_LIMIT: u32 = 8;
const H_NODE_LIMIT: u32 = 9;
const H_PORTS: u32 = 10; //       count, off
const H_ROUTES: u32 = 12; //      count, off
export const H_REVISION: u32 = 14;
const H_WORDS: u32 = 16;

const PORT_MINOR: u32 = 0; //     then gates, service, annHints, annMode
const PORT_N: u32 = 5;
const PORT_ZH: u32 = 6;
const PORT_NH: u32 = 7;
const PORT_COND: u32 = 8; //      u8[n]
const PORT_EP_NODE: u32 = 9; //   u32[n]
const PORT_ZH_START: u32 = 10; // u32[n+1]
const PORT_ZH_IDS: u32 = 11; //   u32[zh]
const PORT_NH_START: u32 = 12; // u32[n+1]
const PORT_NH_IDS: u32 = 13; //   u32[nh]
const PORT_KEYS: u32 = 14; //     u32[2n]: off, len of each endpoint's "ip:port"
export const PORT_AFFINITY: u32 = 15; // ClientIP timeout in seconds, 0: no affinity
export const PORT_DROP_BODY: u32 = 16; //   off, len
export const PORT_REJECT_BODY: u32 = 18; // off, len
export const PORT_SCOPE: u32 = 20; //       off, len: the affinity scope (Service, port, family)
const PORT_WORDS: u32 = 22;
const ROUTE_WORDS: u32 = 3; //    key off, key len, port

export const VERDICT_ROUTE: u32 = 0;
export const VERDICT_DROP: u32 = 1;
export const VERDICT_REJECT: u32 = 2;
export const VERDICT_NONE: u32 = 3; // the port has no traffic of this filter's mode: pass through

const MAX_KEY: u32 = 255;

// --- the image answering now, and its decisions: per port verdict, list start, list length; then the lists
export let image: usize = 0;
let decisions: usize = 0;

/** Why the last load was refused. */
export let loadError: string = '';

@inline function word(base: usize, i: u32): u32 { return load<u32>(base + (<usize>i << 2)); }
@inline function portAt(img: usize, p: u32): usize { return img + <usize>word(img, H_PORTS + 1) + <usize>p * PORT_WORDS * 4; }
@inline function routeAt(img: usize, r: u32): usize { return img + <usize>word(img, H_ROUTES + 1) + <usize>r * ROUTE_WORDS * 4; }

/** Bytes [off, off + count·size) lie inside the image (and u32 arrays are aligned). */
function fits(len: usize, off: u32, count: u32, size: u32): bool {
  if (size == 4 && (off & 3) != 0) return false;
  return <u64>off + <u64>count * <u64>size <= <u64>len;
}

function refuse(message: string): bool {
  loadError = message;
  return false;
}

/** Every id below its limit and the CSR starts ascending from 0 to `total`. */
function validCsr(img: usize, startOff: u32, n: u32, idsOff: u32, total: u32, limit: u32): bool {
  const start = img + <usize>startOff;
  if (word(start, 0) != 0 || word(start, n) != total) return false;
  for (let i: u32 = 0; i < n; i++) if (word(start, i) > word(start, i + 1)) return false;
  const ids = img + <usize>idsOff;
  for (let k: u32 = 0; k < total; k++) if (word(ids, k) >= limit) return false;
  return true;
}

function validate(img: usize, len: usize, nodePtr: usize, nodeLen: usize, mode: u32): bool {
  if (len < H_WORDS * 4 || word(img, H_MAGIC) != IMAGE_MAGIC) return refuse('not a tpe image (bad magic): expected the output of tpe compile');
  if (word(img, H_VERSION) != IMAGE_VERSION) return refuse('image format version is not 1: compile it with the tpe release this filter comes from');
  if (<usize>word(img, H_LENGTH) != len) return refuse('image is truncated or has trailing bytes (its length field disagrees)');
  if (!fits(len, word(img, H_NODE), word(img, H_NODE + 1), 1)) return refuse('image node name is out of bounds');
  if (!bytesEqual(img + <usize>word(img, H_NODE), <usize>word(img, H_NODE + 1), nodePtr, nodeLen)) {
    return refuse('image was compiled for another node than the configured one (tpe compile --node)');
  }
  if (word(img, H_MODE) != mode) return refuse('image was compiled for the other mode (tpe compile --mode internal|external)');
  const zoneLimit = word(img, H_ZONE_LIMIT);
  const nodeLimit = word(img, H_NODE_LIMIT);
  if (zoneLimit == 0 || nodeLimit == 0 || zoneLimit > 0x100000 || nodeLimit > 0x100000) return refuse('image zone or node limit is out of range');
  if (word(img, H_QUERY_NODE) >= nodeLimit || word(img, H_QUERY_ZONE) >= zoneLimit) return refuse('image node or zone id is out of range');
  const ports = word(img, H_PORTS);
  if (!fits(len, word(img, H_PORTS + 1), ports, PORT_WORDS * 4)) return refuse('image port table is out of bounds');
  for (let p: u32 = 0; p < ports; p++) {
    const port = portAt(img, p);
    const n = word(port, PORT_N);
    const zh = word(port, PORT_ZH);
    const nh = word(port, PORT_NH);
    if (n > 0x1000000 || zh > 0x1000000 || nh > 0x1000000) return refuse('image port is too large');
    if (
      !fits(len, word(port, PORT_COND), n, 1) || !fits(len, word(port, PORT_EP_NODE), n, 4) ||
      !fits(len, word(port, PORT_ZH_START), n + 1, 4) || !fits(len, word(port, PORT_ZH_IDS), zh, 4) ||
      !fits(len, word(port, PORT_NH_START), n + 1, 4) || !fits(len, word(port, PORT_NH_IDS), nh, 4) ||
      !fits(len, word(port, PORT_KEYS), n * 2, 4) ||
      !fits(len, word(port, PORT_DROP_BODY), word(port, PORT_DROP_BODY + 1), 1) ||
      !fits(len, word(port, PORT_REJECT_BODY), word(port, PORT_REJECT_BODY + 1), 1) ||
      !fits(len, word(port, PORT_SCOPE), word(port, PORT_SCOPE + 1), 1)
    ) {
      return refuse('image port arrays are out of bounds');
    }
    const epNode = img + <usize>word(port, PORT_EP_NODE);
    for (let i: u32 = 0; i < n; i++) if (word(epNode, i) >= nodeLimit) return refuse('image endpoint node id is out of range');
    if (!validCsr(img, word(port, PORT_ZH_START), n, word(port, PORT_ZH_IDS), zh, zoneLimit)) return refuse('image zone hints are malformed');
    if (!validCsr(img, word(port, PORT_NH_START), n, word(port, PORT_NH_IDS), nh, nodeLimit)) return refuse('image node hints are malformed');
    const keys = img + <usize>word(port, PORT_KEYS);
    for (let i: u32 = 0; i < n; i++) {
      const keyLen = word(keys, 2 * i + 1);
      if (keyLen == 0 || keyLen > 64 || !fits(len, word(keys, 2 * i), keyLen, 1)) return refuse('image endpoint key is out of bounds');
    }
  }
  const routes = word(img, H_ROUTES);
  if (!fits(len, word(img, H_ROUTES + 1), routes, ROUTE_WORDS * 4)) return refuse('image route table is out of bounds');
  for (let r: u32 = 0; r < routes; r++) {
    const route = routeAt(img, r);
    const keyLen = word(route, 1);
    if (keyLen == 0 || keyLen > MAX_KEY || !fits(len, word(route, 0), keyLen, 1) || word(route, 2) >= ports) {
      return refuse('image route is out of bounds');
    }
    if (r > 0) {
      const prev = routeAt(img, r - 1);
      if (compareKey(img, prev, img + <usize>word(route, 0), <usize>keyLen) >= 0) return refuse('image routes are not sorted');
    }
  }
  return true;
}

function compareKey(img: usize, route: usize, key: usize, keyLen: usize): i32 {
  const a = img + <usize>word(route, 0);
  const aLen = <usize>word(route, 1);
  const n = aLen < keyLen ? aLen : keyLen;
  const c = memory.compare(a, key, n);
  if (c != 0) return c < 0 ? -1 : 1;
  return aLen == keyLen ? 0 : aLen < keyLen ? -1 : 1;
}

/** Runs the engine on every port for this image's node; the decisions block, or 0 when out of memory. */
function decideAll(img: usize): usize {
  const ports = word(img, H_PORTS);
  const zoneLimit = word(img, H_ZONE_LIMIT);
  const nodeLimit = word(img, H_NODE_LIMIT);
  const external = word(img, H_MODE) == 1;
  let maxN: u32 = 0;
  let maxPool: u32 = 0;
  let totalN: u32 = 0;
  for (let p: u32 = 0; p < ports; p++) {
    const port = portAt(img, p);
    const n = word(port, PORT_N);
    const pool: u32 = 4 * n + word(port, PORT_ZH) + word(port, PORT_NH);
    if (n > maxN) maxN = n;
    if (pool > maxPool) maxPool = pool;
    totalN += n;
  }
  const zoneBytes = <usize>zoneLimit * ZONE_COLS * 4;
  const nodeBytes = <usize>nodeLimit * NODE_COLS * 4;
  const stateBytes = (<usize>maxN + 3) & ~3;
  const scratch = heap.alloc(zoneBytes + nodeBytes + stateBytes + <usize>maxPool * 4 + 7 * 4);
  const zoneTable = scratch;
  const nodeTable = zoneTable + zoneBytes;
  const state = nodeTable + nodeBytes;
  const pool = state + stateBytes;
  const io = pool + <usize>maxPool * 4;
  memory.fill(scratch, 0, zoneBytes + nodeBytes);
  const out = heap.alloc(<usize>(ports * 3 + totalN) * 4 + 4);
  const lists = out + <usize>ports * 12;
  let listed: u32 = 0;

  memory.fill(PARAMS_PTR, 0, PARAM_SLOTS * 4);
  setParam(P_ZONE_LIMIT, zoneLimit);
  setParam(P_NODE_LIMIT, nodeLimit);
  setParam(P_M, 1);
  setParam(P_EP_STATE, <u32>state);
  setParam(P_POOL, <u32>pool);
  setParam(P_ZONE_TABLE, <u32>zoneTable);
  setParam(P_NODE_TABLE, <u32>nodeTable);
  setParam(P_Q_NODE, <u32>io);
  setParam(P_Q_ZONE, <u32>io + 4);
  setParam(P_OUT_FLAGS, <u32>io + 8);
  setParam(P_OUT_CLUSTER_START, <u32>io + 12);
  setParam(P_OUT_CLUSTER_LEN, <u32>io + 16);
  setParam(P_OUT_LOCAL_START, <u32>io + 20);
  setParam(P_OUT_LOCAL_LEN, <u32>io + 24);
  setParam(P_EPOCH, 0);
  store<u32>(io, word(img, H_QUERY_NODE));
  store<u32>(io + 4, word(img, H_QUERY_ZONE));
  for (let p: u32 = 0; p < ports; p++) {
    const port = portAt(img, p);
    for (let k: u32 = 0; k < 5; k++) setParam(P_MINOR + k, word(port, PORT_MINOR + k));
    setParam(P_N, word(port, PORT_N));
    setParam(P_EP_COND, <u32>img + word(port, PORT_COND));
    setParam(P_EP_NODE, <u32>img + word(port, PORT_EP_NODE));
    setParam(P_EP_ZH_START, <u32>img + word(port, PORT_ZH_START));
    setParam(P_EP_ZH_IDS, <u32>img + word(port, PORT_ZH_IDS));
    setParam(P_EP_NH_START, <u32>img + word(port, PORT_NH_START));
    setParam(P_EP_NH_IDS, <u32>img + word(port, PORT_NH_IDS));
    prepare();
    decide();
    const flags = load<u32>(io + 8);
    let verdict: u32;
    let useLocal: bool;
    if (external) {
      verdict = (flags & OUT_EXTERNAL) != 0 ? (flags >>> OUT_EXTERNAL_SHIFT) & 3 : VERDICT_NONE;
      useLocal = (flags & OUT_EXTERNAL_LOCAL) != 0;
    } else {
      verdict = (flags >>> OUT_INTERNAL_SHIFT) & 3;
      useLocal = (flags & OUT_INTERNAL_LOCAL) != 0;
    }
    const start = load<u32>(io + (useLocal ? 20 : 12));
    const count = verdict == VERDICT_ROUTE ? load<u32>(io + (useLocal ? 24 : 16)) : 0;
    const entry = out + <usize>p * 12;
    store<u32>(entry, verdict);
    store<u32>(entry + 4, listed);
    store<u32>(entry + 8, count);
    memory.copy(lists + <usize>listed * 4, pool + <usize>start * 4, <usize>count * 4);
    listed += count;
  }
  heap.free(scratch);
  return out;
}

/**
 * Validates the image at `img` (a heap allocation of `len` bytes) for this node and mode, decides every
 * port and makes it the image answering. On success the filter owns `img` (the old image is freed);
 * on failure `loadError` says why and the caller still owns `img`.
 */
export function loadImage(img: usize, len: usize, nodePtr: usize, nodeLen: usize, mode: u32): bool {
  if (!validate(img, len, nodePtr, nodeLen, mode)) return false;
  const fresh = decideAll(img);
  const oldImage = image;
  const oldDecisions = decisions;
  // The swap: two stores, after everything above succeeded.
  image = img;
  decisions = fresh;
  if (oldImage != 0) heap.free(oldImage);
  if (oldDecisions != 0) heap.free(oldDecisions);
  return true;
}

// --- the request path

/** The port an `:authority` names (already lower-cased), or -1. */
export function findPort(key: usize, keyLen: usize): i32 {
  const img = image;
  let lo: u32 = 0;
  let hi = word(img, H_ROUTES);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const route = routeAt(img, mid);
    const c = compareKey(img, route, key, keyLen);
    if (c == 0) return <i32>word(route, 2);
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

@inline export function verdictOf(p: u32): u32 { return word(decisions + <usize>p * 12, 0); }
@inline export function candidates(p: u32): u32 { return word(decisions + <usize>p * 12, 2); }

/** Endpoint index of candidate `i` of port `p`. */
@inline function candidate(p: u32, i: u32): u32 {
  const ports = word(image, H_PORTS);
  return word(decisions + <usize>ports * 12, word(decisions + <usize>p * 12, 1) + i);
}

/** The "ip:port" of candidate `i` of port `p`: pointer, and its length in `keyLength`. */
export let keyLength: usize = 0;
export function candidateKey(p: u32, i: u32): usize {
  const keys = image + <usize>word(portAt(image, p), PORT_KEYS);
  const e = candidate(p, i);
  keyLength = <usize>word(keys, 2 * e + 1);
  return image + <usize>word(keys, 2 * e);
}

/** A port's field (PORT_AFFINITY, or the offset / length halves of a body or the scope). */
@inline export function portWord(p: u32, slot: u32): u32 { return word(portAt(image, p), slot); }
@inline export function imageWord(slot: u32): u32 { return word(image, slot); }

/** Drops the image (a new configuration for another node or mode, without an image of its own). */
export function unloadImage(): void {
  if (image != 0) heap.free(image);
  if (decisions != 0) heap.free(decisions);
  image = 0;
  decisions = 0;
}

/** The loaded image was compiled for this node and mode. */
export function imageMatches(nodePtr: usize, nodeLen: usize, mode: u32): bool {
  return image != 0 && word(image, H_MODE) == mode &&
    bytesEqual(image + <usize>word(image, H_NODE), <usize>word(image, H_NODE + 1), nodePtr, nodeLen);
}
