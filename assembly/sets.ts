// `prepare`: one pass-set over a Service port's endpoints that answers, once, every question a node
// can ask. Each candidate set (Ready, serving+terminating, Ready-hinted-for-zone z, Ready-hinted-for-
// node n, local-Ready on n, local-serving+terminating on n) becomes a run of endpoint indices in one
// pool, in endpoint (= "ip:port") order. A node's decision then only picks runs: O(1) per node.
//
// Per-zone and per-node rows are found by id in two tables; a row belongs to this prepare only when
// its stamp equals the current epoch, so the tables never need clearing between Service ports.
import {
  P_N, P_MINOR, P_ZONE_LIMIT, P_NODE_LIMIT, P_GATES, P_EP_COND, P_EP_NODE, P_EP_ZH_START, P_EP_ZH_IDS, P_EP_NH_START, P_EP_NH_IDS,
  P_EP_STATE, P_POOL, P_POOL_USED, P_ZONE_TABLE, P_NODE_TABLE, P_EPOCH, ZONE_COLS, NODE_COLS,
  STATE_READY, STATE_SERVING_TERMINATING, STATE_ZONE_HINTS, STATE_NODE_HINTS,
} from './abi';
import { param, setParam } from './params';
import { endpointState } from './conditions';

// Zone table columns.
const Z_STAMP: u32 = 0; //      epoch in which this row was counted
const Z_ALLOC: u32 = 1; //      epoch in which this row got its pool runs
const Z_READY: u32 = 2; //      Ready endpoints hinted for the zone
const Z_POS: u32 = 3; //        start of that run (fill cursor while filling)
const Z_HINTED_ANY: u32 = 4; //    endpoints (ready or not) hinted for the zone: the v1.21 filter
const Z_SEEN: u32 = 5; //       last endpoint counted, to ignore a zone named twice in one endpoint

// Node table columns.
const N_STAMP: u32 = 0;
const N_ALLOC: u32 = 1;
const N_LOCAL_READY: u32 = 2;
const N_LOCAL_READY_POS: u32 = 3;
const N_LOCAL_TERM: u32 = 4; //  local serving+terminating
const N_LOCAL_TERM_POS: u32 = 5;
const N_HINTED: u32 = 6; //      Ready endpoints hinted for the node
const N_HINTED_POS: u32 = 7;
const N_SEEN: u32 = 8;

// --- results of prepare, read by the deciders
export let readyStart: u32 = 0;
export let readyLen: u32 = 0;
export let servingTerminatingStart: u32 = 0;
export let servingTerminatingLen: u32 = 0;
/** Every Ready endpoint carries a zone hint (vacuously true with none). */
export let allReadyZoneHinted: bool = true;
/** Every Ready endpoint carries a node hint. */
export let allReadyNodeHinted: bool = true;
/** Every endpoint, ready or not, carries a zone hint: the v1.21 rule. */
export let allZoneHinted: bool = true;
let epoch: u32 = 0;

// Base addresses of this layout's arrays, read once per prepare: wasm globals, which the compiled
// loops keep in registers, where a load from the params block would be repeated on every access.
let zoneTable: usize = 0;
let nodeTable: usize = 0;
let condBase: usize = 0;
let stateBase: usize = 0;
let epNodeBase: usize = 0;
let zhStartBase: usize = 0;
let zhIdsBase: usize = 0;
let nhStartBase: usize = 0;
let nhIdsBase: usize = 0;
let poolBase: usize = 0;
let zoneLimitValue: u32 = 0;
let nodeLimitValue: u32 = 0;

@inline function u32At(base: usize, i: u32): u32 { return load<u32>(base + (<usize>i << 2)); }
@inline function u32Put(base: usize, i: u32, v: u32): void { store<u32>(base + (<usize>i << 2), v); }

@inline function zoneCell(z: u32, col: u32): usize {
  return zoneTable + ((z * ZONE_COLS + col) << 2);
}
@inline function nodeCell(n: u32, col: u32): usize {
  return nodeTable + ((n * NODE_COLS + col) << 2);
}
@inline function zoneGet(z: u32, col: u32): u32 { return load<u32>(zoneCell(z, col)); }
@inline function zoneSet(z: u32, col: u32, v: u32): void { store<u32>(zoneCell(z, col), v); }
@inline function nodeGet(n: u32, col: u32): u32 { return load<u32>(nodeCell(n, col)); }
@inline function nodeSet(n: u32, col: u32, v: u32): void { store<u32>(nodeCell(n, col), v); }

function touchZone(z: u32): void {
  if (zoneGet(z, Z_STAMP) != epoch) {
    zoneSet(z, Z_STAMP, epoch);
    zoneSet(z, Z_READY, 0);
    zoneSet(z, Z_HINTED_ANY, 0);
    zoneSet(z, Z_SEEN, 0);
  }
}

