// route / drop / reject (docs/rules.md §6): no endpoint anywhere rejects; endpoints elsewhere but
// none usable from here drops.
import { VERDICT_ROUTE, VERDICT_DROP, VERDICT_REJECT } from './abi';

@inline export function verdict(hasAnyEndpoints: bool, usableHere: u32): u32 {
  if (!hasAnyEndpoints) return VERDICT_REJECT;
  return usableHere == 0 ? VERDICT_DROP : VERDICT_ROUTE;
}
