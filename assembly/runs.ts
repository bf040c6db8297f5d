// Set operations on pool runs (ascending endpoint indices).
import { P_POOL } from './abi';
import { at } from './params';

/** Run `b` contains endpoint index `e`: binary search, runs are ascending. */
function runHas(bStart: u32, bLen: u32, e: u32): bool {
  let lo: u32 = 0;
  let hi = bLen;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = at(P_POOL, bStart + mid);
    if (v == e) return true;
    if (v < e) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** Every index of run `a` is also in run `b`; O(|a| log |b|), and `a` is a node's few local endpoints. */
export function runWithin(aStart: u32, aLen: u32, bStart: u32, bLen: u32): bool {
  if (aLen > bLen) return false;
  for (let i: u32 = 0; i < aLen; i++) {
    if (!runHas(bStart, bLen, at(P_POOL, aStart + i))) return false;
  }
  return true;
}