function touchNode(n: u32): void {
  if (nodeGet(n, N_STAMP) != epoch) {
    nodeSet(n, N_STAMP, epoch);
    nodeSet(n, N_LOCAL_READY, 0);
    nodeSet(n, N_LOCAL_TERM, 0);
    nodeSet(n, N_HINTED, 0);
    nodeSet(n, N_SEEN, 0);
  }
}

export function prepare(): void {
  const n = param(P_N);
  const minor = param(P_MINOR);
  const gates = param(P_GATES);
  epoch = param(P_EPOCH) + 1;
  setParam(P_EPOCH, epoch);
  zoneTable = param(P_ZONE_TABLE);
  nodeTable = param(P_NODE_TABLE);
  condBase = param(P_EP_COND);
  stateBase = param(P_EP_STATE);
  epNodeBase = param(P_EP_NODE);
  zhStartBase = param(P_EP_ZH_START);
  zhIdsBase = param(P_EP_ZH_IDS);
  nhStartBase = param(P_EP_NH_START);
  nhIdsBase = param(P_EP_NH_IDS);
  poolBase = param(P_POOL);
  zoneLimitValue = param(P_ZONE_LIMIT);
  nodeLimitValue = param(P_NODE_LIMIT);

  // Pass 1: state of every endpoint; counts per set.
  let ready: u32 = 0;
  let servTerm: u32 = 0;
  allReadyZoneHinted = true;
  allReadyNodeHinted = true;
  allZoneHinted = true;
  for (let i: u32 = 0; i < n; i++) {
    const zhFrom = u32At(zhStartBase, i);
    const zhTo = u32At(zhStartBase, i + 1);
    const nhFrom = u32At(nhStartBase, i);
    const nhTo = u32At(nhStartBase, i + 1);
    const state = endpointState(load<u8>(condBase + i), zhTo - zhFrom, nhTo - nhFrom, minor, gates);
    store<u8>(stateBase + i, state);
    const isReady = (state & STATE_READY) != 0;
    const isServTerm = (state & STATE_SERVING_TERMINATING) != 0;
    if (isReady) ready++;
    if (isServTerm) servTerm++;
    const hasZoneHints = (state & STATE_ZONE_HINTS) != 0;
    if (!hasZoneHints) {
      allZoneHinted = false;
      if (isReady) allReadyZoneHinted = false;
    } else {
      for (let k = zhFrom; k < zhTo; k++) {
        const z = u32At(zhIdsBase, k);
        touchZone(z);
        if (zoneGet(z, Z_SEEN) == i + 1) continue;
        zoneSet(z, Z_SEEN, i + 1);
        zoneSet(z, Z_HINTED_ANY, zoneGet(z, Z_HINTED_ANY) + 1);
        if (isReady) zoneSet(z, Z_READY, zoneGet(z, Z_READY) + 1);
      }
    }
    if (isReady && (state & STATE_NODE_HINTS) == 0) allReadyNodeHinted = false;
    if (isReady && (state & STATE_NODE_HINTS) != 0) {
      for (let k = nhFrom; k < nhTo; k++) {
        const h = u32At(nhIdsBase, k);
        touchNode(h);
        if (nodeGet(h, N_SEEN) == i + 1) continue;
        nodeSet(h, N_SEEN, i + 1);
        nodeSet(h, N_HINTED, nodeGet(h, N_HINTED) + 1);
      }
    }
    const node = u32At(epNodeBase, i);
    if (node != 0 && (isReady || isServTerm)) {
      touchNode(node);
      if (isReady) nodeSet(node, N_LOCAL_READY, nodeGet(node, N_LOCAL_READY) + 1);
      else nodeSet(node, N_LOCAL_TERM, nodeGet(node, N_LOCAL_TERM) + 1);
    }
  }

  // Pass 2: give every counted row its runs in the pool (run ends first: pass 3 fills backwards).
  readyStart = 0;
  readyLen = ready;
  servingTerminatingStart = ready;
  servingTerminatingLen = servTerm;
  let cursor: u32 = ready + servTerm;
  for (let i: u32 = 0; i < n; i++) {
    const state = load<u8>(stateBase + i);
    if ((state & STATE_ZONE_HINTS) != 0) {
      for (let k = u32At(zhStartBase, i), e = u32At(zhStartBase, i + 1); k < e; k++) {
        const z = u32At(zhIdsBase, k);
        if (zoneGet(z, Z_ALLOC) == epoch) continue;
        zoneSet(z, Z_ALLOC, epoch);
        cursor += zoneGet(z, Z_READY);
        zoneSet(z, Z_POS, cursor);
      }
    }
    if ((state & STATE_NODE_HINTS) != 0 && (state & STATE_READY) != 0) {
      for (let k = u32At(nhStartBase, i), e = u32At(nhStartBase, i + 1); k < e; k++) cursor = allocNode(u32At(nhIdsBase, k), cursor);
    }
    const node = u32At(epNodeBase, i);
    if (node != 0) cursor = allocNode(node, cursor);
  }

  setParam(P_POOL_USED, cursor);

  // Pass 3: fill every run backwards, so each ends up in ascending endpoint order.
  let readyPos = ready;
  let servTermPos = ready + servTerm;
  for (let i: i32 = <i32>n - 1; i >= 0; i--) {
    const e = <u32>i;
    const state = load<u8>(stateBase + e);
    const isReady = (state & STATE_READY) != 0;
    const isServTerm = (state & STATE_SERVING_TERMINATING) != 0;
    if (isReady) u32Put(poolBase, --readyPos, e);
    if (isServTerm) u32Put(poolBase, --servTermPos, e);
    if (isReady && (state & STATE_ZONE_HINTS) != 0) {
      for (let k = u32At(zhStartBase, e), end = u32At(zhStartBase, e + 1); k < end; k++) {
        const z = u32At(zhIdsBase, k);
        // Markers above n tell the fill pass's "already placed" apart from pass 1's counts.
        if (zoneGet(z, Z_SEEN) == n + 1 + e) continue;
        zoneSet(z, Z_SEEN, n + 1 + e);
        const pos = zoneGet(z, Z_POS) - 1;
        zoneSet(z, Z_POS, pos);
        u32Put(poolBase, pos, e);
      }
    }
    if (isReady && (state & STATE_NODE_HINTS) != 0) {
      for (let k = u32At(nhStartBase, e), end = u32At(nhStartBase, e + 1); k < end; k++) {
        const h = u32At(nhIdsBase, k);
        if (nodeGet(h, N_SEEN) == n + 1 + e) continue;
        nodeSet(h, N_SEEN, n + 1 + e);
        const pos = nodeGet(h, N_HINTED_POS) - 1;
        nodeSet(h, N_HINTED_POS, pos);
        u32Put(poolBase, pos, e);
      }
    }
    const node = u32At(epNodeBase, e);
    if (node != 0 && (isReady || isServTerm)) {
      const col = isReady ? N_LOCAL_READY_POS : N_LOCAL_TERM_POS;
      const pos = nodeGet(node, col) - 1;
      nodeSet(node, col, pos);
      u32Put(poolBase, pos, e);
    }
  }
}

function allocNode(node: u32, cursor: u32): u32 {
  // Only rows counted in pass 1 get runs; a row from an earlier epoch holds stale counts.
  if (nodeGet(node, N_STAMP) != epoch || nodeGet(node, N_ALLOC) == epoch) return cursor;
  nodeSet(node, N_ALLOC, epoch);
  cursor += nodeGet(node, N_LOCAL_READY);
  nodeSet(node, N_LOCAL_READY_POS, cursor);
  cursor += nodeGet(node, N_LOCAL_TERM);
  nodeSet(node, N_LOCAL_TERM_POS, cursor);
  cursor += nodeGet(node, N_HINTED);
  nodeSet(node, N_HINTED_POS, cursor);
  return cursor;
}

// --- lookups for the deciders: a set is (start, length) in the pool; unknown ids are empty.

@inline function zoneLimit(): u32 { return zoneLimitValue; }
@inline function nodeLimit(): u32 { return nodeLimitValue; }

export function zoneReadyLen(z: u32): u32 {
  return z < zoneLimit() && zoneGet(z, Z_STAMP) == epoch ? zoneGet(z, Z_READY) : 0;
}
export function zoneReadyStart(z: u32): u32 {
  return zoneGet(z, Z_POS);
}
export function zoneHintedAnyLen(z: u32): u32 {
  return z < zoneLimit() && zoneGet(z, Z_STAMP) == epoch ? zoneGet(z, Z_HINTED_ANY) : 0;
}
export function nodeHintedLen(n: u32): u32 {
  return n < nodeLimit() && nodeGet(n, N_STAMP) == epoch ? nodeGet(n, N_HINTED) : 0;
}
export function nodeHintedStart(n: u32): u32 {
  return nodeGet(n, N_HINTED_POS);
}
export function localReadyLen(n: u32): u32 {
  return n != 0 && n < nodeLimit() && nodeGet(n, N_STAMP) == epoch ? nodeGet(n, N_LOCAL_READY) : 0;
}
export function localReadyStart(n: u32): u32 {
  return nodeGet(n, N_LOCAL_READY_POS);
}
export function localTermLen(n: u32): u32 {
  return n != 0 && n < nodeLimit() && nodeGet(n, N_STAMP) == epoch ? nodeGet(n, N_LOCAL_TERM) : 0;
}
export function localTermStart(n: u32): u32 {
  return nodeGet(n, N_LOCAL_TERM_POS);
}
